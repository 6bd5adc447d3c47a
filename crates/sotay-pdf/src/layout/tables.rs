//! Tables: column widths, the grid, header rows repeated on every page, over-wide tables as records and over-long tables cut with a note.

use super::*;

impl<'a> Engine<'a> {
    // ----- tables ------------------------------------------------------------------------
    /// A table laid out: caption, header row, rows, column grid.
    pub(super) fn table_parts(
        &mut self,
        t: &Table,
        rows: &[Vec<Cell>],
        fr: Frame,
    ) -> Option<TableParts> {
        let ncols = t
            .head
            .len()
            .max(rows.iter().map(Vec::len).max().unwrap_or(0));
        if ncols == 0 {
            return None;
        }
        let size = self.geo.size.small;
        let body = self.base(Family::Sans, false, false, size, BLACK);
        let head_base = self.base(Family::Sans, true, false, size, BLACK);
        let empty: Vec<Inline> = Vec::new();
        let cell_spans = |e: &mut Engine, row: &[Vec<Inline>], base: Base| -> Vec<Vec<Span>> {
            (0..ncols)
                .map(|c| e.spans(row.get(c).unwrap_or(&empty), base))
                .collect()
        };
        let mut head: Option<Vec<Vec<Span>>> =
            (!t.head.is_empty()).then(|| cell_spans(self, &t.head, head_base));
        let mut rows: Vec<Vec<Vec<Span>>> =
            rows.iter().map(|r| cell_spans(self, r, body)).collect();
        // Column widths from content: the widest unbreakable piece and the natural width of
        // each column, text only.
        let mut tmins = vec![0.0f32; ncols];
        let mut tmaxs = vec![0.0f32; ncols];
        for row in head.iter().chain(rows.iter()) {
            for (c, spans) in row.iter().enumerate() {
                let m = Measured::new(self.fonts, spans);
                tmins[c] = tmins[c].max(m.min_width());
                tmaxs[c] = tmaxs[c].max(m.max_width());
            }
        }
        // A long code may take up to a third of the width before it is broken.
        let cap_min = (fr.w / ncols as f32 * 1.6).max(fr.w * 0.3);
        // Wide side padding: text extraction (pdftotext) tells cells apart by the gap. A table
        // whose words do not fit side by side is set smaller, with less padding, before words
        // are broken.
        let (k, pad) = table_scale(&tmins, size, cap_min, fr.w);
        let pad_y = size * k * 0.4;
        if k < 1.0 {
            for spans in head.iter_mut().chain(rows.iter_mut()).flatten().flatten() {
                spans.size *= k;
                spans.rise *= k;
            }
        }
        let mins: Vec<f32> = tmins
            .iter()
            .map(|m| (m * k + 2.0 * pad).min(cap_min))
            .collect();
        let maxs: Vec<f32> = tmaxs.iter().map(|m| m * k + 2.0 * pad).collect();
        let widths = column_widths(&mins, &maxs, fr.w);
        let size = size * k;
        let aligns: Vec<Align> = (0..ncols)
            .map(
                |c| match t.align.get(c).copied().unwrap_or(DocAlign::None) {
                    DocAlign::Center => Align::Center,
                    DocAlign::Right => Align::Right,
                    _ => Align::Left,
                },
            )
            .collect();
        let lay_row = |e: &mut Engine, row: &[Vec<Span>]| -> Vec<Vec<Line>> {
            row.iter()
                .enumerate()
                .map(|(c, spans)| lay_out(e.fonts, spans, widths[c] - 2.0 * pad, aligns[c], 1.3))
                .collect()
        };
        let head_lines = head.as_ref().map(|h| lay_row(self, h));
        let row_lines: Vec<Vec<Vec<Line>>> = rows.iter().map(|r| lay_row(self, r)).collect();
        let grid = Grid {
            x: fr.x,
            widths,
            pad_x: pad,
            pad_y,
            borders: true,
            min_line: size * 1.3,
        };
        let cap = t.caption.as_ref().map(|c| {
            let prefix = t.number.as_ref().map(|n| format!("Bảng {n}. "));
            self.caption_lines(prefix, c, fr.w, Align::Left)
        });
        Some(TableParts {
            grid,
            cap,
            cap_gap: size * 0.3,
            head: head_lines,
            rows: row_lines,
        })
    }

