//! Validation (`sotay check`, `sotay template check`): every diagnostic with a severity, a
//! location, a message in Vietnamese and English, and a hint.

use std::collections::BTreeSet;
use std::path::Path;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde_json::Value;
use sotay_model::diagnostic::line_col;
use sotay_model::{
    gs1, ChapterLevel, CommentStatus, Diagnostic, Localized, Severity, VariableKind,
};
pub(crate) use sotay_templates::render_diagnostic;
use sotay_templates::{render, validate_vars, variable_at, VARIABLES_FILE};

use crate::{Error, ErrorCode, Workspace};

/// What the Markdown-level checks need to know about the whole handbook.
#[derive(Debug, Default)]
struct Context {
    /// Heading ids and chapter keys that `#anchor` links may point to.
    anchors: BTreeSet<String>,
    /// Record-form ids that exist (manifest forms and `## BM-xx` headings).
    forms: BTreeSet<String>,
    /// Image and attachment names stored with the handbook.
    attachments: BTreeSet<String>,
}

/// The id a heading gets: its `{#id}` or a slug of its text.
fn heading_ids(markdown: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut in_heading: Option<(Option<String>, String)> = None;
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Start(Tag::Heading { id, .. }) => {
                in_heading = Some((id.map(|i| i.to_string()), String::new()));
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, text)) = in_heading.as_mut() {
                    text.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((id, text)) = in_heading.take() {
                    let id = id.unwrap_or_else(|| sotay_model::text::slug(&text));
                    out.push((id, text));
                }
            }
            _ => {}
        }
    }
    out
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
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

/// Markdown-level checks of one rendered chapter: identifiers, forms, links and images.
fn check_markdown(
    file: &str,
    source: &str,
    rendered: &str,
    ctx: &Context,
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
        if !ctx.forms.contains(&form) && reported.insert(form.clone()) {
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
    // Links and images.
    for (event, range) in Parser::new_ext(rendered, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                if let Some(anchor) = dest_url.strip_prefix('#') {
                    if !ctx.anchors.contains(anchor) {
                        let (l, c) = locate(source, rendered, range.start, &format!("(#{anchor})"));
                        out.push(
                            Diagnostic::error(
                                "link.broken",
                                format!("Liên kết nội bộ “#{anchor}” không trỏ tới mục nào."),
                                format!("The internal link “#{anchor}” points to no section."),
                            )
                            .in_file(file)
                            .at(l, c)
                            .hint(
                                "Đặt mã cho tiêu đề đích bằng {#ma-muc} hoặc sửa liên kết.",
                                "Give the target heading an id with {#section-id} or fix the link.",
                            ),
                        );
                    }
                }
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                let url = dest_url.to_string();
                let (l, c) = locate(source, rendered, range.start, &format!("({url}"));
                if url.starts_with("http://") || url.starts_with("https://") {
                    out.push(
                        Diagnostic::warning(
                            "image.remote",
                            format!("Ảnh “{url}” nằm trên mạng: bản in và bản mềm không tải ảnh từ mạng."),
                            format!("The image “{url}” is on the web: print and soft copies never fetch from the web."),
                        )
                        .in_file(file)
                        .at(l, c)
                        .hint("Thêm ảnh vào sổ tay bằng nút Ảnh trên thanh công cụ.", "Add the image to the handbook with the toolbar's Image button."),
                    );
                } else if !ctx.attachments.contains(&url) {
                    out.push(
                        Diagnostic::error(
                            "image.missing",
                            format!("Không tìm thấy ảnh “{url}” trong sổ tay."),
                            format!("The image “{url}” is not in the handbook."),
                        )
                        .in_file(file)
                        .at(l, c)
                        .hint(
                            "Thêm ảnh vào sổ tay hoặc sửa tên tệp.",
                            "Add the image to the handbook or fix the file name.",
                        ),
                    );
                }
            }
            _ => {}
        }
    }
}

