//! `sotay template check DIR`: every problem of a template folder, each with file:line:column —
//! the manifest, the sample values, and every chapter rendered with them.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;
use sotay_model::diagnostic::line_col;
use sotay_model::{Diagnostic, Severity, VariableKind};

use crate::load::{toml_error, CHECKLIST, MANIFEST, SAMPLE_VARS};
use crate::manifest::Manifest;
use crate::{render, validate_vars, RenderError, RenderErrorKind, Template, MAX_NESTING};

/// Variables every template must define (docs/templates.md).
pub const CORE_VARIABLES: &[&str] = &[
    "product.name",
    "product.gtin",
    "organization.name",
    "organization.gln",
    "province.name",
    "issuing_body",
];

/// A chapter rendered with the template's sample values, for the Markdown-level checks.
#[derive(Debug, Clone)]
pub struct RenderedChapter {
    /// Path in the template folder, e.g. `chapters/05-dinh-danh.md`.
    pub file: String,
    pub key: String,
    pub source: String,
    pub rendered: String,
}

/// What checking a template found.
#[derive(Debug, Clone, Default)]
pub struct TemplateCheck {
    /// The template, when its manifest could be read.
    pub template: Option<Template>,
    pub diagnostics: Vec<Diagnostic>,
    pub rendered: Vec<RenderedChapter>,
}

/// A Tera error as a diagnostic at its line and column. Undefined variables (which Tera reports
/// without a position) are found in the source by name.
pub fn render_diagnostic(e: &RenderError, source: &str, file: Option<&str>) -> Diagnostic {
    let undefined = e
        .message
        .split("Variable `")
        .nth(1)
        .and_then(|r| r.split('`').next())
        .map(str::to_owned);
    let (line, column) = match (e.line, &undefined) {
        (Some(l), _) => (Some(l as u32), e.column.map(|c| c as u32)),
        (None, Some(name)) => match find_expression(source, name) {
            Some(at) => {
                let (l, c) = line_col(source, at);
                (Some(l), Some(c))
            }
            None => (None, None),
        },
        _ => (None, None),
    };
    let d = match &undefined {
        Some(name) => Diagnostic::error(
            "tera.undefined",
            format!("Biến “{name}” chưa được khai báo hoặc chưa có giá trị."),
            format!("The variable “{name}” is not defined or has no value."),
        )
        .hint(
            "Sửa tên cho đúng một biến của mẫu (xem tab Biến), hoặc nhập giá trị cho biến đó.",
            "Fix the name to match one of the template's variables (see the Variables tab), or give that variable a value.",
        )
        .for_key(name.clone()),
        None if e.kind == RenderErrorKind::TooDeep => Diagnostic::error(
            "tera.nesting",
            format!("Biểu thức lồng quá {MAX_NESTING} cấp ngoặc."),
            format!("An expression is nested more than {MAX_NESTING} levels of brackets deep."),
        )
        .hint(
            "Tách biểu thức thành nhiều bước bằng {% set tên = … %} rồi dùng tên đó.",
            "Split the expression into steps with {% set name = … %} and use that name.",
        ),
        None if e.kind == RenderErrorKind::RecursiveMacro => Diagnostic::error(
            "tera.recursion",
            "Một macro tự gọi lại chính nó (trực tiếp hoặc qua macro khác).".to_owned(),
            "A macro calls itself (directly or through other macros).".to_owned(),
        )
        .hint(
            "Sotay không cho phép macro đệ quy: viết lại bằng vòng lặp {% for %}.",
            "Sotay does not allow recursive macros: rewrite it with a {% for %} loop.",
        ),
        None => Diagnostic::error(
            "tera.syntax",
            format!("Lỗi mẫu Tera: {}", e.message),
            format!("Tera template error: {}", e.message),
        )
        .hint(
            "Kiểm tra các cặp {{ }} và {% %}, {% if %}…{% endif %}, {% for %}…{% endfor %}.",
            "Check the {{ }} and {% %} pairs, {% if %}…{% endif %}, {% for %}…{% endfor %}.",
        ),
    };
    let d = d.at(line, column);
    match file {
        Some(f) => d.in_file(f),
        None => d,
    }
}