    /// A table: a grid of at most [`MAX_TABLE_COLUMNS`] columns (wider ones are set as
    /// [`Engine::records`]) and [`MAX_TABLE_CELLS`] cells (the rows after that are left out,
    /// said so under the table and in a warning).
    pub(super) fn table(&mut self, t: &Table, fr: Frame) {
        let ncols = table_columns(t);
        if ncols > MAX_TABLE_COLUMNS {
            self.records(t, ncols, fr);
            return;
        }
        let kept = table_rows_kept(t);
        let Some(parts) = self.table_parts(t, &t.rows[..kept], fr) else {
            return;
        };
        // The caption stays with the header and the first row.
        self.gap(self.line_h() * 0.3);
        if parts.start_h() > self.space() && !self.at_top() {
            self.next_page();
        }
        if let Some(id) = &t.id {
            self.anchor(id);
        }
        let table = self.tree.open(Role::Table);
        if let Some(cap) = parts.cap {
            let node = self.tree.open(Role::Caption);
            self.place_lines(cap, fr.x, false);
            self.tree.close(node);
            self.y += parts.cap_gap;
        }
        self.grid(
            &parts.grid,
            parts.head.as_ref(),
            &parts.rows,
            GridTags::Table,
        );
        self.tree.close(table);
        if kept < t.rows.len() {
            let left = t.rows[kept..].iter().map(Vec::len).sum();
            self.table_cut(t, ncols, kept, left, fr);
        }
        self.y += fr.para_gap.max(self.line_h() * 0.5);
    }

    /// A table too wide for the page, set as records: one paragraph a row, "column: value"
    /// for each of its cells that is not empty, the columns' names from the header row (or
    /// "Cột 3"). Every word stays in the PDF, read in the table's order, where a grid of
    /// hundreds of columns a few millimetres wide would break each word into letters. At most
    /// [`MAX_TABLE_CELLS`] cells, as for a grid.
    pub(super) fn records(&mut self, t: &Table, ncols: usize, fr: Frame) {
        let size = self.geo.size.small;
        let body = self.base(Family::Sans, false, false, size, BLACK);
        let bold = self.base(Family::Sans, true, false, size, BLACK);
        let name = table_name(t);
        self.warn(
            "pdf.table.wide",
            format!(
                "{} có {ncols} cột, quá rộng cho trang PDF (tối đa {MAX_TABLE_COLUMNS}): bản PDF in mỗi hàng thành một đoạn “tên cột: giá trị”; bản HTML và EPUB giữ nguyên bảng.",
                name.0
            ),
            format!(
                "{} has {ncols} columns, too wide for a PDF page (at most {MAX_TABLE_COLUMNS}): the PDF prints each row as a paragraph of “column: value”; the HTML and EPUB keep the table.",
                name.1
            ),
        );
        self.gap(self.line_h() * 0.3);
        if let Some(id) = &t.id {
            self.anchor(id);
        }
        // Records are paragraphs, grouped in a division: caption, note, one per row.
        let div = self.tree.open(Role::Div);
        if let Some(c) = &t.caption {
            let prefix = t.number.as_ref().map(|n| format!("Bảng {n}. "));
            let cap = self.caption_lines(prefix, c, fr.w, Align::Left);
            let p = self.tree.open(Role::P);
            self.place_lines(cap, fr.x, false);
            self.tree.close(p);
            self.y += size * 0.3;
        }
        let intro = self.text_spans(
            &format!("(Bảng {ncols} cột, in theo từng hàng: “tên cột: giá trị”.)"),
            self.base(Family::Sans, false, true, size, MUTED),
        );
        let intro = lay_out(self.fonts, &intro, fr.w, Align::Left, 1.3);
        let p = self.tree.open(Role::P);
        self.place_lines(intro, fr.x, false);
        self.tree.close(p);
        let mut budget = MAX_TABLE_CELLS;
        // Rows set whole.
        let mut whole = 0;
        for (r, row) in t.rows.iter().enumerate() {
            if budget == 0 {
                break;
            }
            let take = row.len().min(budget);
            budget -= take;
            if take == row.len() {
                whole = r + 1;
            }
            let mut spans = self.text_spans(&format!("{}.", r + 1), bold);
            for (c, cell) in row[..take].iter().enumerate() {
                if cell.is_empty() {
                    continue;
                }
                spans.extend(self.text_spans("  ·  ", body));
                match t.head.get(c).filter(|h| !h.is_empty()) {
                    Some(h) => spans.extend(self.spans(h, bold)),
                    None => spans.extend(self.text_spans(&format!("Cột {}", c + 1), bold)),
                }
                spans.extend(self.text_spans(": ", body));
                spans.extend(self.spans(cell, body));
            }
            let lines = lay_out(self.fonts, &spans, fr.w, Align::Left, 1.3);
            let p = self.tree.open(Role::P);
            self.place_lines(lines, fr.x, true);
            self.tree.close(p);
            self.y += size * 0.4;
        }
        let total: usize = t.rows.iter().map(Vec::len).sum();
        let printed = MAX_TABLE_CELLS - budget;
        if printed < total {
            self.table_cut(t, ncols, whole, total - printed, fr);
        }
        self.tree.close(div);
        self.y += fr.para_gap.max(self.line_h() * 0.5);
    }

