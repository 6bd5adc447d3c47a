//! Reading a template from its files: the embedded built-ins or a folder on disk.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use serde_json::Value;
use sotay_model::TemplateSummary;

use crate::manifest::Manifest;
use crate::values::toml_to_json;

include!(concat!(env!("OUT_DIR"), "/builtin_files.rs"));

pub(crate) const MANIFEST: &str = "template.toml";
pub(crate) const SAMPLE_VARS: &str = "sample-vars.toml";
pub(crate) const CHECKLIST: &str = "checklist.toml";

/// A template that could not be read, with the file and, when known, line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    /// Path relative to the template folder (or the folder itself).
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(l) = self.line {
            write!(f, ":{l}")?;
            if let Some(c) = self.column {
                write!(f, ":{c}")?;
            }
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for TemplateError {}

/// A loaded template: its manifest, chapter sources and sample values.
#[derive(Debug, Clone)]
pub struct Template {
    pub manifest: Manifest,
    /// Chapter sources by chapter key, in manifest order.
    pub chapters: Vec<(String, String)>,
    /// The sample variables (`sample-vars.toml`) as a JSON object.
    pub sample_vars: Value,
    /// The pilot-verification checklist (`checklist.toml`), when the template ships one.
    pub checklist: Option<sotay_model::checklist::Checklist>,
    pub builtin: bool,
}

impl Template {
    /// Reads a template from `files` (path relative to the template folder → contents).
    pub fn from_files(
        files: &BTreeMap<String, String>,
        builtin: bool,
    ) -> Result<Self, TemplateError> {
        let text = |name: &str| {
            files.get(name).ok_or_else(|| TemplateError {
                file: name.to_owned(),
                line: None,
                column: None,
                message: "file is missing".to_owned(),
            })
        };
        let manifest_text = text(MANIFEST)?;
        let manifest: Manifest =
            toml::from_str(manifest_text).map_err(|e| toml_error(MANIFEST, manifest_text, &e))?;
        let sample_text = text(SAMPLE_VARS)?;
        let sample: toml::Value =
            toml::from_str(sample_text).map_err(|e| toml_error(SAMPLE_VARS, sample_text, &e))?;
        let chapters = manifest
            .chapters
            .iter()
            .map(|c| Ok((c.key.clone(), sotay_model::text::nfc(text(&c.file)?))))
            .collect::<Result<_, TemplateError>>()?;
        let checklist = match files.get(CHECKLIST) {
            None => None,
            Some(t) => Some(toml::from_str(t).map_err(|e| toml_error(CHECKLIST, t, &e))?),
        };
        Ok(Template {
            manifest,
            chapters,
            checklist,
            sample_vars: toml_to_json(&sample),
            builtin,
        })
    }

    pub fn id(&self) -> &str {
        &self.manifest.id
    }

    /// The catalogue entry shown in lists.
    pub fn summary(&self) -> TemplateSummary {
        TemplateSummary {
            id: self.manifest.id.clone(),
            name: self.manifest.name.clone(),
            description: self.manifest.description.clone(),
            version: self.manifest.version.clone(),
            category: self.manifest.category.as_str().to_owned(),
            chapter_count: self.manifest.chapters.len() as u32,
            variable_count: self.manifest.variables.len() as u32,
            builtin: self.builtin,
        }
    }
}

/// The templates shipped with Sotay, sorted by id.
pub fn builtin() -> Result<Vec<Template>, TemplateError> {
    let mut by_template: BTreeMap<&str, BTreeMap<String, String>> = BTreeMap::new();
    for (path, contents) in BUILTIN_FILES {
        if let Some((id, rel)) = path.split_once('/') {
            by_template
                .entry(id)
                .or_default()
                .insert(rel.to_owned(), (*contents).to_owned());
        }
    }
    by_template
        .values()
        .filter(|files| files.contains_key(MANIFEST))
        .map(|files| Template::from_files(files, true))
        .collect()
}

/// Reads a template folder's `.toml` and `.md` files (path relative to the folder → text),
/// listing files that are not UTF-8 separately.
pub fn read_dir_files(dir: &Path) -> std::io::Result<(BTreeMap<String, String>, Vec<String>)> {
    let mut files = BTreeMap::new();
    let mut unreadable = Vec::new();
    read_tree(dir, dir, &mut files, &mut unreadable)?;
    Ok((files, unreadable))
}

/// Reads a user-made template from a folder on disk.
pub fn load_dir(dir: &Path) -> Result<Template, TemplateError> {
    let mut files = BTreeMap::new();
    let mut unreadable = Vec::new();
    read_tree(dir, dir, &mut files, &mut unreadable).map_err(|e| TemplateError {
        file: dir.display().to_string(),
        line: None,
        column: None,
        message: e.to_string(),
    })?;
    Template::from_files(&files, false)
}

fn read_tree(
    root: &Path,
    dir: &Path,
    files: &mut BTreeMap<String, String>,
    unreadable: &mut Vec<String>,
) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let kind = entry.file_type()?;
        if kind.is_dir() {
            read_tree(root, &path, files, unreadable)?;
        } else if kind.is_file()
            && matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("toml" | "md")
            )
        {
            let rel = path
                .strip_prefix(root)
                .map_err(std::io::Error::other)?
                .to_string_lossy()
                .replace('\\', "/");
            let bytes = std::fs::read(&path)?;
            match String::from_utf8(bytes) {
                Ok(text) => {
                    let text = match sotay_model::text::strip_bom(&text) {
                        t if t.len() == text.len() => text,
                        t => t.to_owned(),
                    };
                    files.insert(rel, text);
                }
                Err(_) => unreadable.push(rel),
            }
        }
    }
    Ok(())
}

