//! The flow of a chapter: headings, paragraphs, lists, code, alerts and the keep-with-next rules.

use super::*;

mod changes;

impl<'a> Engine<'a> {
    // ----- chapters ----------------------------------------------------------------------
    /// Lays out a chapter; returns the index of its opening page.
    pub(super) fn chapter(&mut self, ci: usize, kind: PageKind) -> usize {
        let doc = self.doc;
        let ch = &doc.chapters[ci];
        let geo = self.geo;
        let s = geo.size;
        if ci == 0 {
            // After the contents: what changed since the earlier edition, if compared.
            self.change_list();
        }
        self.chapter_key = ch.key.clone();
        self.kind = kind;
        let label = chapter_label(ch.role, ch.number.as_deref());
        let title = plain_text(&ch.title);
        self.header = Some(match &label {
            Some(l) => format!("{l}. {title}"),
            None => title.clone(),
        });
        self.new_recto(kind);
        let opening = self.pages.len() - 1;
        self.pages[opening].opening = true;
        self.anchor(&ch.id);
        self.y += s.h1 * 1.2;
        // A chapter is a section whose H1 is its label and title (as in the outline).
        let sect = self.tree.open(Role::Sect);
        self.tree.chapter();
        let h1 = self.tree.open(Role::H(1));
        let title_start = self.title_mark_start(ci);
        if let Some(l) = &label {
            let sp = self.text_spans(l, self.base(Family::Sans, true, false, s.h3, ACCENT));
            let lines = lay_out(self.fonts, &sp, geo.text_w(), Align::Left, 1.3);
            self.place_lines(lines, 0.0, false);
            self.y += s.h3 * 0.3;
        }
        let sp = self.spans(&ch.title, self.base(Family::Sans, true, false, s.h1, BLACK));
        let lines = lay_out(self.fonts, &sp, geo.text_w(), Align::Left, 1.22);
        self.place_lines(lines, 0.0, false);
        self.title_mark_end(title_start);
        self.tree.close(h1);
        self.y += s.h1 * 0.35;
        let left = self.page().left;
        let y = self.y;
        self.page().fg.push(Shape::Line {
            x1: left,
            y1: y,
            x2: left + geo.text_w() * 0.25,
            y2: y,
            color: ACCENT,
            width: 2.0,
        });
        self.y += s.h1 * 1.1;
        let frame = Frame {
            x: 0.0,
            w: geo.text_w(),
            para_gap: self.line_h() * 0.45,
        };
        self.chapter_blocks(ci, frame);
        // Footnotes nobody referenced: at the end of the chapter.
        let orphans: Vec<String> = ch
            .footnotes
            .iter()
            .filter(|f| !self.placed.contains(&f.id))
            .map(|f| f.id.clone())
            .collect();
        if !orphans.is_empty() {
            self.gap(self.line_h());
            for id in orphans {
                self.placed.insert(id.clone());
                let lines = self.note_lines(&id);
                self.anchor(&id);
                let note = self.tree.note(&id);
                self.tree.flush_notes(sect);
                self.tree.reopen(note);
                self.place_lines(lines, 0.0, false);
                self.tree.close(note);
            }
        }
        self.tree.flush_notes(sect);
        self.tree.close(sect);
        opening
    }

    /// Blocks `depth` containers deep. Containers at [`MAX_NESTING`] are set flat (their leaf
    /// blocks in order), so a document built by hand cannot make this recurse deeper; one from
    /// `sotay_doc::build` never nests that deep.
    pub(super) fn blocks(&mut self, blocks: &[Block], fr: Frame, depth: usize) {
        for (i, b) in blocks.iter().enumerate() {
            self.block(b, blocks.get(i + 1), fr, depth);
        }
    }