    /// Says, under a table and in a warning, that its last `cells` cells, after the first
    /// `whole` rows, are not in the PDF.
    pub(super) fn table_cut(
        &mut self,
        t: &Table,
        ncols: usize,
        whole: usize,
        cells: usize,
        fr: Frame,
    ) {
        let name = table_name(t);
        let (rows, from) = (t.rows.len(), whole + 1);
        self.warn(
            "pdf.table.cut",
            format!(
                "{} có {rows} hàng × {ncols} cột, quá lớn cho bản PDF (tối đa {MAX_TABLE_CELLS} ô một bảng): bản PDF bỏ {cells} ô cuối, từ hàng {from}, và ghi chú điều đó dưới bảng; bản HTML và EPUB giữ đủ.",
                name.0
            ),
            format!(
                "{} has {rows} rows × {ncols} columns, too large for the PDF (at most {MAX_TABLE_CELLS} cells a table): the PDF leaves out its last {cells} cells, from row {from}, and says so under the table; the HTML and EPUB keep them all.",
                name.1
            ),
        );
        let size = self.geo.size.small;
        let note = self.text_spans(
            &format!("[Bản PDF không in {cells} ô cuối của bảng này, từ hàng {from}; bản HTML và EPUB có đủ.]"),
            self.base(Family::Sans, false, true, size, MUTED),
        );
        let lines = lay_out(self.fonts, &note, fr.w, Align::Left, 1.3);
        self.gap(size * 0.3);
        let p = self.tree.open(Role::P);
        self.place_lines(lines, fr.x, false);
        self.tree.close(p);
    }

