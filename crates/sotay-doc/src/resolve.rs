//! Resolution: chapter, section, table and figure numbers, heading ids, cross-references and footnotes, in one pass over the parsed chapters.

use super::*;
use crate::captions::{caption_kind, caption_label, Caption, FIGURE_WORDS};
use crate::span::{Mark, Marks};

pub(crate) struct Builder<'a> {
    pub(crate) images: &'a dyn Fn(&str) -> Option<Image>,
    pub(crate) ids: BTreeSet<String>,
    pub(crate) targets: BTreeMap<String, Target>,
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// Where each of `diagnostics` points, index for index.
    pub(crate) spans: Vec<Option<Span>>,
    /// The chapter being numbered or resolved (its index), `None` before the first.
    pub(crate) chapter: Option<usize>,
    /// Where each chapter's cross-references, images and footnote references were written.
    pub(crate) marks: Vec<Marks>,
    pub(crate) found_images: BTreeMap<String, Image>,
    pub(crate) toc: Vec<TocEntry>,
    pub(crate) numbering: bool,
}

impl Builder<'_> {
    pub(crate) fn unique_id(&mut self, wanted: &str) -> String {
        let base = if wanted.is_empty() {
            "muc".to_owned()
        } else {
            wanted.to_owned()
        };
        let mut id = base.clone();
        let mut n = 2;
        while self.ids.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        self.ids.insert(id.clone());
        id
    }

    /// Reports a problem found in chapter `key` (a warning: building never fails). `about`
    /// names what it is about, so that it points where that was written in the current
    /// chapter.
    pub(crate) fn warn(&mut self, key: &str, about: Option<(Mark, &str)>, d: Diagnostic) {
        let span = match (self.chapter, about) {
            (Some(ci), Some((mark, name))) => self
                .marks
                .get_mut(ci)
                .and_then(|m| m.take(mark, name))
                .map(|range| Span { chapter: ci, range }),
            _ => None,
        };
        self.diagnostics.push(d.in_file(key));
        self.spans.push(span);
    }

    pub(crate) fn image(&mut self, chapter: &str, src: &str) {
        if self.found_images.contains_key(src) {
            return;
        }
        let about = Some((Mark::Image, src));
        if src.starts_with("http://") || src.starts_with("https://") {
            self.warn(
                chapter,
                about,
                Diagnostic::warning(
                    "image.remote",
                    format!("Ảnh “{src}” nằm trên mạng nên không được đưa vào (bản mềm không tải gì từ mạng)."),
                    format!("The image “{src}” is on the web and was left out (soft copies fetch nothing)."),
                )
                .hint(
                    "Thêm ảnh vào sổ tay bằng nút Ảnh trên thanh công cụ.",
                    "Add the image to the handbook with the toolbar's Image button.",
                ),
            );
            return;
        }
        match (self.images)(src) {
            Some(img) => {
                self.found_images.insert(src.to_owned(), img);
            }
            None => self.warn(
                chapter,
                about,
                Diagnostic::warning(
                    "image.missing",
                    format!("Không tìm thấy ảnh “{src}”; bản xuất hiện ô thay thế."),
                    format!("The image “{src}” was not found; a placeholder is shown."),
                )
                .hint(
                    "Thêm ảnh vào sổ tay hoặc sửa tên tệp.",
                    "Add the image to the handbook or fix the file name.",
                ),
            ),
        }
    }

    /// Numbers sections, tables and figures of one chapter; registers their targets.
    pub(crate) fn number_chapter(
        &mut self,
        ci: usize,
        key: &str,
        chapter_no: Option<&str>,
        blocks: &mut [Block],
    ) {
        let mut sections = [0u32; 7];
        let mut tables = 0u32;
        let mut figures = 0u32;
        self.number_blocks(
            ci,
            key,
            chapter_no,
            blocks,
            &mut sections,
            &mut tables,
            &mut figures,
        );
    }

    /// Whether an image is a drawn signature (the SVG `sotay_model::signature::Drawing::to_svg`
    /// writes for a mark signed on screen), which belongs to its signature block.
    fn is_signature(&self, src: &str) -> bool {
        self.found_images.get(src).is_some_and(|img| {
            img.mime == "image/svg+xml"
                && std::str::from_utf8(&img.bytes)
                    .ok()
                    .and_then(sotay_model::signature::Drawing::from_svg)
                    .is_some()
        })
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn number_blocks(
        &mut self,
        ci: usize,
        key: &str,
        chapter_no: Option<&str>,
        blocks: &mut [Block],
        sections: &mut [u32; 7],
        tables: &mut u32,
        figures: &mut u32,
    ) {
        for b in blocks {
            match b {
                Block::Heading {
                    level,
                    id,
                    number,
                    content,
                } => {
                    let text = plain_text(content);
                    let wanted = if id.is_empty() {
                        sotay_model::text::slug(&text)
                    } else {
                        id.clone()
                    };
                    *id = self.unique_id(&wanted);
                    let l = (*level).clamp(2, 6) as usize;
                    sections[l] += 1;
                    for s in sections.iter_mut().skip(l + 1) {
                        *s = 0;
                    }
                    if let (true, Some(c)) = (self.numbering, chapter_no) {
                        let parts: Vec<String> = sections[2..=l]
                            .iter()
                            .map(|n| n.max(&1).to_string())
                            .collect();
                        *number = Some(format!("{c}.{}", parts.join(".")));
                    }
                    let label = match number {
                        Some(n) => format!("mục {n}"),
                        None => format!("mục “{text}”"),
                    };
                    // A record form's heading ("BM-03. Nhật ký ao nuôi") is also reachable as #BM-03.
                    let form: String = text
                        .strip_prefix("BM-")
                        .map(|r| {
                            format!(
                                "BM-{}",
                                r.chars()
                                    .take_while(char::is_ascii_digit)
                                    .collect::<String>()
                            )
                        })
                        .filter(|f| f.len() > 3)
                        .unwrap_or_default();
                    if !form.is_empty() {
                        self.targets.entry(form.clone()).or_insert(Target {
                            kind: TargetKind::Form,
                            chapter: ci,
                            id: id.clone(),
                            label: format!("Biểu mẫu {form}"),
                        });
                    }
                    self.targets.insert(
                        id.clone(),
                        Target {
                            kind: TargetKind::Section,
                            chapter: ci,
                            id: id.clone(),
                            label,
                        },
                    );
                    if *level <= 3 {
                        self.toc.push(TocEntry {
                            level: *level,
                            chapter: ci,
                            id: id.clone(),
                            number: number.clone(),
                            title: text,
                        });
                    }
                }
                Block::Table(t) => {
                    let hand = t.number.as_deref() == Some("");
                    t.number = None;
                    if t.caption.is_some() {
                        *tables += 1;
                        let label = if hand {
                            caption_label(t.caption.as_deref().unwrap_or_default(), "Bảng")
                        } else {
                            let n = match chapter_no.filter(|_| self.numbering) {
                                Some(c) => format!("{c}.{tables}"),
                                None => tables.to_string(),
                            };
                            t.number = Some(n.clone());
                            format!("Bảng {n}")
                        };
                        let id = self.unique_id(
                            &t.id
                                .clone()
                                .unwrap_or_else(|| format!("bang-{key}-{tables}")),
                        );
                        t.id = Some(id.clone());
                        self.targets.insert(
                            id.clone(),
                            Target {
                                kind: TargetKind::Table,
                                chapter: ci,
                                id,
                                label,
                            },
                        );
                    }
                }
                Block::Figure {
                    id,
                    number,
                    caption,
                    src,
                    ..
                } => {
                    self.image(key, &src.clone());
                    if self.is_signature(src) {
                        // Part of a signature block, not a figure of the text: no number, no
                        // caption (the alt text stays its description), not counted, no target.
                        caption.clear();
                        *number = None;
                        *id = None;
                        continue;
                    }
                    *figures += 1;
                    let text = plain_text(caption);
                    let hand = matches!(caption_kind(&text, FIGURE_WORDS), Some(Caption::Hand));
                    let label = if hand || caption.is_empty() {
                        if caption.is_empty() {
                            format!("Hình {figures}")
                        } else {
                            caption_label(caption, "Hình")
                        }
                    } else {
                        let n = match chapter_no.filter(|_| self.numbering) {
                            Some(c) => format!("{c}.{figures}"),
                            None => figures.to_string(),
                        };
                        *number = Some(n.clone());
                        format!("Hình {n}")
                    };
                    let new_id = self.unique_id(
                        &id.clone()
                            .unwrap_or_else(|| format!("hinh-{key}-{figures}")),
                    );
                    *id = Some(new_id.clone());
                    self.targets.insert(
                        new_id.clone(),
                        Target {
                            kind: TargetKind::Figure,
                            chapter: ci,
                            id: new_id,
                            label,
                        },
                    );
                }
                Block::List { items, .. } => {
                    for i in items {
                        self.number_blocks(
                            ci,
                            key,
                            chapter_no,
                            &mut i.blocks,
                            sections,
                            tables,
                            figures,
                        );
                    }
                }
                Block::Quote(inner) | Block::Alert { blocks: inner, .. } => {
                    self.number_blocks(ci, key, chapter_no, inner, sections, tables, figures);
                }
                _ => {}
            }
        }
    }

    pub(crate) fn resolve_blocks(
        &mut self,
        key: &str,
        blocks: &mut [Block],
        notes: &BTreeMap<String, u32>,
    ) {
        for b in blocks {
            match b {
                Block::Heading { content, .. } | Block::Paragraph(content) => {
                    self.resolve_inlines(key, content, notes)
                }
                Block::Figure { caption, .. } => self.resolve_inlines(key, caption, notes),
                Block::Table(t) => {
                    if let Some(c) = &mut t.caption {
                        self.resolve_inlines(key, c, notes);
                    }
                    for cell in t.head.iter_mut().chain(t.rows.iter_mut().flatten()) {
                        self.resolve_inlines(key, cell, notes);
                    }
                }
                Block::List { items, .. } => {
                    for i in items {
                        self.resolve_blocks(key, &mut i.blocks, notes);
                    }
                }
                Block::Quote(inner) | Block::Alert { blocks: inner, .. } => {
                    self.resolve_blocks(key, inner, notes)
                }
                _ => {}
            }
        }
    }

    pub(crate) fn resolve_inlines(
        &mut self,
        key: &str,
        inlines: &mut [Inline],
        notes: &BTreeMap<String, u32>,
    ) {
        for i in inlines {
            match i {
                Inline::XRef {
                    target,
                    id,
                    content,
                } => {
                    self.resolve_inlines(key, content, notes);
                    *target = self.targets.get(id.as_str()).cloned().map(Box::new);
                    if target.is_none() {
                        let d = Diagnostic::warning(
                            "xref.unresolved",
                            format!("Tham chiếu “#{id}” không trỏ tới chương, mục, bảng, hình hay biểu mẫu nào."),
                            format!("The reference “#{id}” points to no chapter, section, table, figure or form."),
                        )
                        .hint(
                            "Đặt mã cho tiêu đề, bảng hay hình đích bằng {#ma-muc} hoặc sửa tham chiếu.",
                            "Give the target heading, table or figure an id with {#section-id} or fix the reference.",
                        );
                        self.warn(key, Some((Mark::XRef, id.as_str())), d);
                    }
                }
                Inline::FootnoteRef { number, id } => match notes.get(id.as_str()) {
                    Some(n) => {
                        *number = *n;
                        *id = footnote_id(key, id);
                    }
                    None => {
                        let d = Diagnostic::warning(
                            "footnote.missing",
                            format!("Chú thích [^{id}] chưa có nội dung."),
                            format!("The footnote [^{id}] has no text."),
                        )
                        .hint(
                            format!("Viết nội dung chú thích ở cuối chương: “[^{id}]: …”."),
                            format!("Write the footnote's text at the end of the chapter: “[^{id}]: …”."),
                        );
                        self.warn(key, Some((Mark::Footnote, id.as_str())), d);
                    }
                },
                Inline::Image { src, .. } => {
                    let s = src.clone();
                    self.image(key, &s);
                }
                Inline::Strong(c)
                | Inline::Emph(c)
                | Inline::Strike(c)
                | Inline::Link { content: c, .. }
                | Inline::Lang { content: c, .. } => self.resolve_inlines(key, c, notes),
                _ => {}
            }
        }
    }
}