/// Whether a chapter has text beyond its headings.
fn is_empty_chapter(source: &str) -> bool {
    !Parser::new_ext(source, options()).any(|e| match e {
        Event::Text(t) => !t.trim().is_empty(),
        Event::Start(Tag::Table(_)) | Event::Start(Tag::Image { .. }) => true,
        _ => false,
    }) || source
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
        let mut ctx = Context {
            attachments: self.attachment_names(&id)?.into_iter().collect(),
            ..Context::default()
        };
        match template {
            Some(t) => {
                out.extend(validate_vars(&t.manifest.variables, &h.variables));
                cte_without_kdes(&t.manifest.variables, &h.variables, &mut out);
                ctx.forms
                    .extend(t.manifest.forms.iter().map(|f| f.id.clone()));
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
        // Render every chapter once; collect anchors and form headings for the link checks.
        let mut rendered = Vec::with_capacity(h.chapters.len());
        for c in &h.chapters {
            ctx.anchors.insert(c.key.clone());
            match render(&c.source, &h.variables) {
                Ok(md) => {
                    for (hid, text) in heading_ids(&md) {
                        let head = text.trim_start();
                        if let Some(form) = form_mentions(head).first().filter(|(at, _)| *at == 0) {
                            ctx.forms.insert(form.1.clone());
                        }
                        ctx.anchors.insert(hid);
                    }
                    rendered.push(Some(md));
                }
                Err(e) => {
                    out.push(render_diagnostic(&e, &c.source, Some(&c.key)));
                    rendered.push(None);
                }
            }
        }
        for (c, md) in h.chapters.iter().zip(&rendered) {
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
            if let Some(md) = md {
                check_markdown(&c.key, &c.source, md, &ctx, &mut out);
                out.extend(sotay_doc::chapter_diagnostics(&c.key, &c.title, md));
            }
        }
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
    let mut ctx = Context::default();
    if let Some(Ok(manifest)) = files
        .get("template.toml")
        .map(|t| toml::from_str::<sotay_templates::Manifest>(t))
    {
        ctx.forms
            .extend(manifest.forms.iter().map(|f| f.id.clone()));
    }
    for r in &check.rendered {
        ctx.anchors.insert(r.key.clone());
        for (hid, text) in heading_ids(&r.rendered) {
            if let Some(form) = form_mentions(text.trim_start())
                .first()
                .filter(|(at, _)| *at == 0)
            {
                ctx.forms.insert(form.1.clone());
            }
            ctx.anchors.insert(hid);
        }
    }
    for r in &check.rendered {
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
        check_markdown(&r.file, &r.source, &r.rendered, &ctx, &mut out);
        out.extend(sotay_doc::chapter_diagnostics(&r.file, &r.key, &r.rendered));
    }
    out
}

/// Whether a list of diagnostics has an error (`check` exits 1 then).
pub fn has_errors(d: &[Diagnostic]) -> bool {
    sotay_model::diagnostic::has_errors(d)
}

#[allow(dead_code)]
fn _level(_: HeadingLevel) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_checks_find_identifiers_forms_links_and_images() {
        let ctx = Context {
            anchors: ["muc-1".to_owned()].into(),
            forms: ["BM-01".to_owned()].into(),
            attachments: ["anh/ao.jpg".to_owned()].into(),
        };
        let md = "# Chương\n\nGhi vào BM-01 và BM-07. Mã GTIN 8934567000014.\n\n[xem](#muc-1) [sai](#muc-9)\n\n![ao](anh/ao.jpg) ![thiếu](anh/khong.jpg)\n";
        let mut out = Vec::new();
        check_markdown("ch", md, md, &ctx, &mut out);
        let got: Vec<(String, String)> =
            out.iter().map(|d| (d.code.clone(), d.location())).collect();
        assert_eq!(
            got,
            [
                ("id.gtin", "ch:3:33"),
                ("form.missing", "ch:3:18"),
                ("link.broken", "ch:5:20"),
                ("image.missing", "ch:7:27"),
            ]
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
        );
    }

    #[test]
    fn headings_give_anchors_from_ids_or_slugs() {
        let ids = heading_ids("# Quy trình thu hồi\n\n## Bảng 1 {#bang-1}\n");
        assert_eq!(ids[0].0, "quy-trinh-thu-hoi");
        assert_eq!(ids[1].0, "bang-1");
    }

    #[test]
    fn a_chapter_of_headings_only_is_empty() {
        assert!(is_empty_chapter("# Tiêu đề\n\n## Mục\n"));
        assert!(!is_empty_chapter("# Tiêu đề\n\nNội dung.\n"));
    }
}