    /// Draws rows of cells; a row moves to the next page whole (the header row drawn again
    /// there) unless it is taller than a page, when it is split between lines. A header row
    /// taller than a third of a page is not repeated: it is set once, like a row (repeating it
    /// would leave no room for the rows, and one taller than a page used to add pages forever).
    ///
    /// Tags: a table's header row is a `THead` row of `TH` cells (scope: column), drawn again
    /// on later pages as a pagination artifact; its rows a `TBody` of `TD` cells, a row split
    /// between pages one `TR` on both. A glossary's rows are list items (term `Lbl`,
    /// definition `LBody`) of the open list.
    pub(super) fn grid(
        &mut self,
        g: &Grid,
        head: Option<&Vec<Vec<Line>>>,
        rows: &[Vec<Vec<Line>>],
        tags: GridTags,
    ) {
        fn slices(r: &[Vec<Line>]) -> Vec<&[Line]> {
            r.iter().map(Vec::as_slice).collect()
        }
        let parent = self.tree.cur();
        let ncols = g.widths.len();
        let head_cells: Option<Vec<NodeId>> = head.map(|_| {
            let thead = self.tree.child(parent, Role::THead);
            let tr = self.tree.child(thead, Role::TR);
            (0..ncols).map(|_| self.tree.child(tr, Role::TH)).collect()
        });
        let body = match tags {
            GridTags::Table => self.tree.child(parent, Role::TBody),
            GridTags::Glossary => parent,
        };
        let tall = head.is_some_and(|h| g.row_height(h) > self.geo.text_h() / 3.0);
        let repeat = head.filter(|_| !tall);
        let head_h = repeat.map_or(0.0, |h| g.row_height(h));
        if let Some(h) = repeat {
            self.draw_row(g, &slices(h), true, head_cells.as_deref());
        }
        let once = head.filter(|_| tall).map(|h| (h, true));
        // Rows changed since an earlier edition (issue 21): a bar beside each, a tick where
        // rows were removed.
        let row_marks = match tags {
            GridTags::Table => self.row_marks.take(),
            GridTags::Glossary => None,
        };
        let mut body_row = 0usize;
        for (row, is_head) in once.into_iter().chain(rows.iter().map(|r| (r, false))) {
            let marked = if is_head {
                None
            } else {
                row_marks.as_ref().and_then(|m| {
                    if m.removed(body_row) > 0 {
                        self.tick(0.0);
                    }
                    m.mark(body_row)
                })
            };
            if !is_head {
                body_row += 1;
            }
            let cells: Vec<NodeId> = if is_head {
                head_cells.clone().unwrap_or_default()
            } else {
                match tags {
                    GridTags::Table => {
                        let tr = self.tree.child(body, Role::TR);
                        (0..ncols).map(|_| self.tree.child(tr, Role::TD)).collect()
                    }
                    GridTags::Glossary => {
                        let li = self.tree.child(body, Role::LI);
                        let lbl = self.tree.child(li, Role::Lbl);
                        let lbody = self.tree.child(li, Role::LBody);
                        let mut v = vec![lbl, lbody];
                        v.resize(ncols, lbody);
                        v
                    }
                }
            };
            let h = g.row_height(row);
            let refs: Vec<String> = row
                .iter()
                .flatten()
                .flat_map(|l| l.footnotes.iter().cloned())
                .collect();
            let (nh, _) = self.notes_for(&refs);
            if h + nh > self.space() + 0.01 {
                let fresh = self.geo.text_h() - head_h;
                if h + nh <= fresh {
                    self.next_page();
                    if let Some(hd) = repeat {
                        self.draw_row(g, &slices(hd), true, None);
                    }
                } else {
                    // Taller than a page: split between lines.
                    let start = marked.map(|kind| (self.start(), kind));
                    let mut rest: Vec<&[Line]> = row.iter().map(Vec::as_slice).collect();
                    // Whether the cursor is where a new page starts (after a repeated header).
                    let mut page_start = false;
                    loop {
                        let avail = self.space() - 2.0 * g.pad_y;
                        let mut part = Vec::with_capacity(rest.len());
                        let mut more = Vec::with_capacity(rest.len());
                        for cell in &rest {
                            let mut acc = 0.0;
                            let mut k = 0;
                            for l in cell.iter() {
                                if acc + l.height > avail {
                                    break;
                                }
                                acc += l.height;
                                k += 1;
                            }
                            part.push(&cell[..k]);
                            more.push(&cell[k..]);
                        }
                        let progress = part.iter().any(|p| !p.is_empty());
                        if progress {
                            self.draw_row(g, &part, is_head, Some(&cells));
                        }
                        if more.iter().all(|m| m.is_empty()) {
                            break;
                        }
                        if !progress && (page_start || self.at_top()) {
                            // A single line taller than a page: give up on the rest.
                            break;
                        }
                        self.next_page();
                        if let Some(hd) = repeat {
                            self.draw_row(g, &slices(hd), true, None);
                        }
                        page_start = true;
                        rest = more;
                    }
                    if let Some((start, kind)) = start {
                        self.change_bar(start, kind);
                    }
                    continue;
                }
            }
            let start = marked.map(|kind| (self.start(), kind));
            self.draw_row(g, &slices(row), is_head, Some(&cells));
            if let Some((start, kind)) = start {
                self.change_bar(start, kind);
            }
        }
        if row_marks.is_some_and(|m| m.removed(rows.len()) > 0) {
            self.tick(0.0);
        }
    }