pub(crate) fn toml_error(file: &str, text: &str, e: &toml::de::Error) -> TemplateError {
    let (line, column) = match e.span() {
        Some(span) => {
            let before = &text[..span.start.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            (Some(line), Some(column))
        }
        None => (None, None),
    };
    TemplateError {
        file: file.to_owned(),
        line,
        column,
        message: e.message().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minimal() -> BTreeMap<String, String> {
        let mut files = BTreeMap::new();
        files.insert(
            "template.toml".into(),
            r#"id = "thu"
version = "0.1.0"
category = "crop"
title = "Sổ tay {{ product.name }}"
name = { vi = "Thử", en = "Test" }

[[chapters]]
key = "mot"
file = "chapters/01.md"
level = "M"
title = { vi = "Một", en = "One" }
"#
            .into(),
        );
        files.insert(
            "sample-vars.toml".into(),
            "[product]\nname = \"Gạo\"\n".into(),
        );
        files.insert(
            "chapters/01.md".into(),
            "# Một\n{{ product.name }}\n".into(),
        );
        files
    }

    #[test]
    fn reads_a_minimal_template() {
        let t = Template::from_files(&minimal(), false).unwrap();
        assert_eq!(t.id(), "thu");
        assert_eq!(t.chapters[0].0, "mot");
        assert_eq!(t.summary().chapter_count, 1);
    }

    #[test]
    fn manifest_errors_have_line_and_column() {
        let mut files = minimal();
        files.insert(
            "template.toml".into(),
            "id = \"thu\"\nversion = \"0.1.0\"\ncategory = \"fruit\"\n".into(),
        );
        let e = Template::from_files(&files, false).unwrap_err();
        assert_eq!(
            (e.file.as_str(), e.line, e.column),
            ("template.toml", Some(3), Some(12))
        );
    }

    #[test]
    fn a_missing_chapter_file_is_named() {
        let mut files = minimal();
        files.remove("chapters/01.md");
        let e = Template::from_files(&files, false).unwrap_err();
        assert_eq!(e.file, "chapters/01.md");
    }

    #[test]
    fn every_builtin_template_loads_and_renders_with_its_sample_values() {
        let templates = builtin().unwrap();
        assert!(!templates.is_empty(), "no built-in templates embedded");
        for t in &templates {
            for (key, source) in &t.chapters {
                crate::render(source, &t.sample_vars)
                    .unwrap_or_else(|e| panic!("{}/{key}: {e}", t.id()));
            }
            let checklist = t
                .checklist
                .as_ref()
                .expect("built-in templates ship a checklist");
            assert_eq!(checklist.items.len(), 49, "{}", t.id());
            let problems = crate::validate_vars(&t.manifest.variables, &t.sample_vars);
            assert!(problems.is_empty(), "{}: {problems:#?}", t.id());
        }
    }
}
