//! Validation (`sotay check`, `sotay template check`): every diagnostic with a severity, a
//! location, a message in Vietnamese and English, and a hint.
//!
//! The Markdown is read once, by the document model: both checks build the document with
//! [`sotay_doc::build`] — the parser, heading ids and anchors of every export — and report its
//! diagnostics (cross-references, images, nesting, and the `a11y.*` warnings: what a screen
//! reader would miss) at their spans, in the chapter's source where the same text is written
//! there. Then come the checks only a handbook has: variables, GS1 identifiers and record forms
//! in the text, mandatory and empty chapters, CTEs without KDEs, the template lint and open
//! review comments.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;
use sotay_doc::{
    build, leaf_blocks, plain_text, Block, Built, ChapterInput, DocMeta, Image, Numbering,
};
use sotay_model::diagnostic::{line_col, line_cols};
use sotay_model::{
    gs1, ChapterLevel, CommentStatus, Diagnostic, Localized, Severity, VariableKind,
};
pub(crate) use sotay_templates::render_diagnostic;
use sotay_templates::{validate_vars, variable_at, VARIABLES_FILE};

use crate::export::{chapter_inputs, chapter_role, handbook_meta, mime_of};
use crate::{Error, ErrorCode, Workspace};

/// The document's problems that `check` reports as errors, so that they block approval (an
/// export only warns: it never stops for content).
const BLOCKING: [&str; 2] = ["xref.unresolved", "image.missing"];

/// One chapter as the checks read it.
struct ChapterText<'a> {
    /// Where its diagnostics go: the chapter's key, or a template's file.
    file: &'a str,
    source: &'a str,
    /// What Tera made of it; `None` when Tera failed (that error is reported instead).
    rendered: Option<&'a str>,
}

/// Where to point for something found at `at` in the rendered text: the same text in the
/// source when it is written there literally, else the rendered line.
fn locate(source: &str, rendered: &str, at: usize, needle: &str) -> (Option<u32>, Option<u32>) {
    let (l, c) = match source.find(needle).filter(|_| !needle.is_empty()) {
        Some(i) => line_col(source, i),
        None => line_col(rendered, at),
    };
    (Some(l), Some(c))
}

/// Moves places the build found in a chapter's rendered text to its source: to the same
/// occurrence of the same text (`(#id)`, `(anh.jpg)`) when Tera left it as written there.
struct ToSource<'a> {
    source: &'a str,
    /// The rendered text as the build read it (NFC).
    rendered: String,
    /// Where each text looked for is, in the rendered text and in the source.
    found: BTreeMap<String, (Vec<usize>, Vec<usize>)>,
}

impl<'a> ToSource<'a> {
    /// At most this many different texts are looked for in one chapter (each costs a pass over
    /// it); the others keep their place in the rendered text.
    const LOOKUPS: usize = 64;

    fn new(source: &'a str, rendered: &str) -> Self {
        ToSource {
            source,
            rendered: sotay_model::text::nfc(rendered),
            found: BTreeMap::new(),
        }
    }

    /// Where in the source what is at `range` of the rendered text is written, if it is.
    fn place(&mut self, range: std::ops::Range<usize>) -> Option<usize> {
        let needle = self.rendered.get(range.clone()).filter(|n| !n.is_empty())?;
        if !self.found.contains_key(needle) {
            if self.found.len() >= Self::LOOKUPS {
                return None;
            }
            let at = |text: &str| text.match_indices(needle).map(|(i, _)| i).collect();
            let entry = (at(&self.rendered), at(self.source));
            self.found.insert(needle.to_owned(), entry);
        }
        let (in_rendered, in_source) = &self.found[needle];
        let nth = in_rendered.partition_point(|&i| i < range.start);
        in_source.get(nth).copied()
    }
}