    /// The height that must follow a heading on the same page.
    pub(super) fn min_start(&mut self, next: Option<&Block>, fr: Frame) -> f32 {
        let lh = self.line_h();
        match next {
            None => 0.0,
            Some(Block::Heading { level, .. }) => self.heading_size(*level) * 2.6 + lh * 2.0,
            Some(Block::Table(t)) if table_columns(t) > MAX_TABLE_COLUMNS => {
                // Set as records: the caption and the first lines.
                let cap = t.caption.as_ref().map_or(0.0, |c| {
                    let prefix = t.number.as_ref().map(|n| format!("Bảng {n}. "));
                    let lines = self.caption_lines(prefix, c, fr.w, Align::Left);
                    lines.iter().map(|l| l.height).sum()
                });
                cap + lh * 3.3
            }
            Some(Block::Table(t)) => {
                let rows = &t.rows[..table_rows_kept(t)];
                self.table_parts(t, rows, fr).map_or(0.0, |p| p.start_h()) + lh * 0.3
            }
            Some(Block::Paragraph(inlines)) => {
                // A paragraph of fewer than four lines does not split.
                let lines = self.paragraph_lines(inlines, fr.w);
                let n = if lines.len() < 4 { lines.len() } else { 2 };
                lines.iter().take(n).map(|l| l.height).sum()
            }
            Some(Block::Figure { src, .. }) => {
                let (_, h) = self.figure_size(src, fr.w);
                h + lh * 1.5
            }
            Some(Block::Qr { .. }) => self.geo.size.qr + lh * 1.5,
            Some(Block::Code { .. }) => self.geo.size.code * 1.3 * 3.0 + 8.0,
            Some(_) => lh * 2.0,
        }
    }

    /// A body paragraph, justified.
    pub(super) fn paragraph_lines(&mut self, inlines: &[Inline], w: f32) -> Vec<Line> {
        let spans = self.spans(inlines, self.body());
        lay_out(self.fonts, &spans, w, Align::Justify, self.geo.size.leading)
    }

    pub(super) fn heading_size(&self, level: u8) -> f32 {
        let s = self.geo.size;
        match level {
            0..=2 => s.h2,
            3 => s.h3,
            _ => s.h4,
        }
    }

