//! Front matter: the cover, the colophon and the table of contents.

use super::*;

impl<'a> Engine<'a> {
    // ----- front matter ------------------------------------------------------------------
    pub(super) fn cover(&mut self) {
        let geo = self.geo;
        let meta = &self.doc.meta;
        self.new_page(PageKind::Cover);
        let w = geo.page_w - 2.0 * geo.outer.min(geo.inner);
        let x = (geo.page_w - w) / 2.0;
        let band_h = geo.page_h * 0.42;
        // A colour band to the trimmed edges (into the bleed in print).
        let b = geo.bleed;
        self.page().bg.push(Shape::Rect {
            x: -b,
            y: -b,
            w: geo.page_w + 2.0 * b,
            h: band_h + b,
            fill: Some(ACCENT),
            stroke: None,
            dash: false,
        });
        let s = geo.size;
        // The cover is a division of paragraphs (the title is no heading: the headings are
        // the outline's, contents and chapters).
        let div = self.tree.open(Role::Div);
        let put = |e: &mut Engine, spans: Vec<Span>, y: f32, align: Align| -> f32 {
            let lines = lay_out(e.fonts, &spans, w, align, 1.25);
            let mut y = y;
            let p = e.tree.open(Role::P);
            let pi = e.pages.len() - 1;
            let page = &mut e.pages[pi];
            for l in lines {
                let h = l.height;
                push_line(page, pi, &mut e.tree, Some(p), l, x, y);
                y += h;
            }
            e.tree.close(p);
            y
        };
        let mut y = geo.top;
        // The issuing body's logo, top left on a white tile so any logo reads on the band.
        if !meta.logo.is_empty() {
            if let Some((key, pw, ph)) = self.image(&meta.logo) {
                let (tile, pad) = (26.0 * MM, 2.5 * MM);
                let scale = ((tile - 2.0 * pad) / pw).min((tile - 2.0 * pad) / ph);
                let (iw, ih) = (pw * scale, ph * scale);
                let page = self.page();
                page.bg.push(Shape::Rect {
                    x,
                    y,
                    w: tile,
                    h: tile,
                    fill: Some(WHITE),
                    stroke: None,
                    dash: false,
                });
                // Decorative: the issuing body's name follows in text.
                page.bg.push(Shape::Image {
                    key,
                    x: x + (tile - iw) / 2.0,
                    y: y + (tile - ih) / 2.0,
                    w: iw,
                    h: ih,
                    mark: Mark::Artifact(crate::tags::Art::Layout),
                });
                y += tile + 4.0 * MM;
            }
        }
        if !meta.issuing_body.is_empty() {
            let sp = self.text_spans(
                &meta.issuing_body.to_uppercase(),
                self.base(Family::Sans, true, false, s.body, WHITE),
            );
            y = put(self, sp, y, Align::Left);
        }
        let title = if meta.title.is_empty() {
            "Sổ tay truy xuất nguồn gốc"
        } else {
            meta.title.as_str()
        };
        let title_spans = self.text_spans(
            title,
            self.base(Family::Sans, true, false, s.h1 * 1.35, WHITE),
        );
        let title_lines = lay_out(self.fonts, &title_spans, w, Align::Left, 1.2);
        let th: f32 = title_lines.iter().map(|l| l.height).sum();
        let ty = (band_h - th - 14.0 * MM).max(y + 6.0 * MM);
        put(self, title_spans, ty, Align::Left);
        y = band_h + 12.0 * MM;
        if !meta.subtitle.is_empty() {
            let sp = self.text_spans(
                &meta.subtitle,
                self.base(Family::Serif, false, true, s.h2 * 1.15, BLACK),
            );
            y = put(self, sp, y, Align::Left) + 4.0 * MM;
        }
        if let Some(decision) = meta.front().cover_decision {
            let sp = self.text_spans(
                &decision,
                self.base(Family::Serif, false, true, s.body, BLACK),
            );
            y = put(self, sp, y, Align::Left) + 4.0 * MM;
        }
        if !meta.province.is_empty() {
            let sp = self.text_spans(
                &meta.province,
                self.base(Family::Sans, false, false, s.h3, ACCENT),
            );
            put(self, sp, y, Align::Left);
        }
        let foot = geo.page_h - geo.bottom - s.body * 1.3;
        // The edition line's width and baseline (a copy's serial goes on the same baseline).
        let (mut foot_w, mut foot_base) = (0.0, foot + s.body);
        if let Some(edition) = meta.front().cover_edition {
            let sp = self.text_spans(
                &edition,
                self.base(Family::Sans, false, false, s.body, MUTED),
            );
            if let Some(l) = lay_out(self.fonts, &sp, w, Align::Left, 1.25).first() {
                foot_w = l.width;
                foot_base = foot + l.runs.first().map_or(s.body, |r| r.y);
            }
            put(self, sp, foot, Align::Left);
        }
        if self.copies {
            self.copy_slot(x, x + w, foot_base, foot_w);
        }
        self.tree.close(div);
    }