    /// Draws one row; `tags` are its cells' structure elements (none: a header row repeated
    /// on a new page, an artifact).
    pub(super) fn draw_row(
        &mut self,
        g: &Grid,
        cells: &[&[Line]],
        head: bool,
        tags: Option<&[NodeId]>,
    ) {
        let h = cells
            .iter()
            .map(|c| c.iter().map(|l| l.height).sum::<f32>())
            .fold(g.min_line, f32::max)
            + 2.0 * g.pad_y;
        let refs: Vec<String> = cells
            .iter()
            .flat_map(|c| c.iter())
            .flat_map(|l| l.footnotes.iter().cloned())
            .collect();
        let (nh, notes) = self.notes_for(&refs);
        self.add_notes(nh, notes);
        let y = self.y;
        self.page();
        let pi = self.pages.len() - 1;
        let page = &mut self.pages[pi];
        let left = page.left + g.x;
        let mut x = left;
        for (c, lines) in cells.iter().enumerate() {
            let w = g.widths[c];
            if g.borders {
                page.bg.push(Shape::Rect {
                    x,
                    y,
                    w,
                    h,
                    fill: head.then_some(Rgb(0.90, 0.93, 0.94)),
                    stroke: Some((Rgb(0.55, 0.55, 0.55), 0.5)),
                    dash: false,
                });
            }
            let mut ly = y + g.pad_y;
            let node = tags.and_then(|t| t.get(c).copied());
            for l in lines.iter() {
                push_line(page, pi, &mut self.tree, node, l.clone(), x + g.pad_x, ly);
                ly += l.height;
            }
            x += w;
        }
        self.y += h;
    }
}

/// What a grid's rows are in the structure tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum GridTags {
    /// Rows of a table (the open `Table` element).
    Table,
    /// Terms and definitions: items of the open `L` element.
    Glossary,
}

/// A table ready to place.
pub(super) struct TableParts {
    pub(super) grid: Grid,
    pub(super) cap: Option<Vec<Line>>,
    pub(super) cap_gap: f32,
    pub(super) head: Option<Vec<Vec<Line>>>,
    pub(super) rows: Vec<Vec<Vec<Line>>>,
}

impl TableParts {
    /// Caption, header row and first row: what must fit where the table starts.
    pub(super) fn start_h(&self) -> f32 {
        let cap: f32 = self.cap.iter().flatten().map(|l| l.height).sum();
        let cap = if cap > 0.0 { cap + self.cap_gap } else { 0.0 };
        cap + self.head.as_ref().map_or(0.0, |h| self.grid.row_height(h))
            + self.rows.first().map_or(0.0, |r| self.grid.row_height(r))
            + 1.0
    }
}

/// Column layout of a table or glossary.
pub(super) struct Grid {
    pub(super) x: f32,
    pub(super) widths: Vec<f32>,
    pub(super) pad_x: f32,
    pub(super) pad_y: f32,
    pub(super) borders: bool,
    /// Empty rows (forms to fill in by hand) are still one line high.
    pub(super) min_line: f32,
}

impl Grid {
    pub(super) fn row_height(&self, cells: &[Vec<Line>]) -> f32 {
        cells
            .iter()
            .map(|c| c.iter().map(|l| l.height).sum::<f32>())
            .fold(self.min_line, f32::max)
            + 2.0 * self.pad_y
    }
}

/// How many columns a table has: its widest row.
pub(super) fn table_columns(t: &Table) -> usize {
    t.head
        .len()
        .max(t.rows.iter().map(Vec::len).max().unwrap_or(0))
}

/// How many of a grid table's rows the PDF sets: all that fit in [`MAX_TABLE_CELLS`], at
/// least one.
pub(super) fn table_rows_kept(t: &Table) -> usize {
    let ncols = table_columns(t).max(1);
    t.rows.len().min((MAX_TABLE_CELLS / ncols).max(1))
}

/// How warnings name a table: "Bảng 3.2", "Bảng “caption”" or "Một bảng"; Vietnamese and
/// English.
pub(super) fn table_name(t: &Table) -> (String, String) {
    match (&t.number, &t.caption) {
        (Some(n), _) if !n.is_empty() => (format!("Bảng {n}"), format!("Table {n}")),
        (_, Some(c)) => {
            let c = plain_text(c);
            (format!("Bảng “{c}”"), format!("The table “{c}”"))
        }
        _ => ("Một bảng".to_owned(), "A table".to_owned()),
    }
}