/// The anchor of a chapter's footnote.
pub(crate) fn footnote_id(chapter_key: &str, label: &str) -> String {
    format!("fn-{chapter_key}-{}", sotay_model::text::slug(label))
}

/// Footnote labels in the order they are first referenced.
pub(crate) fn footnote_order(blocks: &[Block], out: &mut Vec<String>) {
    pub(crate) fn inl(inlines: &[Inline], out: &mut Vec<String>) {
        for i in inlines {
            match i {
                Inline::FootnoteRef { id, .. } if !out.contains(id) => out.push(id.clone()),
                Inline::Strong(c)
                | Inline::Emph(c)
                | Inline::Strike(c)
                | Inline::Link { content: c, .. }
                | Inline::Lang { content: c, .. }
                | Inline::XRef { content: c, .. } => inl(c, out),
                _ => {}
            }
        }
    }
    for b in blocks {
        match b {
            Block::Heading { content, .. } | Block::Paragraph(content) => inl(content, out),
            Block::Figure { caption, .. } => inl(caption, out),
            Block::Table(t) => {
                for cell in t.head.iter().chain(t.rows.iter().flatten()) {
                    inl(cell, out);
                }
            }
            Block::List { items, .. } => items.iter().for_each(|i| footnote_order(&i.blocks, out)),
            Block::Quote(inner) | Block::Alert { blocks: inner, .. } => footnote_order(inner, out),
            _ => {}
        }
    }
}