/// Byte offset of `name` used inside `{{ … }}` or `{% … %}` in a Tera source.
fn find_expression(source: &str, name: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = source[from..].find(name) {
        let at = from + i;
        let before = &source[..at];
        let open = before.rfind("{{").max(before.rfind("{%"));
        let close = before.rfind("}}").max(before.rfind("%}"));
        let is_word = |c: char| c.is_alphanumeric() || c == '_' || c == '.';
        let word_start = !before.chars().next_back().is_some_and(is_word);
        let word_end = !source[at + name.len()..]
            .chars()
            .next()
            .is_some_and(is_word);
        if open.is_some() && open > close && word_start && word_end {
            return Some(at);
        }
        from = at + name.len();
    }
    None
}

/// 1-based position of the first occurrence of `needle` in `text` (after byte `from`).
fn position_of(text: &str, needle: &str, from: usize) -> (Option<u32>, Option<u32>) {
    match text.get(from..).and_then(|t| t.find(needle)) {
        Some(i) => {
            let (l, c) = line_col(text, from + i);
            (Some(l), Some(c))
        }
        None => (None, None),
    }
}

/// Where the value of a variable `a.b.c` is written in `sample-vars.toml` (best effort).
fn sample_position(text: &str, key: &str) -> (Option<u32>, Option<u32>) {
    let base = key.split('[').next().unwrap_or(key);
    let mut parts: Vec<&str> = base.split('.').collect();
    while let Some(last) = parts.pop() {
        for line_start in std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)) {
            let line = &text[line_start..];
            let trimmed = line.trim_start();
            let header = format!(
                "[{}]",
                parts
                    .iter()
                    .chain([&last])
                    .copied()
                    .collect::<Vec<_>>()
                    .join(".")
            );
            let array_header = format!("[{header}]");
            if trimmed.starts_with(&format!("{last} ="))
                || trimmed.starts_with(&format!("{last}="))
                || trimmed.starts_with(&header)
                || trimmed.starts_with(&array_header)
            {
                let (l, c) = line_col(text, line_start + (line.len() - trimmed.len()));
                return (Some(l), Some(c));
            }
        }
    }
    (None, None)
}