    /// Keeps a paragraph of the cover for a distributed copy's words ("Bản số 003", drawn per
    /// copy by the renderer), right-aligned at `right` on the baseline of the edition line
    /// (which starts at `left`, `foot_w` wide), or two lines above when it leaves no room.
    fn copy_slot(&mut self, left: f32, right: f32, baseline: f32, foot_w: f32) {
        let size = self.geo.size.body * 1.1;
        let bold = self.base(Family::Sans, true, false, size, ACCENT);
        // The widest words a copy can have, with the frame drawn around them.
        let probe = self.text_spans("Bản số 000000", bold);
        let line = lay_out(self.fonts, &probe, f32::MAX / 4.0, Align::Left, 1.25);
        let need = line.first().map_or(size * 6.0, |l| l.width);
        // The words, their frame's padding on both sides, and a gap after the edition line.
        let fits = need + size * 1.2 + self.geo.size.body * 2.0 <= right - left - foot_w;
        let baseline = if fits {
            baseline
        } else {
            baseline - size * 2.2
        };
        let p = self.tree.open(Role::P);
        let pi = self.pages.len() - 1;
        let page = &mut self.pages[pi];
        let mark = self.tree.fresh_mcid(p, pi, &mut page.marks);
        page.copy_slot = Some(CopySlot {
            mark,
            right,
            baseline,
            size,
        });
        self.tree.close(p);
    }

    pub(super) fn colophon(&mut self) {
        let meta = &self.doc.meta;
        self.header = None;
        self.new_page(PageKind::Colophon);
        let size = self.geo.size.note;
        let base = self.base(Family::Sans, false, false, size, BLACK);
        let bold = self.base(Family::Sans, true, false, size, BLACK);
        let mut paras: Vec<Vec<Span>> = Vec::new();
        let title = if meta.title.is_empty() {
            "Sổ tay truy xuất nguồn gốc"
        } else {
            &meta.title
        };
        paras.push(self.text_spans(title, bold));
        if !meta.subtitle.is_empty() {
            paras.push(self.text_spans(&meta.subtitle, base));
        }
        let front = meta.front();
        let mut facts = front.colophon;
        let paper = match self.geo.paper {
            crate::Paper::A4 => "A4",
            crate::Paper::A5 => "A5",
        };
        facts.push(sotay_doc::file_kind(
            self.geo.edition == Edition::Print,
            paper,
        ));
        // The print edition is a publication (Luật Xuất bản 2012, Điều 27); the screen
        // edition names the fonts and Sotay on its last page instead (`credits`).
        if self.geo.edition == Edition::Print {
            facts.extend(front.publication);
        }
        for f in facts {
            paras.push(self.text_spans(&f, base));
        }
        self.at_foot(paras, size * 0.5);
    }

    /// The screen edition's last page: the fonts' licence and "Tạo bằng Sotay", small at the
    /// foot of a page of its own.
    pub(super) fn credits(&mut self) {
        let lines = self.doc.meta.front().credits;
        self.header = None;
        self.new_page(PageKind::Credits);
        let base = self.base(Family::Sans, false, false, self.geo.size.note, MUTED);
        let paras = lines.iter().map(|t| self.text_spans(t, base)).collect();
        self.at_foot(paras, 0.0);
    }

    /// Paragraphs set at the foot of the text area, `gap` after each: one division of the
    /// structure tree, a P each.
    fn at_foot(&mut self, paras: Vec<Vec<Span>>, gap: f32) {
        let w = self.geo.text_w();
        let mut all: Vec<Vec<Line>> = Vec::new();
        for p in paras {
            let mut lines = lay_out(self.fonts, &p, w, Align::Left, 1.35);
            if let Some(l) = lines.last_mut() {
                l.height += gap;
            }
            all.push(lines);
        }
        let h: f32 = all.iter().flatten().map(|l| l.height).sum();
        self.y = self.geo.text_bottom() - h;
        let div = self.tree.open(Role::Div);
        for lines in all {
            let p = self.tree.open(Role::P);
            for l in lines {
                self.place_line(l, 0.0);
            }
            self.tree.close(p);
        }
        self.tree.close(div);
    }

