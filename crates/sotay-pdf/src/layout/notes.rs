//! Footnotes: laid out when referenced, kept with the line that calls them, drawn at the foot of the page.

use super::*;

impl<'a> Engine<'a> {
    /// Footnote lines for `id`, laid at the full text width.
    pub(super) fn note_lines(&mut self, id: &str) -> Vec<Line> {
        let Some(f) = self.notes.get(id).copied() else {
            return Vec::new();
        };
        let size = self.geo.size.note;
        let base = self.base(Family::Serif, false, false, size, BLACK);
        let w = self.geo.text_w();
        let mut lines = Vec::new();
        let mut first = true;
        for b in &f.blocks {
            let mut spans = Vec::new();
            if first {
                let mut num = base;
                num.bold = true;
                spans.extend(self.text_spans(&format!("{}. ", f.number), num));
                first = false;
            }
            match b {
                Block::Paragraph(i) => spans.extend(self.spans(i, base)),
                other => {
                    let mut cut = false;
                    let t = block_plain(other, 0, &mut cut);
                    if cut {
                        self.warn(
                            "pdf.table.cut",
                            format!("Chú thích {} chứa một bảng quá lớn: bản PDF chỉ in {MAX_TABLE_CELLS} ô đầu; bản HTML và EPUB giữ đủ.", f.number),
                            format!("The footnote {} holds a table too large: the PDF prints its first {MAX_TABLE_CELLS} cells only; the HTML and EPUB keep them all.", f.number),
                        );
                    }
                    spans.extend(self.text_spans(&t, base));
                }
            }
            lines.extend(lay_out(self.fonts, &spans, w, Align::Justify, 1.3));
        }
        if first {
            let mut num = base;
            num.bold = true;
            let spans = self.text_spans(&format!("{}.", f.number), num);
            lines.extend(lay_out(self.fonts, &spans, w, Align::Left, 1.3));
        }
        lines
    }

    /// Space the footnotes first referenced by `line` need on this page.
    pub(super) fn notes_for(&mut self, footnotes: &[String]) -> (f32, Vec<(String, Vec<Line>)>) {
        let mut h = 0.0;
        let mut out = Vec::new();
        let page_has = self.pages.last().is_some_and(|p| !p.notes.is_empty());
        for id in footnotes {
            if self.placed.contains(id)
                || out.iter().any(|(i, _): &(String, Vec<Line>)| i == id)
                || !self.notes.contains_key(id)
            {
                continue;
            }
            let lines = self.note_lines(id);
            h += lines.iter().map(|l| l.height).sum::<f32>();
            out.push((id.clone(), lines));
        }
        if !out.is_empty() && !page_has {
            h += self.geo.size.note * 1.2;
        }
        (h, out)
    }

    /// Reserves the foot of the page for `notes`; each is a `Note` element that follows the
    /// block calling it in the structure tree.
    pub(super) fn add_notes(&mut self, h: f32, notes: Vec<(String, Vec<Line>)>) {
        let mut tagged = Vec::with_capacity(notes.len());
        for (id, lines) in notes {
            self.placed.insert(id.clone());
            let node = self.tree.note(&id);
            tagged.push((id, node, lines));
        }
        let page = self.page();
        page.notes_h += h;
        page.notes.extend(tagged);
    }
}

/// Plain text of a block (footnotes with lists, quotes…), `depth` containers deep (flat
/// beyond [`MAX_NESTING`]); a table gives at most [`MAX_TABLE_CELLS`] cells, and `cut` is set
/// when it had more.
fn block_plain(b: &Block, depth: usize, cut: &mut bool) -> String {
    if depth >= MAX_NESTING {
        return leaf_blocks(std::slice::from_ref(b))
            .into_iter()
            .map(|l| block_plain(l, 0, cut))
            .collect::<Vec<_>>()
            .join(" ");
    }
    match b {
        Block::Heading { content, .. } | Block::Paragraph(content) => plain_text(content),
        Block::List { items, .. } => items
            .iter()
            .map(|i| {
                i.blocks
                    .iter()
                    .map(|b| block_plain(b, depth + 1, cut))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect::<Vec<_>>()
            .join("; "),
        Block::Quote(bs) | Block::Alert { blocks: bs, .. } => bs
            .iter()
            .map(|b| block_plain(b, depth + 1, cut))
            .collect::<Vec<_>>()
            .join(" "),
        Block::Code { text, .. } => text.clone(),
        Block::Table(t) => {
            let cells = t.head.iter().chain(t.rows.iter().flatten());
            let mut text = cells
                .clone()
                .take(MAX_TABLE_CELLS)
                .map(|c| plain_text(c))
                .collect::<Vec<_>>()
                .join(" | ");
            if cells.count() > MAX_TABLE_CELLS {
                *cut = true;
                text.push_str(" | […]");
            }
            text
        }
        Block::Figure { caption, .. } => plain_text(caption),
        Block::Qr { data } => data.clone(),
        Block::Glossary(e) => e
            .iter()
            .map(|(t, d)| format!("{t}: {d}"))
            .collect::<Vec<_>>()
            .join("; "),
        Block::Rule | Block::PageBreak => String::new(),
    }
}