/// Checks a template given as its files (path → contents). `unreadable` lists files that are
/// not valid UTF-8.
pub fn check_files(files: &BTreeMap<String, String>, unreadable: &[String]) -> TemplateCheck {
    let mut out = TemplateCheck::default();
    let diags = &mut out.diagnostics;
    for f in unreadable {
        diags.push(
            Diagnostic::error(
                "file.encoding",
                "Tệp không phải văn bản UTF-8.",
                "The file is not UTF-8 text.",
            )
            .in_file(f.clone()),
        );
    }
    let Some(manifest_text) = files.get(MANIFEST) else {
        diags.push(
            Diagnostic::error(
                "template.no_manifest",
                "Thiếu tệp template.toml: thư mục này không phải là mẫu sổ tay.",
                "template.toml is missing: this folder is not a handbook template.",
            )
            .in_file(MANIFEST),
        );
        return out;
    };
    let manifest: Manifest = match toml::from_str(manifest_text) {
        Ok(m) => m,
        Err(e) => {
            let te = toml_error(MANIFEST, manifest_text, &e);
            diags.push(
                Diagnostic::error(
                    "toml.syntax",
                    format!("template.toml không đọc được: {}", te.message),
                    format!("template.toml cannot be read: {}", te.message),
                )
                .in_file(MANIFEST)
                .at(te.line.map(|l| l as u32), te.column.map(|c| c as u32)),
            );
            return out;
        }
    };
    let at = |needle: &str| position_of(manifest_text, needle, 0);
    let manifest_diag = |code: &str, vi: String, en: String, needle: &str| {
        let (l, c) = position_of(manifest_text, needle, 0);
        Diagnostic::error(code, vi, en).in_file(MANIFEST).at(l, c)
    };

    // Identity.
    if manifest.id.is_empty()
        || !manifest
            .id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        diags.push(manifest_diag(
            "template.id",
            format!(
                "Mã mẫu “{}” chỉ được gồm chữ thường không dấu, chữ số và dấu gạch ngang.",
                manifest.id
            ),
            format!(
                "The template id “{}” may only hold a–z, 0–9 and hyphens.",
                manifest.id
            ),
            "id",
        ));
    }

    // Variables.
    let mut keys = BTreeSet::new();
    for v in &manifest.variables {
        let needle = format!("\"{}\"", v.key);
        if !keys.insert(v.key.clone()) {
            let first = manifest_text.find(&needle).map_or(0, |i| i + needle.len());
            let (l, c) = position_of(manifest_text, &needle, first);
            diags.push(
                Diagnostic::error(
                    "template.duplicate_variable",
                    format!("Biến “{}” được khai báo hai lần.", v.key),
                    format!("The variable “{}” is defined twice.", v.key),
                )
                .in_file(MANIFEST)
                .at(l, c),
            );
        }
        if v.kind == VariableKind::Enum && v.options.is_empty() {
            diags.push(manifest_diag(
                "template.enum_options",
                format!("Biến lựa chọn “{}” chưa có options.", v.key),
                format!("The enum variable “{}” has no options.", v.key),
                &needle,
            ));
        }
        if v.kind == VariableKind::Table && v.columns.is_empty() {
            diags.push(manifest_diag(
                "template.table_columns",
                format!("Biến bảng “{}” chưa có columns.", v.key),
                format!("The table variable “{}” has no columns.", v.key),
                &needle,
            ));
        }
        let patterns = v
            .pattern
            .iter()
            .chain(v.columns.iter().filter_map(|c| c.pattern.as_ref()));
        for p in patterns {
            if let Err(e) = regex::Regex::new(p) {
                let (l, c) = at(&p.replace('\\', "\\\\"));
                diags.push(
                    Diagnostic::error(
                        "template.pattern",
                        format!("Biểu thức kiểm tra của “{}” không hợp lệ: {e}", v.key),
                        format!("The validation pattern of “{}” is invalid: {e}", v.key),
                    )
                    .in_file(MANIFEST)
                    .at(l, c),
                );
            }
        }
    }
    for core in CORE_VARIABLES {
        if !keys.contains(*core) {
            diags.push(
                Diagnostic::error(
                    "template.core_variable",
                    format!("Mẫu phải khai báo biến “{core}”."),
                    format!("Every template must define the variable “{core}”."),
                )
                .in_file(MANIFEST)
                .hint(
                    "Xem danh sách biến bắt buộc trong docs/templates.md.",
                    "See the required variables in docs/templates.md.",
                ),
            );
        }
    }

    // Chapters.
    let mut chapter_keys = BTreeSet::new();
    let mut chapter_sources = Vec::new();
    for ch in &manifest.chapters {
        let needle = format!("\"{}\"", ch.key);
        if !chapter_keys.insert(ch.key.clone()) {
            diags.push(manifest_diag(
                "template.duplicate_chapter",
                format!("Chương “{}” được khai báo hai lần.", ch.key),
                format!("The chapter “{}” is listed twice.", ch.key),
                &needle,
            ));
        }
        match files.get(&ch.file) {
            Some(src) => {
                chapter_sources.push((ch.file.clone(), ch.key.clone(), sotay_model::text::nfc(src)))
            }
            None if unreadable.contains(&ch.file) => {}
            None => diags.push(manifest_diag(
                "template.chapter_file",
                format!("Không có tệp chương “{}”.", ch.file),
                format!("The chapter file “{}” does not exist.", ch.file),
                &format!("\"{}\"", ch.file),
            )),
        }
    }
    if manifest.chapters.is_empty() {
        diags.push(
            Diagnostic::error(
                "template.no_chapters",
                "Mẫu chưa có chương nào.",
                "The template has no chapters.",
            )
            .in_file(MANIFEST),
        );
    }
    let mut form_ids = BTreeSet::new();
    for f in &manifest.forms {
        if !form_ids.insert(f.id.clone()) {
            diags.push(manifest_diag(
                "template.duplicate_form",
                format!("Biểu mẫu “{}” được khai báo hai lần.", f.id),
                format!("The form “{}” is listed twice.", f.id),
                &format!("\"{}\"", f.id),
            ));
        }
        if !chapter_keys.contains(&f.chapter) {
            diags.push(manifest_diag(
                "template.form_chapter",
                format!(
                    "Biểu mẫu “{}” thuộc chương “{}” nhưng không có chương đó.",
                    f.id, f.chapter
                ),
                format!(
                    "The form “{}” belongs to chapter “{}”, which does not exist.",
                    f.id, f.chapter
                ),
                &format!("\"{}\"", f.id),
            ));
        }
    }

    // Files nobody uses.
    let used: BTreeSet<&str> = manifest
        .chapters
        .iter()
        .map(|c| c.file.as_str())
        .chain([MANIFEST, SAMPLE_VARS])
        .collect();
    for f in files
        .keys()
        .filter(|f| f.ends_with(".md") && !used.contains(f.as_str()))
    {
        diags.push(
            Diagnostic::warning(
                "template.unused_file",
                "Tệp chương không được khai báo trong template.toml nên không được dùng.",
                "This chapter file is not listed in template.toml, so it is not used.",
            )
            .in_file(f.clone()),
        );
    }

    // The checklist.
    match files.get(CHECKLIST) {
        None => diags.push(
            Diagnostic::warning(
                "template.no_checklist",
                "Mẫu chưa có checklist.toml: các đợt đánh giá mô hình thí điểm sẽ không có danh mục kiểm tra.",
                "The template has no checklist.toml: pilot assessments will have no checklist.",
            )
            .in_file(CHECKLIST),
        ),
        Some(text) => match toml::from_str::<sotay_model::checklist::Checklist>(text) {
            Err(e) => {
                let te = toml_error(CHECKLIST, text, &e);
                diags.push(
                    Diagnostic::error(
                        "toml.syntax",
                        format!("checklist.toml không đọc được: {}", te.message),
                        format!("checklist.toml cannot be read: {}", te.message),
                    )
                    .in_file(CHECKLIST)
                    .at(te.line.map(|l| l as u32), te.column.map(|c| c as u32)),
                );
            }
            Ok(c) => {
                let sections: BTreeSet<&str> = c.sections.iter().map(|s| s.id.as_str()).collect();
                let mut seen = BTreeSet::new();
                let mut from = 0;
                for item in &c.items {
                    // Items appear in file order: search each from where the previous was found.
                    let needle = format!("id = \"{}\"", item.id);
                    let at = text[from..].find(&needle).map(|i| from + i);
                    from = at.map_or(from, |a| a + needle.len());
                    let (l, col) = match at {
                        Some(a) => {
                            let (l, c) = line_col(text, a + 5);
                            (Some(l), Some(c))
                        }
                        None => (None, None),
                    };
                    if !seen.insert(item.id.as_str()) {
                        diags.push(
                            Diagnostic::error(
                                "checklist.duplicate",
                                format!("Mục kiểm tra “{}” bị trùng.", item.id),
                                format!("The checklist item “{}” appears twice.", item.id),
                            )
                            .in_file(CHECKLIST)
                            .at(l, col),
                        );
                    }
                    if !sections.contains(item.section.as_str()) {
                        diags.push(
                            Diagnostic::error(
                                "checklist.section",
                                format!("Mục “{}” thuộc phần “{}” nhưng không có phần đó.", item.id, item.section),
                                format!("Item “{}” belongs to section “{}”, which does not exist.", item.id, item.section),
                            )
                            .in_file(CHECKLIST)
                            .at(l, col),
                        );
                    }
                }
            }
        },
    }

    // Sample values.
    let sample = match files.get(SAMPLE_VARS) {
        None => {
            diags.push(
                Diagnostic::error(
                    "template.no_sample",
                    "Thiếu tệp sample-vars.toml (giá trị mẫu dùng để tạo sổ tay thử).",
                    "sample-vars.toml is missing (the sample values used to create a handbook).",
                )
                .in_file(SAMPLE_VARS),
            );
            None
        }
        Some(text) => match toml::from_str::<toml::Value>(text) {
            Ok(v) => Some((crate::toml_to_json(&v), text)),
            Err(e) => {
                let te = toml_error(SAMPLE_VARS, text, &e);
                diags.push(
                    Diagnostic::error(
                        "toml.syntax",
                        format!("sample-vars.toml không đọc được: {}", te.message),
                        format!("sample-vars.toml cannot be read: {}", te.message),
                    )
                    .in_file(SAMPLE_VARS)
                    .at(te.line.map(|l| l as u32), te.column.map(|c| c as u32)),
                );
                None
            }
        },
    };
    let vars = sample
        .as_ref()
        .map_or(Value::Object(Default::default()), |s| s.0.clone());
    if let Some((vars, text)) = &sample {
        for mut d in validate_vars(&manifest.variables, vars) {
            let (l, c) = sample_position(text, d.key.as_deref().unwrap_or(""));
            d.file = Some(SAMPLE_VARS.to_owned());
            d.line = l;
            d.column = c;
            diags.push(d);
        }
    }

    // The title and every chapter, rendered with the sample values.
    if sample.is_some() {
        if let Err(e) = render(&manifest.title, &vars) {
            let mut d = render_diagnostic(&e, &manifest.title, Some(MANIFEST));
            let (l, c) = at("title");
            d.line = l;
            d.column = c;
            diags.push(d);
        }
        for (file, key, source) in &chapter_sources {
            match render(source, &vars) {
                Ok(rendered) => out.rendered.push(RenderedChapter {
                    file: file.clone(),
                    key: key.clone(),
                    source: source.clone(),
                    rendered,
                }),
                Err(e) => diags.push(render_diagnostic(&e, source, Some(file))),
            }
        }
    }

    // The lint (warnings): guards, literal names, legal bases, spelling.
    let bases: BTreeSet<String> = manifest
        .legal_bases
        .iter()
        .filter_map(|b| crate::lint::legal_key(b))
        .collect();
    for (file, _, source) in &chapter_sources {
        diags.extend(crate::lint::unguarded_optionals(
            file,
            source,
            &manifest.variables,
        ));
        diags.extend(crate::lint::literal_names(file, source, &vars));
        diags.extend(crate::lint::unlisted_references(file, source, &bases));
        diags.extend(crate::lint::spellings(file, source));
    }
    for (i, b) in manifest.legal_bases.iter().enumerate() {
        if crate::lint::legal_key(b).is_none() {
            diags.push(manifest_diag(
                "template.legal_base",
                format!("Căn cứ pháp lý thứ {} “{b}” không có dạng “Quyết định/Thông tư/Nghị định/Luật/TCVN/QCVN + số hiệu”.", i + 1),
                format!("Legal basis {} “{b}” is not “Quyết định/Thông tư/Nghị định/Luật/TCVN/QCVN + number”.", i + 1),
                &format!("\"{b}\""),
            ));
        }
    }
    for (label, text) in [
        ("description", &manifest.description.vi),
        ("name", &manifest.name.vi),
    ] {
        for mut d in crate::lint::literal_names(MANIFEST, text, &vars) {
            let (l, c) = at(label);
            d.line = l;
            d.column = c;
            diags.push(d);
        }
    }

    if !diags.iter().any(|d| d.severity == Severity::Error) {
        out.template = Template::from_files(files, false).ok();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files() -> BTreeMap<String, String> {
        let mut f = BTreeMap::new();
        f.insert(
            MANIFEST.into(),
            r#"id = "thu"
version = "0.1.0"
category = "crop"
title = "Sổ tay {{ product.name }}"
name = { vi = "Thử", en = "Test" }

[[variables]]
key = "product.name"
type = "text"
required = true
label = { vi = "Tên", en = "Name" }
[[variables]]
key = "product.gtin"
type = "gtin"
label = { vi = "GTIN", en = "GTIN" }
[[variables]]
key = "organization.name"
type = "text"
label = { vi = "Tổ chức", en = "Organisation" }
[[variables]]
key = "organization.gln"
type = "gln"
label = { vi = "GLN", en = "GLN" }
[[variables]]
key = "province.name"
type = "text"
label = { vi = "Tỉnh", en = "Province" }
[[variables]]
key = "issuing_body"
type = "text"
label = { vi = "Cơ quan", en = "Body" }

[[chapters]]
key = "mot"
file = "chapters/01.md"
level = "M"
title = { vi = "Một", en = "One" }
"#
            .into(),
        );
        f.insert(
            SAMPLE_VARS.into(),
            "issuing_body = \"Sở KH&CN\"\n[product]\nname = \"Gạo\"\ngtin = \"8931234567897\"\n[organization]\nname = \"HTX\"\ngln = \"8931234567897\"\n[province]\nname = \"An Giang\"\n".into(),
        );
        f.insert(
            "chapters/01.md".into(),
            "# Một\n\n{{ product.name }}\n".into(),
        );
        f.insert(
            CHECKLIST.into(),
            "version = \"1\"\n[[sections]]\nid = \"S1\"\ntitle = { vi = \"Một\", en = \"One\" }\n\
             [[items]]\nid = \"S1.1\"\nsection = \"S1\"\nlevel = \"M\"\ntext = { vi = \"Có mục tiêu\", en = \"Objectives\" }\n"
                .into(),
        );
        f
    }

    fn locs(c: &TemplateCheck) -> Vec<(String, String)> {
        c.diagnostics
            .iter()
            .map(|d| (d.code.clone(), d.location()))
            .collect()
    }

    #[test]
    fn a_good_template_has_no_diagnostics() {
        let c = check_files(&files(), &[]);
        assert_eq!(locs(&c), vec![]);
        assert!(c.template.is_some());
        assert_eq!(c.rendered.len(), 1);
    }

    #[test]
    fn refused_expressions_are_explained_in_vietnamese() {
        let mut f = files();
        f.insert(
            "chapters/01.md".into(),
            "# Một\n\n{{ a(x=b(y=c(z=1))) }}\n".into(),
        );
        let c = check_files(&f, &[]);
        assert_eq!(
            locs(&c),
            vec![("tera.nesting".into(), "chapters/01.md:3:13".into())]
        );
        let d = &c.diagnostics[0];
        assert_eq!(d.message.vi, "Biểu thức lồng quá 2 cấp ngoặc.");
        assert!(d.hint.as_ref().unwrap().vi.contains("{% set"));
        f.insert(
            "chapters/01.md".into(),
            "{% macro f() %}{{ self::f() }}{% endmacro f %}{{ self::f() }}".into(),
        );
        let c = check_files(&f, &[]);
        assert_eq!(c.diagnostics[0].code, "tera.recursion");
        assert!(c.diagnostics[0].message.vi.starts_with("Một macro tự gọi"));
    }

    #[test]
    fn every_problem_is_reported_with_file_line_column() {
        let mut f = files();
        f.insert(
            "chapters/01.md".into(),
            "# Một\n\nSản phẩm {{ product.nme }}.\n\n{% if product.name %}\n".into(),
        );
        let c = check_files(&f, &[]);
        // One Tera error per chapter (Tera stops at the first): the unclosed if.
        assert_eq!(
            locs(&c),
            vec![("tera.syntax".into(), "chapters/01.md:6:1".into())]
        );

        f.insert(
            "chapters/01.md".into(),
            "# Một\n\nSản phẩm {{ product.nme }}.\n".into(),
        );
        let s = f
            .get(SAMPLE_VARS)
            .unwrap()
            .replace("8931234567897\"\n[province]", "8931234567890\"\n[province]");
        f.insert(SAMPLE_VARS.into(), s);
        f.insert("chapters/99.md".into(), "# Thừa\n".into());
        let c = check_files(&f, &[]);
        assert_eq!(
            locs(&c),
            vec![
                ("template.unused_file".into(), "chapters/99.md".into()),
                (
                    "var.check_digit".into(),
                    "sample-vars.toml:7:1 organization.gln".into()
                ),
                (
                    "tera.undefined".into(),
                    "chapters/01.md:3:13 product.nme".into()
                ),
            ]
        );
        assert!(c.template.is_none());
    }

    #[test]
    fn an_undefined_variable_is_located_at_itself_not_at_a_longer_name() {
        let src = "{{ product.name }} và {{ product.names }}\n{{ product.nam }}";
        assert_eq!(
            find_expression(src, "product.nam"),
            src.rfind("product.nam")
        );
    }

    #[test]
    fn manifest_errors_stop_early_with_their_position() {
        let mut f = files();
        let m = f
            .get(MANIFEST)
            .unwrap()
            .replace("category = \"crop\"", "category = \"fruit\"");
        f.insert(MANIFEST.into(), m);
        let c = check_files(&f, &[]);
        assert_eq!(
            locs(&c),
            vec![("toml.syntax".into(), "template.toml:3:12".into())]
        );
    }

    #[test]
    fn checklist_problems_are_located() {
        let mut f = files();
        let c = f.get(CHECKLIST).unwrap().clone() + "[[items]]\nid = \"S1.1\"\nsection = \"S7\"\nlevel = \"R\"\ntext = { vi = \"x\", en = \"x\" }\n";
        f.insert(CHECKLIST.into(), c);
        let got = locs(&check_files(&f, &[]));
        assert_eq!(
            got,
            vec![
                ("checklist.duplicate".into(), "checklist.toml:11:6".into()),
                ("checklist.section".into(), "checklist.toml:11:6".into()),
            ]
        );
    }

    #[test]
    fn missing_core_variables_and_files_are_named() {
        let mut f = files();
        let m = f
            .get(MANIFEST)
            .unwrap()
            .replace("key = \"issuing_body\"", "key = \"issuer\"")
            .replace("chapters/01.md", "chapters/02.md");
        f.insert(MANIFEST.into(), m);
        let codes: Vec<String> = check_files(&f, &[])
            .diagnostics
            .into_iter()
            .map(|d| d.code)
            .collect();
        assert!(
            codes.contains(&"template.core_variable".to_owned()),
            "{codes:?}"
        );
        assert!(
            codes.contains(&"template.chapter_file".to_owned()),
            "{codes:?}"
        );
    }
}