/// The form ids mentioned in a text: `BM-01`, `BM-12`…
fn form_mentions(text: &str) -> Vec<(usize, String)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find("BM-") {
        let at = from + i;
        let digits: String = text[at + 3..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        let boundary_before = at == 0 || !bytes[at - 1].is_ascii_alphanumeric();
        if !digits.is_empty() && digits.len() <= 3 && boundary_before {
            out.push((at, format!("BM-{digits}")));
        }
        from = at + 3;
    }
    out
}

/// The record forms the document has: chapters and headings that start with a form id
/// (`## BM-03. Nhật ký ao nuôi`).
fn form_headings(doc: &sotay_doc::Document) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for ch in &doc.chapters {
        let blocks = leaf_blocks(&ch.blocks)
            .into_iter()
            .chain(ch.footnotes.iter().flat_map(|f| leaf_blocks(&f.blocks)));
        let headings = blocks.filter_map(|b| match b {
            Block::Heading { content, .. } => Some(plain_text(content)),
            _ => None,
        });
        for text in std::iter::once(plain_text(&ch.title)).chain(headings) {
            if let Some((0, form)) = form_mentions(text.trim_start()).into_iter().next() {
                out.insert(form);
            }
        }
    }
    out
}

/// The checks of one rendered chapter's text that the document model does not make: GS1
/// identifiers and record forms mentioned.
fn check_text(
    file: &str,
    source: &str,
    rendered: &str,
    forms: &BTreeSet<String>,
    out: &mut Vec<Diagnostic>,
) {
    // GS1 identifiers and Digital Link URIs anywhere in the text.
    for found in gs1::scan_text(rendered) {
        if let Some(problem) = found.problem {
            let (l, c) = locate(source, rendered, found.start, &found.text);
            let (what_vi, what_en) = match found.kind {
                "gtin" => ("Mã GTIN", "GTIN"),
                "gln" => ("Mã GLN", "GLN"),
                "sscc" => ("Mã SSCC", "SSCC"),
                _ => ("Liên kết số GS1 (Digital Link)", "GS1 Digital Link"),
            };
            out.push(
                Diagnostic::error(
                    &format!("id.{}", found.kind),
                    format!("{what_vi} “{}” không hợp lệ: {}.", found.text, problem.vi),
                    format!("{what_en} “{}” is not valid: {}.", found.text, problem.en),
                )
                .in_file(file)
                .at(l, c)
                .hint(
                    "Kiểm tra lại chữ số kiểm tra (GS1 mod-10) và thứ tự 22 → 10 → 21 trong liên kết.",
                    "Check the GS1 mod-10 check digit and the qualifier order 22 → 10 → 21.",
                ),
            );
        }
    }
    // Record forms mentioned but not in the handbook.
    let mut reported = BTreeSet::new();
    for (at, form) in form_mentions(rendered) {
        if !forms.contains(&form) && reported.insert(form.clone()) {
            let (l, c) = locate(source, rendered, at, &form);
            out.push(
                Diagnostic::error(
                    "form.missing",
                    format!("Biểu mẫu {form} được nhắc tới nhưng không có trong sổ tay."),
                    format!("The form {form} is referred to but is not in the handbook."),
                )
                .in_file(file)
                .at(l, c)
                .hint(
                    "Thêm biểu mẫu vào phụ lục (tiêu đề “## BM-xx. Tên biểu mẫu”) hoặc sửa mã.",
                    "Add the form to the annex (heading “## BM-xx. Form name”) or fix the id.",
                ),
            );
        }
    }
}