    pub(super) fn block(&mut self, b: &Block, next: Option<&Block>, fr: Frame, depth: usize) {
        if depth >= MAX_NESTING
            && matches!(
                b,
                Block::List { .. } | Block::Quote(_) | Block::Alert { .. }
            )
        {
            let leaves = leaf_blocks(std::slice::from_ref(b));
            for (i, leaf) in leaves.iter().enumerate() {
                self.block(leaf, leaves.get(i + 1).copied(), fr, depth);
            }
            return;
        }
        let lh = self.line_h();
        match b {
            Block::Heading {
                level,
                id,
                number,
                content,
            } => {
                let size = self.heading_size(*level);
                let color = if *level <= 3 { ACCENT } else { BLACK };
                let base = self.base(Family::Sans, true, *level >= 5, size, color);
                let mut spans = Vec::new();
                if let Some(n) = number {
                    spans.extend(self.text_spans(&format!("{n}  "), base));
                }
                spans.extend(self.spans(content, base));
                let lines = lay_out(self.fonts, &spans, fr.w, Align::Left, 1.25);
                let before = size * if *level <= 2 { 1.1 } else { 0.8 };
                let after = size * 0.35;
                let h: f32 = lines.iter().map(|l| l.height).sum::<f32>() + before + after;
                let need = h + self.min_start(next, fr);
                if need > self.space() && !self.at_top() {
                    self.next_page();
                } else {
                    self.gap(before);
                }
                self.anchor(id);
                let h = self.tree.heading_level(*level);
                let node = self.tree.open(Role::H(h));
                self.place_lines(lines, fr.x, false);
                self.tree.close(node);
                self.y += after;
            }
            Block::Paragraph(inlines) => {
                let lines = self.paragraph_lines(inlines, fr.w);
                let node = self.tree.open(Role::P);
                self.place_lines(lines, fr.x, true);
                self.tree.close(node);
                self.y += fr.para_gap;
            }
            Block::List {
                ordered,
                start,
                items,
            } => self.list(*ordered, *start, items, fr, depth),
            Block::Quote(inner) => {
                let start = self.here();
                let inset = lh * 1.1;
                let node = self.tree.open(Role::BlockQuote);
                self.blocks(inner, fr.inset(inset, 0.0), depth + 1);
                self.tree.close(node);
                let x = fr.x + lh * 0.3;
                self.decorate(start, false, &|left, y0, y1| {
                    vec![Shape::Rect {
                        x: left + x,
                        y: y0,
                        w: 2.2,
                        h: (y1 - y0 - 4.0).max(1.0),
                        fill: Some(Rgb(0.72, 0.72, 0.72)),
                        stroke: None,
                        dash: false,
                    }]
                });
                self.y += fr.para_gap * 0.5;
            }
            Block::Alert { kind, blocks } => {
                let color = alert_color(*kind);
                let pad = lh * 0.35;
                let inset = lh * 0.9;
                let label = self.text_spans(
                    kind.label(),
                    self.base(Family::Sans, true, false, self.geo.size.body, color),
                );
                let label_lines = lay_out(self.fonts, &label, fr.w - inset, Align::Left, 1.3);
                let need = label_lines.iter().map(|l| l.height).sum::<f32>() + lh * 2.0 + pad;
                if need > self.space() && !self.at_top() {
                    self.next_page();
                }
                let start = self.here();
                self.y += pad;
                // An alert: a division whose first paragraph is its label ("Lưu ý").
                let node = self.tree.open(Role::Div);
                let p = self.tree.open(Role::P);
                self.place_lines(label_lines, fr.x + inset, false);
                self.tree.close(p);
                let inner = Frame {
                    para_gap: fr.para_gap * 0.6,
                    ..fr.inset(inset, pad)
                };
                self.blocks(blocks, inner, depth + 1);
                self.tree.close(node);
                self.y += pad * 0.5;
                let (x, w) = (fr.x, fr.w);
                let bg = tint(color, 0.08);
                self.decorate(start, true, &|left, y0, y1| {
                    vec![
                        Shape::Rect {
                            x: left + x,
                            y: y0,
                            w,
                            h: y1 - y0,
                            fill: Some(bg),
                            stroke: None,
                            dash: false,
                        },
                        Shape::Rect {
                            x: left + x,
                            y: y0,
                            w: 3.0,
                            h: y1 - y0,
                            fill: Some(color),
                            stroke: None,
                            dash: false,
                        },
                    ]
                });
                self.y += fr.para_gap;
            }
            Block::Code { text, .. } => self.code(text, fr),
            Block::Table(t) => self.table(t, fr),
            Block::Figure {
                id,
                number,
                src,
                caption,
                alt,
            } => self.figure(id.as_deref(), number.as_deref(), src, caption, alt, fr),
            Block::Qr { data } => self.qr(data, fr),
            Block::Glossary(entries) => self.glossary(entries, fr),
            Block::Rule => {
                self.gap(lh * 0.5);
                if self.space() < lh {
                    self.next_page();
                    return;
                }
                let left = self.page().left;
                let y = self.y;
                self.page().fg.push(Shape::Line {
                    x1: left + fr.x + fr.w * 0.3,
                    y1: y,
                    x2: left + fr.x + fr.w * 0.7,
                    y2: y,
                    color: MUTED,
                    width: 0.6,
                });
                self.y += lh;
            }
            Block::PageBreak => {
                if !self.at_top() {
                    self.next_page();
                }
            }
        }
    }

    pub(super) fn list(
        &mut self,
        ordered: bool,
        start: u64,
        items: &[ListItem],
        fr: Frame,
        depth: usize,
    ) {
        let size = self.geo.size.body;
        let indent_level = ((fr.x / (size * 1.8)) as usize).min(3);
        let marker_text = |i: usize, task: Option<bool>| -> String {
            match task {
                Some(true) => "☑".to_owned(),
                Some(false) => "☐".to_owned(),
                None if ordered => format!("{}.", start.saturating_add(i as u64)),
                None => ["•", "◦", "▪", "–"][indent_level % 4].to_owned(),
            }
        };
        let base = self.body();
        let widest = (0..items.len())
            .map(|i| {
                self.fonts.width(
                    self.fonts.face(Family::Serif, false, false),
                    size,
                    &marker_text(i, items[i].task),
                )
            })
            .fold(0.0, f32::max);
        let indent = (widest + size * 0.6).max(size * 1.6);
        let tight = items.iter().all(|i| i.blocks.len() <= 2);
        let inner = Frame {
            para_gap: if tight { size * 0.2 } else { fr.para_gap },
            ..fr.inset(indent, 0.0)
        };
        let list = self.tree.open(Role::L);
        self.tree.extra(list).numbering = Some(match items.first().and_then(|i| i.task) {
            Some(_) => "None",
            None if ordered => "Decimal",
            None => ["Disc", "Circle", "Square", "None"][indent_level % 4],
        });
        for (i, item) in items.iter().enumerate() {
            let text = marker_text(i, item.task);
            let li = self.tree.open(Role::LI);
            let lbl = self.tree.leaf(Role::Lbl);
            self.set_marker(&text, base, inner.x - size * 0.45, None, lbl);
            let body = self.tree.open(Role::LBody);
            self.blocks(&item.blocks, inner, depth + 1);
            if self.marker.is_some() {
                // An empty item: the marker alone.
                self.place_line(
                    Line {
                        height: self.line_h(),
                        ..Line::default()
                    },
                    inner.x,
                );
            }
            self.tree.close(body);
            self.tree.close(li);
        }
        self.tree.close(list);
        self.y += fr.para_gap - inner.para_gap;
    }

