//! Exporting soft copies (HTML, EPUB) of a handbook, a Markdown file or a folder of chapter
//! files. Content problems (an invalid GTIN, a missing image) are warnings and never stop an
//! export; only unreadable input or an unwritable output fails. Files are written atomically.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;
use sha2::{Digest, Sha256};
use sotay_doc::{build, ChapterInput, ChapterRole, DocMeta, Image, Numbering};
use sotay_model::{gs1, Diagnostic, Localized, Severity};
use sotay_templates::{render, variable_at};

use crate::{Error, ErrorCode, Workspace};

/// The paper of a PDF edition.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize, ts_rs::TS,
)]
#[serde(rename_all = "lowercase")]
pub enum Paper {
    #[default]
    A4,
    A5,
}

/// A format Sotay writes a handbook, a report or an edition in: one list for exports, reports
/// and publishing. The names are those of the command line, the window and the edition
/// manifest (`pdf` is read as `pdf-screen`).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    serde::Serialize,
    serde::Deserialize,
    ts_rs::TS,
)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// The print edition: mirror margins, bleed and crop marks.
    PdfPrint,
    /// The screen edition.
    #[serde(alias = "pdf")]
    PdfScreen,
    Html,
    Epub,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        match s.trim().to_ascii_lowercase().as_str() {
            "html" => Some(Format::Html),
            "epub" => Some(Format::Epub),
            "pdf" | "pdf-screen" => Some(Format::PdfScreen),
            "pdf-print" => Some(Format::PdfPrint),
            _ => None,
        }
    }

    /// Every name [`Format::parse`] reads, for messages.
    pub const NAMES: &'static str = "html, epub, pdf (= pdf-screen), pdf-print";

    pub fn as_str(self) -> &'static str {
        match self {
            Format::PdfPrint => "pdf-print",
            Format::PdfScreen => "pdf-screen",
            Format::Html => "html",
            Format::Epub => "epub",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Epub => "epub",
            Format::PdfPrint | Format::PdfScreen => "pdf",
        }
    }

    /// The end of an edition's file name: `-in.pdf` for the print PDF.
    pub(crate) fn suffix(self) -> &'static str {
        match self {
            Format::PdfPrint => "-in.pdf",
            Format::PdfScreen => ".pdf",
            Format::Html => ".html",
            Format::Epub => ".epub",
        }
    }
}

/// What an export wrote and the problems it noticed.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, ts_rs::TS)]
pub struct ExportReport {
    #[ts(type = "string")]
    pub path: PathBuf,
    #[ts(type = "number")]
    pub bytes: u64,
    pub diagnostics: Vec<Diagnostic>,
}

/// The role of a template chapter by its key: forewords are front matter, `phu-luc…` annexes.
/// A chapter's role: as its template declares it, else (a chapter the template does not
/// have, or a Markdown file on disk) as its key says.
pub(crate) fn chapter_role(template: Option<&sotay_templates::Template>, key: &str) -> ChapterRole {
    use sotay_templates::manifest::ChapterRoleDef;
    match template.and_then(|t| t.manifest.chapters.iter().find(|c| c.key == key)) {
        Some(c) => match c.role {
            ChapterRoleDef::Front => ChapterRole::Front,
            ChapterRoleDef::Body => ChapterRole::Body,
            ChapterRoleDef::Annex => ChapterRole::Annex,
        },
        None => role_of(key),
    }
}

/// The role a key suggests (`loi-noi-dau` front, `phu-luc-…` annex), for chapters no template
/// declares.
pub(crate) fn role_of(key: &str) -> ChapterRole {
    if key.contains("loi-noi-dau") || key == "bia" || key.starts_with("front") {
        ChapterRole::Front
    } else if key.starts_with("phu-luc") || key.starts_with("annex") {
        ChapterRole::Annex
    } else {
        ChapterRole::Body
    }
}

pub(crate) fn mime_of(name: &str) -> &'static str {
    match name
        .rsplit('.')
        .next()
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("svg") => "image/svg+xml",
        Some("webp") => "image/webp",
        Some("pdf") => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// Warnings for GS1 keys and Digital Link URIs that are wrong in the text of a chapter.