/// The document's diagnostics by chapter (index into `chapters`, in the order of their place
/// there), and those about no chapter (the cover's logo). A chapter Tera could not render is
/// built from its source, so the rest of the document resolves as an export would, but its own
/// diagnostics wait until Tera's error is fixed.
fn document_diagnostics(
    built: Built,
    inputs: &[ChapterInput],
    chapters: &[ChapterText<'_>],
) -> (BTreeMap<usize, Vec<Diagnostic>>, Vec<Diagnostic>) {
    let index: BTreeMap<&str, usize> = inputs
        .iter()
        .enumerate()
        .map(|(i, c)| (c.key.as_str(), i))
        .collect();
    let mut found: BTreeMap<usize, Vec<(Diagnostic, Option<usize>)>> = BTreeMap::new();
    let mut other = Vec::new();
    let mut to_source: BTreeMap<usize, ToSource<'_>> = BTreeMap::new();
    for (mut d, span) in built.diagnostics.into_iter().zip(built.spans) {
        if BLOCKING.contains(&d.code.as_str()) {
            d.severity = Severity::Error;
        }
        let Some(ci) = d.file.as_deref().and_then(|f| index.get(f).copied()) else {
            other.push(d);
            continue;
        };
        let chapter = &chapters[ci];
        let Some(rendered) = chapter.rendered else {
            continue;
        };
        let in_source = span.and_then(|s| {
            to_source
                .entry(ci)
                .or_insert_with(|| ToSource::new(chapter.source, rendered))
                .place(s.range)
        });
        d.file = Some(chapter.file.to_owned());
        found.entry(ci).or_default().push((d, in_source));
    }
    let by_chapter = found
        .into_iter()
        .map(|(ci, list)| {
            let offsets: Vec<usize> = list.iter().filter_map(|(_, at)| *at).collect();
            let mut places = line_cols(chapters[ci].source, &offsets).into_iter();
            let mut list: Vec<Diagnostic> = list
                .into_iter()
                .map(|(d, at)| match at.and_then(|_| places.next()) {
                    Some((l, c)) => d.at(Some(l), Some(c)),
                    None => d,
                })
                .collect();
            list.sort_by_key(|d| (d.line, d.column));
            (ci, list)
        })
        .collect();
    (by_chapter, other)
}

/// The Markdown-level checks of a document, chapter by chapter (index for index with
/// `inputs`): the build's diagnostics and the identifiers and record forms in each chapter's
/// text; then those about no chapter (the cover's logo). `forms`: the record forms declared
/// outside the text (the manifest's).
fn check_document(
    meta: DocMeta,
    inputs: &[ChapterInput],
    texts: &[ChapterText<'_>],
    images: &dyn Fn(&str) -> Option<Image>,
    mut forms: BTreeSet<String>,
) -> (Vec<Vec<Diagnostic>>, Vec<Diagnostic>) {
    let built = build(meta, inputs, Numbering::Auto, images);
    forms.extend(form_headings(&built.document));
    let (mut found, cover) = document_diagnostics(built, inputs, texts);
    let by_chapter = texts
        .iter()
        .enumerate()
        .map(|(ci, t)| {
            let mut out = Vec::new();
            if let Some(md) = t.rendered {
                check_text(t.file, t.source, md, &forms, &mut out);
            }
            out.extend(found.remove(&ci).unwrap_or_default());
            out
        })
        .collect();
    (by_chapter, cover)
}

/// Whether a chapter has nothing beyond its headings.
fn is_empty_chapter(source: &str) -> bool {
    !sotay_doc::has_content(source)
        || source
            .lines()
            .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
}

/// CTE rows without KDEs, in any table variable that has a `kdes` column.
fn cte_without_kdes(defs: &[sotay_model::VariableDef], vars: &Value, out: &mut Vec<Diagnostic>) {
    for def in defs
        .iter()
        .filter(|d| d.kind == VariableKind::Table && d.columns.iter().any(|c| c.key == "kdes"))
    {
        let rows = variable_at(vars, &def.key).and_then(Value::as_array);
        for (i, row) in rows.into_iter().flatten().enumerate() {
            let blank = row
                .get("kdes")
                .and_then(Value::as_str)
                .is_none_or(|s| s.trim().is_empty());
            if blank {
                let event = row.get("event").and_then(Value::as_str).unwrap_or("?");
                out.push(
                    Diagnostic::error(
                        "cte.no_kdes",
                        format!("Sự kiện trọng yếu “{event}” chưa có dữ liệu chính (KDE) nào."),
                        format!("The critical tracking event “{event}” has no key data elements."),
                    )
                    .in_file(VARIABLES_FILE)
                    .for_key(format!("{}[{}].kdes", def.key, i + 1))
                    .hint(
                        "Liệt kê các dữ liệu cần ghi, cách nhau bằng dấu chấm phẩy.",
                        "List the data to record, separated by semicolons.",
                    ),
                );
            }
        }
    }
}

impl Workspace {
    /// Checks a handbook: variables, mandatory chapters, Tera errors, identifiers, forms, links,
    /// images, CTEs without KDEs and open review comments.
    pub fn check(&self, handbook: &str) -> Result<Vec<Diagnostic>, Error> {
        let id = self.resolve_handbook(handbook)?;
        let h = self.store.handbook(&id)?;
        let mut out = Vec::new();
        let template = self.template(&h.summary.template_id).ok();
        let attachments: BTreeSet<String> = self.attachment_names(&id)?.into_iter().collect();
        let mut forms = BTreeSet::new();
        match template {
            Some(t) => {
                out.extend(validate_vars(&t.manifest.variables, &h.variables));
                cte_without_kdes(&t.manifest.variables, &h.variables, &mut out);
                forms.extend(t.manifest.forms.iter().map(|f| f.id.clone()));
                for def in t
                    .manifest
                    .chapters
                    .iter()
                    .filter(|c| ChapterLevel::from(c.level) == ChapterLevel::M)
                {
                    if !h.chapters.iter().any(|c| c.key == def.key) {
                        out.push(
                            Diagnostic::error(
                                "chapter.missing",
                                format!("Thiếu chương bắt buộc “{}”.", def.title.vi),
                                format!("The mandatory chapter “{}” is missing.", def.title.en),
                            )
                            .in_file(def.key.clone())
                            .hint(
                                "Khôi phục chương từ lịch sử hoặc thêm lại chương này.",
                                "Restore the chapter from the history or add it again.",
                            ),
                        );
                    }
                }
            }
            None => out.push(
                Diagnostic::warning(
                    "template.unavailable",
                    format!(
                        "Không có mẫu “{}” trong bản Sotay này: chưa kiểm tra được các biến.",
                        h.summary.template_id
                    ),
                    format!(
                        "The template “{}” is not in this Sotay: the variables were not checked.",
                        h.summary.template_id
                    ),
                )
                .in_file(VARIABLES_FILE),
            ),
        }
        // Render every chapter once and build the document as the exports do (an image is
        // there when the handbook has a file of that name; its bytes are not needed).
        let (inputs, errors): (Vec<ChapterInput>, Vec<Option<Diagnostic>>) =
            chapter_inputs(&h, template).into_iter().unzip();
        let texts: Vec<ChapterText<'_>> = h
            .chapters
            .iter()
            .zip(&inputs)
            .zip(&errors)
            .map(|((c, input), error)| ChapterText {
                file: &c.key,
                source: &c.source,
                rendered: error.is_none().then_some(input.markdown.as_str()),
            })
            .collect();
        out.extend(errors.iter().flatten().cloned());
        let images = |name: &str| {
            attachments.contains(name).then(|| Image {
                bytes: Vec::new(),
                mime: mime_of(name).to_owned(),
            })
        };
        let (found, cover) =
            check_document(handbook_meta(&h, template), &inputs, &texts, &images, forms);
        for (c, found) in h.chapters.iter().zip(found) {
            if is_empty_chapter(&c.source) {
                let d = Diagnostic::new(
                    if c.level == ChapterLevel::M {
                        Severity::Error
                    } else {
                        Severity::Warning
                    },
                    "chapter.empty",
                    Localized::new(
                        format!("Chương “{}” chưa có nội dung.", c.title),
                        format!("The chapter “{}” has no content.", c.title),
                    ),
                )
                .in_file(c.key.clone())
                .hint(
                    "Viết nội dung hoặc khôi phục từ lịch sử.",
                    "Write its content or restore it from the history.",
                );
                out.push(d);
            }
            out.extend(found);
        }
        // The cover's logo is a variable.
        out.extend(cover.into_iter().map(|mut d| {
            d.file = Some(VARIABLES_FILE.to_owned());
            d.for_key("issuing_body_logo")
        }));
        // The template lint on the chapters as they are now: an optional variable printed
        // without a guard matters when it is empty in this handbook; spelling and legal bases
        // always; a literal name where this handbook has a variable for it.
        if let Some(t) = template {
            let bases: std::collections::BTreeSet<String> = t
                .manifest
                .legal_bases
                .iter()
                .filter_map(|b| sotay_templates::lint::legal_key(b))
                .collect();
            for c in &h.chapters {
                let blank = |key: &str| {
                    sotay_templates::variable_at(&h.variables, key).is_none_or(|v| match v {
                        serde_json::Value::Null => true,
                        serde_json::Value::String(s) => s.trim().is_empty(),
                        _ => false,
                    })
                };
                out.extend(
                    sotay_templates::lint::unguarded_optionals(
                        &c.key,
                        &c.source,
                        &t.manifest.variables,
                    )
                    .into_iter()
                    .filter(|d| d.key.as_deref().is_some_and(blank)),
                );
                out.extend(sotay_templates::lint::literal_names(
                    &c.key,
                    &c.source,
                    &h.variables,
                ));
                out.extend(sotay_templates::lint::unlisted_references(
                    &c.key, &c.source, &bases,
                ));
                out.extend(sotay_templates::lint::spellings(&c.key, &c.source));
            }
        }
        let open = self
            .store
            .comments(&id)?
            .iter()
            .filter(|c| c.status == CommentStatus::Open)
            .count();
        if open > 0 {
            out.push(Diagnostic::new(
                Severity::Warning,
                "review.open_comments",
                Localized::new(
                    format!("Còn {open} góp ý chưa giải quyết."),
                    format!("{open} review comments are still open."),
                ),
            ));
        }
        out.sort_by_key(|d| d.severity);
        Ok(out)
    }
}

/// Checks a template folder on disk (`sotay template check DIR`).
pub fn check_template_dir(dir: &Path) -> Result<Vec<Diagnostic>, Error> {
    if !dir.is_dir() {
        return Err(Error::localized(
            ErrorCode::InvalidInput,
            format!("“{}” không phải là thư mục mẫu sổ tay.", dir.display()),
            format!("“{}” is not a template folder.", dir.display()),
        ));
    }
    let (files, unreadable) = sotay_templates::read_dir_files(dir).map_err(|e| {
        Error::localized(
            ErrorCode::InvalidInput,
            format!("Không đọc được thư mục “{}”: {e}", dir.display()),
            format!("Cannot read the folder “{}”: {e}", dir.display()),
        )
    })?;
    Ok(check_template_files(&files, &unreadable))
}

/// Checks a template given as files: the manifest, sample values, Tera, then the Markdown of
/// every chapter rendered with the sample values.
pub fn check_template_files(
    files: &std::collections::BTreeMap<String, String>,
    unreadable: &[String],
) -> Vec<Diagnostic> {
    let check = sotay_templates::check_files(files, unreadable);
    let mut out = check.diagnostics;
    let mut forms = BTreeSet::new();
    if let Some(Ok(manifest)) = files
        .get("template.toml")
        .map(|t| toml::from_str::<sotay_templates::Manifest>(t))
    {
        forms.extend(manifest.forms.iter().map(|f| f.id.clone()));
    }
    let template = check.template.as_ref();
    let inputs: Vec<ChapterInput> = check
        .rendered
        .iter()
        .map(|r| ChapterInput {
            key: r.key.clone(),
            title: template
                .and_then(|t| t.manifest.chapters.iter().find(|c| c.key == r.key))
                .map_or_else(|| r.key.clone(), |c| c.title.vi.clone()),
            markdown: r.rendered.clone(),
            role: chapter_role(template, &r.key),
        })
        .collect();
    let texts: Vec<ChapterText<'_>> = check
        .rendered
        .iter()
        .map(|r| ChapterText {
            file: &r.file,
            source: &r.source,
            rendered: Some(&r.rendered),
        })
        .collect();
    let (found, _) = check_document(DocMeta::default(), &inputs, &texts, &|_| None, forms);
    for (r, found) in check.rendered.iter().zip(found) {
        if is_empty_chapter(&r.source) {
            out.push(
                Diagnostic::warning(
                    "chapter.empty",
                    "Chương chưa có nội dung.",
                    "The chapter has no content.",
                )
                .in_file(r.file.clone()),
            );
        }
        out.extend(found);
    }
    out
}

/// Whether a list of diagnostics has an error (`check` exits 1 then).
pub fn has_errors(d: &[Diagnostic]) -> bool {
    sotay_model::diagnostic::has_errors(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(key: &str, markdown: &str) -> ChapterInput {
        ChapterInput {
            key: key.into(),
            title: key.into(),
            markdown: markdown.into(),
            role: sotay_doc::ChapterRole::Body,
        }
    }

    /// The Markdown-level checks of chapters given as (key, source, rendered).
    fn check(chapters: &[(&str, &str, &str)], forms: &[&str], images: &[&str]) -> Vec<Diagnostic> {
        let inputs: Vec<ChapterInput> = chapters.iter().map(|(k, _, r)| input(k, r)).collect();
        let texts: Vec<ChapterText<'_>> = chapters
            .iter()
            .map(|(k, s, r)| ChapterText {
                file: k,
                source: s,
                rendered: Some(r),
            })
            .collect();
        let images = |name: &str| {
            images.contains(&name).then(|| Image {
                bytes: Vec::new(),
                mime: String::new(),
            })
        };
        let forms = forms.iter().map(|f| f.to_string()).collect();
        let (found, _) = check_document(DocMeta::default(), &inputs, &texts, &images, forms);
        found.into_iter().flatten().collect()
    }

    fn codes_at(found: &[Diagnostic]) -> Vec<(String, String)> {
        found
            .iter()
            .map(|d| (d.code.clone(), d.location()))
            .collect()
    }

    #[test]
    fn markdown_checks_find_identifiers_forms_links_and_images() {
        let md = "# Chương\n\nGhi vào BM-01 và BM-07. Mã GTIN 8934567000014.\n\n[mục 1](#muc-1) [sai](#muc-9)\n\n![ao nuôi](anh/ao.jpg) ![thiếu](anh/khong.jpg)\n";
        let found = check(
            &[
                ("ch", md, md),
                ("khac", "# Khác\n\n## Mục 1\n", "# Khác\n\n## Mục 1\n"),
            ],
            &["BM-01"],
            &["anh/ao.jpg"],
        );
        assert_eq!(
            codes_at(&found),
            [
                ("id.gtin", "ch:3:33"),
                ("form.missing", "ch:3:18"),
                ("xref.unresolved", "ch:5:22"),
                ("image.missing", "ch:7:32"),
            ]
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
        );
        // What blocks approval in check is an error here, a warning in an export.
        assert!(found.iter().all(|d| d.severity == Severity::Error));
    }

    /// Issue 18: the build's accessibility warnings reach `check` as warnings (never errors: a
    /// draft may have them), at their place in the chapter's source even where Tera moved the
    /// rendered text.
    #[test]
    fn accessibility_warnings_point_into_the_source() {
        let source =
            "# C\n\n{% if a %}\nMột.\n\nHai.\n{% endif %}\n\n#### Sâu\n\n![](anh/ao.jpg)\n";
        let rendered = "# C\n\n\n\n#### Sâu\n\n![](anh/ao.jpg)\n";
        let found = check(&[("ch", source, rendered)], &[], &["anh/ao.jpg"]);
        assert_eq!(
            codes_at(&found),
            [
                ("a11y.heading_skip", "ch:9:1"),
                ("a11y.image_alt", "ch:11:1")
            ]
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
        );
        assert!(found.iter().all(|d| d.severity == Severity::Warning));
    }

    /// Issue 15: `check` and the writers name headings, tables and chapters by the same rules,
    /// so a link the HTML resolves is never reported (the old check knew only headings, by a
    /// slug of its own, and called these links broken).
    #[test]
    fn a_link_the_html_resolves_is_not_reported() {
        let a = "# Quy trình thu hồi\n\n## Mục tiêu\n\n## Bảng 1 {#bang-1}\n\nBảng: Sự kiện {#bang-cte}\n\n| A |\n|---|\n| 1 |\n";
        let b = "# Kiểm tra\n\n## Mục tiêu\n\nXem [](#bang-1), [](#muc-tieu-2), [](#bang-cte), [](#chuong-a), [](#a) và [BM](#BM-02).\n\n## BM-02. Nhật ký\n";
        let found = check(&[("a", a, a), ("b", b, b)], &[], &[]);
        assert_eq!(codes_at(&found), []);
        // And the other way round: a chapter's anchor is `chuong-<key>` or its `{#id}`, never a
        // slug of its title (the old check took that one, the writers never did).
        let c = "# C\n\n[](#quy-trinh-thu-hoi)\n";
        let found = check(&[("a", a, a), ("c", c, c)], &[], &[]);
        assert_eq!(
            codes_at(&found),
            [("xref.unresolved".to_owned(), "c:3:3".to_owned())]
        );
        let built = build(
            DocMeta::default(),
            &[input("a", a), input("b", b)],
            Numbering::Auto,
            &|_| None,
        );
        assert!(built.diagnostics.is_empty(), "{:?}", built.diagnostics);
        let html = sotay_doc::html::body_fragment(&built.document);
        for id in ["muc-tieu-2", "bang-cte", "bang-1"] {
            assert!(html.contains(&format!("id=\"{id}\"")), "{id}");
        }
    }

    /// Issue 15: one problem, one diagnostic, one code — the build's — at the chapter, line
    /// and column where it is written in the source, even when Tera moved it.
    #[test]
    fn a_broken_reference_is_one_diagnostic_at_its_place_in_the_source() {
        let source = "# Giới thiệu\n\n{% if a %}\nDòng thêm.\n{% endif %}\nSản phẩm {{ p }}: xem [mục](#khong-co).\n";
        let vars = serde_json::json!({ "a": true, "p": "Tôm sú nguyên con" });
        let rendered = sotay_templates::render(source, &vars).unwrap();
        let found = check(&[("gioi-thieu", source, &rendered)], &[], &[]);
        assert_eq!(
            codes_at(&found),
            [("xref.unresolved".to_owned(), "gioi-thieu:6:28".to_owned())]
        );
        // The document build gives the same code, at its place in the rendered text.
        let built = build(
            DocMeta::default(),
            &[input("gioi-thieu", &rendered)],
            Numbering::Auto,
            &|_| None,
        );
        let d = &built.diagnostics[..];
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, found[0].code);
        let (l, c) = line_col(&rendered, rendered.find("(#khong-co)").unwrap());
        assert_eq!((d[0].line, d[0].column), (Some(l), Some(c)));
        assert_ne!((l, c), (6, 28), "Tera moved it");
    }

    #[test]
    fn check_reports_what_the_build_reports() {
        let deep = format!("# Sâu\n\n{} x\n", ">".repeat(40));
        let found = check(&[("sau", &deep, &deep)], &[], &[]);
        let built = build(
            DocMeta::default(),
            &[input("sau", &deep)],
            Numbering::Auto,
            &|_| None,
        );
        assert_eq!(found, built.diagnostics);
        assert_eq!(found[0].code, "markdown.too_deep");
    }

    #[test]
    fn a_chapter_of_headings_only_is_empty() {
        assert!(is_empty_chapter("# Tiêu đề\n\n## Mục\n"));
        assert!(!is_empty_chapter("# Tiêu đề\n\nNội dung.\n"));
    }
}