    pub(super) fn code(&mut self, text: &str, fr: Frame) {
        let size = self.geo.size.code;
        let pad = size * 0.7;
        let base = self.base(Family::Mono, false, false, size, BLACK);
        let mut lines = Vec::new();
        let body = text.strip_suffix('\n').unwrap_or(text);
        for src in body.split('\n') {
            let src = src.replace('\t', "    ");
            let spans = self.text_spans(&src, base);
            let mut l = lay_out(self.fonts, &spans, fr.w - 2.0 * pad, Align::Left, 1.3);
            if l.is_empty() {
                l.push(Line {
                    height: size * 1.3,
                    ..Line::default()
                });
            }
            lines.extend(l);
        }
        let first: f32 = lines.iter().take(3).map(|l| l.height).sum::<f32>() + 2.0 * pad;
        if first > self.space() && !self.at_top() {
            self.next_page();
        }
        let start = self.here();
        self.y += pad;
        let node = self.tree.open(Role::Code);
        self.place_lines(lines, fr.x + pad, false);
        self.tree.close(node);
        self.y += pad;
        let (x, w) = (fr.x, fr.w);
        self.decorate(start, true, &|left, y0, y1| {
            vec![Shape::Rect {
                x: left + x,
                y: y0,
                w,
                h: y1 - y0,
                fill: Some(Rgb(0.95, 0.95, 0.94)),
                stroke: Some((Rgb(0.85, 0.85, 0.84), 0.4)),
                dash: false,
            }]
        });
        self.y += fr.para_gap;
    }

    pub(super) fn glossary(&mut self, entries: &[(String, String)], fr: Frame) {
        if entries.is_empty() {
            return;
        }
        let size = self.geo.size.body;
        let term_base = self.base(Family::Sans, true, false, size * 0.95, BLACK);
        let def_base = self.body();
        let pad = size * 0.3;
        let terms: Vec<Vec<Span>> = entries
            .iter()
            .map(|(t, _)| self.text_spans(t, term_base))
            .collect();
        let defs: Vec<Vec<Span>> = entries
            .iter()
            .map(|(_, d)| self.text_spans(d, def_base))
            .collect();
        let widest = terms
            .iter()
            .map(|s| Measured::new(self.fonts, s).max_width())
            .fold(0.0, f32::max);
        let tw = (widest + 2.0 * pad + size).min(fr.w * 0.3);
        let widths = vec![tw, fr.w - tw];
        let rows: Vec<Vec<Vec<Line>>> = terms
            .iter()
            .zip(&defs)
            .map(|(t, d)| {
                vec![
                    lay_out(
                        self.fonts,
                        t,
                        tw - 2.0 * pad,
                        Align::Left,
                        self.geo.size.leading,
                    ),
                    lay_out(
                        self.fonts,
                        d,
                        fr.w - tw - 2.0 * pad,
                        Align::Left,
                        self.geo.size.leading,
                    ),
                ]
            })
            .collect();
        let grid = Grid {
            x: fr.x,
            widths,
            pad_x: pad,
            pad_y: pad,
            borders: false,
            min_line: 0.0,
        };
        // Terms and definitions: a list of labelled items.
        let list = self.tree.open(Role::L);
        self.grid(&grid, None, &rows, GridTags::Glossary);
        self.tree.close(list);
        self.y += fr.para_gap;
    }
}