fn identifier_warnings(key: &str, markdown: &str, out: &mut Vec<Diagnostic>) {
    for f in gs1::scan_text(markdown) {
        if let Some(p) = f.problem {
            let (l, c) = sotay_model::diagnostic::line_col(markdown, f.start);
            out.push(
                Diagnostic::new(
                    Severity::Warning,
                    &format!("id.{}", f.kind),
                    Localized::new(
                        format!("“{}” không hợp lệ: {}.", f.text, p.vi),
                        format!("“{}” is not valid: {}.", f.text, p.en),
                    ),
                )
                .in_file(key)
                .at(Some(l), Some(c)),
            );
        }
    }
}

/// Builds and writes a document.
pub(crate) fn write_document(
    meta: DocMeta,
    chapters: &[ChapterInput],
    images: &dyn Fn(&str) -> Option<Image>,
    format: Format,
    paper: Paper,
    out: &Path,
    mut diagnostics: Vec<Diagnostic>,
) -> Result<ExportReport, Error> {
    for c in chapters {
        identifier_warnings(&c.key, &c.markdown, &mut diagnostics);
    }
    let built = build(meta, chapters, Numbering::Auto, images);
    diagnostics.extend(built.diagnostics);
    let bytes = match format {
        Format::Html => sotay_doc::html::single_file(&built.document).into_bytes(),
        Format::PdfPrint | Format::PdfScreen => {
            let options = pdf_options(format == Format::PdfPrint, paper == Paper::A5);
            let out = sotay_pdf::write(&built.document, &options);
            diagnostics.extend(out.diagnostics);
            out.bytes
        }
        Format::Epub => sotay_doc::epub::write(&built.document)
            .map_err(|e| Error::new(ErrorCode::Internal, e.to_string()))?,
    };
    crate::output::write_output(out, &bytes)?;
    Ok(ExportReport {
        path: out.to_owned(),
        bytes: bytes.len() as u64,
        diagnostics,
    })
}

/// The PDF layout's options for an edition.
pub(crate) fn pdf_options(print: bool, a5: bool) -> sotay_pdf::PdfOptions {
    sotay_pdf::PdfOptions {
        edition: if print {
            sotay_pdf::Edition::Print
        } else {
            sotay_pdf::Edition::Screen
        },
        paper: if a5 {
            sotay_pdf::Paper::A5
        } else {
            sotay_pdf::Paper::A4
        },
    }
}