    pub(super) fn contents(&mut self) {
        let geo = self.geo;
        self.header = Some("Mục lục".to_owned());
        self.kind = PageKind::Front;
        self.new_recto(PageKind::Front);
        self.pages.last_mut().expect("page").opening = true;
        self.anchor("muc-luc");
        let s = geo.size;
        let title = self.text_spans(
            "Mục lục",
            self.base(Family::Sans, true, false, s.h1, ACCENT),
        );
        let lines = lay_out(self.fonts, &title, geo.text_w(), Align::Left, 1.3);
        // A section with its H1 (the outline's first entry) and the TOC: one TOCI per entry,
        // a Reference holding the entry's number, title and page number (on screen inside a
        // Link with the entry's annotation; the dot leaders are artifacts).
        let sect = self.tree.open(Role::Sect);
        let h1 = self.tree.open(Role::H(1));
        self.place_lines(lines, 0.0, false);
        self.tree.close(h1);
        let toc = self.tree.open(Role::Toc);
        self.y += s.h1 * 0.6;
        let max_level = if self.doc.toc.len() > 160 { 2 } else { 3 };
        let entries: Vec<_> = self
            .doc
            .toc
            .iter()
            .filter(|e| e.level <= max_level)
            .cloned()
            .collect();
        let num_w = s.body * 2.6;
        for (i, e) in entries.iter().enumerate() {
            let ch = &self.doc.chapters[e.chapter];
            // The number hangs: a wrapped title continues under the title, not the number.
            let (indent, base, number) = match e.level {
                1 => (
                    0.0,
                    self.base(Family::Sans, true, false, s.body, BLACK),
                    chapter_label(ch.role, e.number.as_deref()).map(|l| format!("{l}. ")),
                ),
                2 => (
                    s.body * 1.6,
                    self.base(Family::Serif, false, false, s.body, BLACK),
                    e.number.as_ref().map(|n| format!("{n} ")),
                ),
                _ => (
                    s.body * 3.4,
                    self.base(Family::Serif, false, false, s.small, MUTED),
                    e.number.as_ref().map(|n| format!("{n} ")),
                ),
            };
            let face = self.fonts.face(base.family, base.bold, base.italic);
            let hang = number
                .as_deref()
                .map_or(0.0, |n| self.fonts.width(face, base.size, n));
            let title_at = indent + hang;
            let spans = self.text_spans(&e.title, base);
            let w = geo.text_w() - title_at - num_w;
            let mut lines = lay_out(self.fonts, &spans, w, Align::Left, 1.35);
            if lines.is_empty() {
                continue;
            }
            if e.level == 1 {
                let gap = s.body * 0.5;
                // Keep a chapter line with the first of its sections.
                let next_h = entries
                    .get(i + 1)
                    .filter(|n| n.level > 1)
                    .map_or(0.0, |_| s.body * 1.4);
                let h: f32 = lines.iter().map(|l| l.height).sum::<f32>() + gap + next_h;
                if h > self.space() && !self.at_top() {
                    self.next_page();
                } else {
                    self.gap(gap);
                }
            }
            let h: f32 = lines.iter().map(|l| l.height).sum();
            if h > self.space() && !self.at_top() {
                self.next_page();
            }
            let y0 = self.y;
            let toci = self.tree.open(Role::Toci);
            let reference = self.tree.open(Role::Reference);
            let entry = if self.tree.links {
                self.tree.open(Role::Link)
            } else {
                reference
            };
            self.tree.extra(entry).alt = Some(e.title.clone());
            if let Some(n) = &number {
                self.set_marker(n, base, title_at, Some(hang), entry);
            }
            let last = lines.pop().expect("non-empty");
            let (last_w, last_base) = (
                last.width,
                last.runs.first().map_or(last.height * 0.75, |r| r.y),
            );
            for l in lines {
                self.place_line(l, title_at);
            }
            let ly = self.y;
            let lh = last.height;
            self.place_line(last, title_at);
            let pi = self.pages.len() - 1;
            let page = &mut self.pages[pi];
            let left = page.left;
            let mark = self.tree.fresh_mcid(entry, pi, &mut page.marks);
            page.refs.push(PageRef {
                anchor: e.id.clone(),
                x0: left + title_at + last_w,
                x1: left + geo.text_w(),
                y: ly + last_base,
                face,
                size: base.size,
                color: base.color,
                mark,
            });
            let node = self.tree.links.then_some(entry);
            if let Some(n) = node {
                self.tree.nodes[n as usize].kids.push(Kid::Annot {
                    page: pi as u32,
                    link: page.links.len() as u32,
                });
            }
            page.links.push(Link {
                x: left + indent,
                y: y0,
                w: geo.text_w() - indent,
                h: ly + lh - y0,
                target: Target::Anchor(e.id.clone()),
                node,
            });
            self.tree.close(toci);
        }
        self.tree.close(toc);
        self.tree.close(sect);
    }
}