fn text_var(vars: &Value, key: &str) -> String {
    variable_at(vars, key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

impl Workspace {
    /// Exports a handbook in `format` (a PDF on `paper`) to `out`.
    pub fn export_handbook(
        &self,
        handbook: &str,
        format: Format,
        paper: Paper,
        out: &Path,
    ) -> Result<ExportReport, Error> {
        let (meta, chapters, images, diagnostics) = self.document_input(handbook)?;
        write_document(meta, &chapters, &images, format, paper, out, diagnostics)
    }

    /// What the document model needs from a handbook: metadata, rendered chapters, its images.
    #[allow(clippy::type_complexity)]
    fn document_input(
        &self,
        handbook: &str,
    ) -> Result<
        (
            DocMeta,
            Vec<ChapterInput>,
            impl Fn(&str) -> Option<Image> + '_,
            Vec<Diagnostic>,
        ),
        Error,
    > {
        let id = self.resolve_handbook(handbook)?;
        let h = self.store.handbook(&id)?;
        let template = self.template(&h.summary.template_id).ok();
        let mut diagnostics = Vec::new();
        let chapters: Vec<ChapterInput> = chapter_inputs(&h, template)
            .into_iter()
            .map(|(c, error)| {
                if let Some(mut d) = error {
                    d.severity = Severity::Warning;
                    diagnostics.push(d);
                }
                c
            })
            .collect();
        let attachments: BTreeMap<String, sotay_store::Attachment> = self
            .store
            .attachments(&id)?
            .into_iter()
            .map(|a| (a.name.clone(), a))
            .collect();
        let images = move |name: &str| {
            let a = attachments.get(name)?;
            let bytes = self.store.blob(&a.sha256).ok()??;
            Some(Image {
                bytes,
                mime: a.mime.clone(),
            })
        };
        Ok((handbook_meta(&h, template), chapters, images, diagnostics))
    }
}

/// A handbook's chapters as the document model takes them, in order: rendered by Tera with the
/// handbook's variables. A chapter whose template fails keeps its source (the document still
/// has the chapter), with the error beside it. The exports and `check` build from these.
pub(crate) fn chapter_inputs(
    h: &sotay_model::Handbook,
    template: Option<&sotay_templates::Template>,
) -> Vec<(ChapterInput, Option<Diagnostic>)> {
    h.chapters
        .iter()
        .map(|c| {
            let (markdown, error) = match render(&c.source, &h.variables) {
                Ok(md) => (md, None),
                Err(e) => {
                    let d = crate::check::render_diagnostic(&e, &c.source, Some(&c.key));
                    (c.source.clone(), Some(d))
                }
            };
            let input = ChapterInput {
                key: c.key.clone(),
                title: c.title.clone(),
                markdown,
                role: chapter_role(template, &c.key),
            };
            (input, error)
        })
        .collect()
}

/// A handbook's cover and metadata facts, from its summary and variables; its language is its
/// template's.
pub(crate) fn handbook_meta(
    h: &sotay_model::Handbook,
    template: Option<&sotay_templates::Template>,
) -> DocMeta {
    let v = &h.variables;
    let date = {
        let d = text_var(v, "edition.date");
        if d.is_empty() {
            h.summary.updated_at.get(..10).unwrap_or("").to_owned()
        } else {
            d
        }
    };
    // The edition the handbook is written for ("Ấn bản 1.0"), when its variables name one;
    // else the file is named by the revision it was made from ("Phiên bản 3").
    let label = text_var(v, "edition.version");
    DocMeta {
        title: h.summary.title.clone(),
        subtitle: h.summary.product.clone(),
        province: text_var(v, "province.name"),
        issuing_body: text_var(v, "issuing_body"),
        logo: text_var(v, "issuing_body_logo"),
        decision: None,
        publication: None,
        edition_id: h.summary.id.clone(),
        edition_label: label,
        revision: Some(h.summary.version),
        date,
        lang: template.map(|t| t.manifest.lang).unwrap_or_default(),
    }
}

impl Workspace {
    /// The whole handbook as one HTML fragment (table of contents and every chapter, numbered,
    /// images inlined) for the in-app preview: the same writer as the editions.
    pub fn preview_handbook(&self, handbook: &str) -> Result<String, Error> {
        let (meta, chapters, images, _) = self.document_input(handbook)?;
        let built = build(meta, &chapters, Numbering::Auto, &images);
        Ok(sotay_doc::html::body_fragment(&built.document))
    }
}

/// Options for exporting files that are not in a workspace.
#[derive(Debug, Clone, Default)]
pub struct FileExportOptions {
    pub title: Option<String>,
    /// `YYYY-MM-DD`; default `SOURCE_DATE_EPOCH` (reproducible builds) or 1970-01-01.
    pub date: Option<String>,
    /// The paper of a PDF.
    pub paper: Paper,
    /// The language the Markdown is written in (declared in the outputs).
    pub lang: sotay_model::Lang,
}

fn default_date(opts: &FileExportOptions) -> String {
    if let Some(d) = &opts.date {
        return d.clone();
    }
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| time::OffsetDateTime::from_unix_timestamp(secs).ok())
        .map(|t| crate::clock::rfc3339(t)[..10].to_owned())
        .unwrap_or_else(|| "1970-01-01".to_owned())
}

/// Exports a Markdown file (images relative to it) or a folder of chapter files (`*.md`, in
/// name order) as HTML or EPUB.
pub fn export_path(
    input: &Path,
    format: Format,
    out: &Path,
    opts: &FileExportOptions,
) -> Result<ExportReport, Error> {
    let (base, title, chapters, hash) = if input.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(input)
            .map_err(|e| {
                Error::localized(
                    ErrorCode::InvalidInput,
                    format!("Không đọc được thư mục “{}”: {e}", input.display()),
                    format!("Cannot read the folder “{}”: {e}", input.display()),
                )
            })?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "md"))
            .collect();
        files.sort();
        if files.is_empty() {
            return Err(Error::localized(
                ErrorCode::InvalidInput,
                format!("Thư mục “{}” không có tệp chương .md nào.", input.display()),
                format!("The folder “{}” has no .md chapter files.", input.display()),
            ));
        }
        let mut hasher = Sha256::new();
        let mut chapters = Vec::new();
        for f in &files {
            let md = crate::input::read_text(f)?;
            hasher.update(&md);
            let stem = f
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let key = sotay_model::text::slug(&stem);
            let key = if key.is_empty() {
                format!("ch{:02}", chapters.len() + 1)
            } else {
                key
            };
            let stripped = key
                .trim_start_matches(|c: char| c.is_ascii_digit() || c == '-')
                .to_owned();
            chapters.push(ChapterInput {
                role: role_of(&stripped),
                key,
                title: stem,
                markdown: md,
            });
        }
        let name = input
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        (input.to_owned(), name, chapters, hasher.finalize())
    } else {
        let md = crate::input::read_text(input)?;
        let stem = input
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (title, chapters) = sotay_doc::chapters_from_markdown(&md, &stem);
        let base = input
            .parent()
            .map(Path::to_owned)
            .unwrap_or_else(|| PathBuf::from("."));
        (base, title, chapters, Sha256::digest(md.as_bytes()))
    };
    let base = base.canonicalize().unwrap_or(base);
    let images = |name: &str| -> Option<Image> {
        // Only files inside the input's folder: `../` and absolute paths are refused.
        let rel = Path::new(name);
        if rel.is_absolute()
            || rel
                .components()
                .any(|c| matches!(c, std::path::Component::ParentDir))
        {
            return None;
        }
        let bytes = std::fs::read(base.join(rel)).ok()?;
        Some(Image {
            bytes,
            mime: mime_of(name).to_owned(),
        })
    };
    let hex: String = hash.iter().take(16).map(|b| format!("{b:02x}")).collect();
    let meta = DocMeta {
        title: opts.title.clone().unwrap_or(title),
        edition_id: format!("urn:sotay:sha256:{hex}"),
        date: default_date(opts),
        lang: opts.lang,
        ..DocMeta::default()
    };
    write_document(
        meta,
        &chapters,
        &images,
        format,
        opts.paper,
        out,
        Vec::new(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chapter_roles_follow_template_keys() {
        assert_eq!(role_of("loi-noi-dau"), ChapterRole::Front);
        assert_eq!(role_of("phu-luc-bieu-mau"), ChapterRole::Annex);
        assert_eq!(role_of("gioi-thieu"), ChapterRole::Body);
    }

    /// A handbook's documents declare its template's language (`lang` in template.toml).
    #[test]
    fn a_handbook_is_in_its_templates_language() {
        let dir = tempfile::tempdir().unwrap();
        let mut ws = Workspace::open(
            &dir.path().join("w.db"),
            std::sync::Arc::new(crate::SystemClock),
        )
        .unwrap();
        ws.ensure_sample_workspace().unwrap();
        let id = ws.handbooks().unwrap()[0].id.clone();
        let h = ws.store.handbook(&id).unwrap();
        let mut t = ws.template(&h.summary.template_id).unwrap().clone();
        assert_eq!(handbook_meta(&h, Some(&t)).lang, sotay_model::Lang::Vi);
        t.manifest.lang = sotay_model::Lang::En;
        assert_eq!(handbook_meta(&h, Some(&t)).lang, sotay_model::Lang::En);
        assert_eq!(handbook_meta(&h, None).lang, sotay_model::Lang::Vi);
    }
}

/// Whether this build makes PDF editions.
pub(crate) const PDF_AVAILABLE: bool = true;

/// PDF editions laid out once, ready to be stamped per copy.
#[derive(Debug, Default)]
pub(crate) struct PdfMasters {
    doc: Option<sotay_doc::Document>,
    print: Option<sotay_pdf::Prepared>,
    screen: Option<sotay_pdf::Prepared>,
}

/// `copies`: every file made from them is a stamped copy (the cover keeps room for its serial).
pub(crate) fn pdf_masters(
    doc: &sotay_doc::Document,
    print: bool,
    screen: bool,
    paper: Paper,
    copies: bool,
) -> Result<PdfMasters, Error> {
    let a5 = paper == Paper::A5;
    let prepare = if copies {
        sotay_pdf::prepare_copies
    } else {
        sotay_pdf::prepare
    };
    Ok(PdfMasters {
        doc: (print || screen).then(|| doc.clone()),
        print: print.then(|| prepare(doc, &pdf_options(true, a5))),
        screen: screen.then(|| prepare(doc, &pdf_options(false, a5))),
    })
}

/// One copy of a PDF edition: the master drawn again with the copy's stamp.
pub(crate) fn stamp_pdf(
    m: &PdfMasters,
    print: bool,
    stamp: Option<&sotay_doc::CopyStamp>,
) -> Result<Vec<u8>, Error> {
    let prepared = if print {
        m.print.as_ref()
    } else {
        m.screen.as_ref()
    };
    match (prepared, &m.doc) {
        (Some(p), Some(doc)) => Ok(p.write(doc, stamp).bytes),
        _ => Err(Error::new(ErrorCode::Internal, "PDF master not prepared")),
    }
}
