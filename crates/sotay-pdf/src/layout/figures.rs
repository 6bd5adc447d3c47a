//! Figures, images, their captions and QR codes: never split across pages.

use super::*;

impl<'a> Engine<'a> {
    // ----- figures and QR codes ----------------------------------------------------------
    pub(super) fn image(&mut self, src: &str) -> Option<(String, f32, f32)> {
        if !self.imgs.contains_key(src) {
            let img = match self.doc.images.get(src) {
                Some(img)
                    if img.mime == "image/png"
                        || img.mime == "image/jpeg"
                        || img.mime.is_empty()
                        || img.mime == "image/jpg" =>
                {
                    let mut w = Vec::new();
                    match printpdf::RawImage::decode_from_bytes(&img.bytes, &mut w) {
                        Ok(raw) => {
                            let key = format!("Im{}", self.images.len() + 1);
                            let (pw, ph) = (raw.width as f32, raw.height as f32);
                            self.images.push((key.clone(), raw));
                            Img::Ok { key, w: pw, h: ph }
                        }
                        Err(e) => {
                            self.warn(
                                "pdf.image.unreadable",
                                format!("Không đọc được ảnh “{src}” ({e}); bản PDF hiện ô thay thế."),
                                format!("The image “{src}” could not be read ({e}); the PDF shows a placeholder."),
                            );
                            Img::Bad
                        }
                    }
                }
                Some(img) => {
                    let mime = img.mime.clone();
                    self.warn(
                        "pdf.image.unsupported",
                        format!("Ảnh “{src}” ({mime}) chưa in được vào PDF (chỉ PNG và JPEG); bản PDF hiện ô thay thế."),
                        format!("The image “{src}” ({mime}) cannot go into the PDF (PNG and JPEG only); a placeholder is shown."),
                    );
                    Img::Bad
                }
                None => {
                    self.warn(
                        "pdf.image.missing",
                        format!("Không có ảnh “{src}”; bản PDF hiện ô thay thế."),
                        format!("The image “{src}” is missing; the PDF shows a placeholder."),
                    );
                    Img::Bad
                }
            };
            self.imgs.insert(src.to_owned(), img);
        }
        match self.imgs.get(src) {
            Some(Img::Ok { key, w, h }) => Some((key.clone(), *w, *h)),
            _ => None,
        }
    }

    /// A drawn signature ([`sotay_model::signature::Drawing::to_svg`]'s SVG), drawn as vector
    /// strokes rather than an image.
    fn drawing(&self, src: &str) -> Option<sotay_model::signature::Drawing> {
        let img = self.doc.images.get(src)?;
        if img.mime != "image/svg+xml" {
            return None;
        }
        sotay_model::signature::Drawing::from_svg(std::str::from_utf8(&img.bytes).ok()?)
    }

    /// The drawn size of an image (or its placeholder) in a frame `w` wide.
    pub(super) fn figure_size(&mut self, src: &str, w: f32) -> (f32, f32) {
        if let Some(d) = self.drawing(src) {
            // A signature: at most 60 mm wide and 25 mm high, its aspect kept.
            let scale = ((w * 0.6).min(60.0 * MM) / d.width).min(25.0 * MM / d.height);
            return (d.width * scale, d.height * scale);
        }
        match self.image(src) {
            Some((_, pw, ph)) if pw > 0.0 && ph > 0.0 => {
                // 150 dpi natural size, never wider than the frame nor taller than 70 % of
                // the text height.
                let mut dw = (pw * 72.0 / 150.0).min(w);
                let mut dh = dw * ph / pw;
                let max_h = self.geo.text_h() * 0.7;
                if dh > max_h {
                    dh = max_h;
                    dw = dh * pw / ph;
                }
                (dw, dh)
            }
            _ => (w * 0.7, 32.0 * MM),
        }
    }

    pub(super) fn caption_lines(
        &mut self,
        prefix: Option<String>,
        caption: &[Inline],
        w: f32,
        align: Align,
    ) -> Vec<Line> {
        let size = self.geo.size.small;
        let base = self.base(Family::Sans, false, false, size, BLACK);
        let mut spans = Vec::new();
        if let Some(p) = prefix {
            let mut b = base;
            b.bold = true;
            spans.extend(self.text_spans(&p, b));
        }
        spans.extend(self.spans(caption, base));
        lay_out(self.fonts, &spans, w, align, 1.3)
    }

    /// A figure: a division holding the `Figure` (the image, its alternate description from
    /// the Markdown alt text) and its `Caption`.
    pub(super) fn figure(
        &mut self,
        id: Option<&str>,
        number: Option<&str>,
        src: &str,
        caption: &[Inline],
        alt: &str,
        fr: Frame,
    ) {
        let (w, h) = self.figure_size(src, fr.w);
        let cap = self.caption_lines(
            number.map(|n| format!("Hình {n}. ")),
            caption,
            fr.w * 0.9,
            Align::Center,
        );
        let cap_h: f32 = cap.iter().map(|l| l.height).sum();
        let gap = self.geo.size.small * 0.6;
        let total = h + gap + cap_h;
        self.gap(self.line_h() * 0.3);
        if total > self.space() && !self.at_top() {
            self.next_page();
        }
        if let Some(id) = id {
            self.anchor(id);
        }
        let x = fr.x + (fr.w - w) / 2.0;
        let y = self.y;
        let div = self.tree.open(Role::Div);
        let fig = self.tree.open(Role::Figure);
        let alt = [alt.trim(), plain_text(caption).trim()]
            .into_iter()
            .find(|a| !a.is_empty())
            .map(str::to_owned)
            .unwrap_or_else(|| match (number, self.doc.meta.lang) {
                (Some(n), sotay_model::Lang::En) => format!("Figure {n}"),
                (Some(n), _) => format!("Hình {n}"),
                (None, sotay_model::Lang::En) => "An image without a description".to_owned(),
                (None, _) => "Hình không có mô tả".to_owned(),
            });
        self.tree.extra(fig).alt = Some(alt);
        let left = self.page().left;
        let pi = self.pages.len() - 1;
        self.tree.extra(fig).bbox = Some((pi as u32, [left + x, y, w, h]));
        if let Some(d) = self.drawing(src) {
            let page = &mut self.pages[pi];
            let mark = self.tree.mcid(fig, pi, &mut page.marks);
            page.fg.push(Shape::ink(&d, (left + x, y, w, h), INK, mark));
        } else {
            match self.image(src) {
                Some((key, _, _)) => {
                    let page = &mut self.pages[pi];
                    let mark = self.tree.mcid(fig, pi, &mut page.marks);
                    page.bg.push(Shape::Image {
                        key,
                        x: left + x,
                        y,
                        w,
                        h,
                        mark,
                    });
                }
                None => self.placeholder(&format!("Thiếu ảnh: {src}"), x, y, w, h),
            }
        }
        self.tree.close(fig);
        self.y += h + gap;
        if !cap.is_empty() {
            let node = self.tree.open(Role::Caption);
            self.place_lines(cap, fr.x + fr.w * 0.05, false);
            self.tree.close(node);
        }
        self.tree.close(div);
        self.y += fr.para_gap.max(self.line_h() * 0.4);
    }

    pub(super) fn placeholder(&mut self, text: &str, x: f32, y: f32, w: f32, h: f32) {
        let size = self.geo.size.small;
        let spans = self.text_spans(text, self.base(Family::Sans, false, true, size, MUTED));
        let lines = lay_out(self.fonts, &spans, w - 8.0, Align::Center, 1.3);
        let th: f32 = lines.iter().map(|l| l.height).sum();
        let node = self.tree.cur();
        self.page();
        let pi = self.pages.len() - 1;
        let page = &mut self.pages[pi];
        let left = page.left;
        page.bg.push(Shape::Rect {
            x: left + x,
            y,
            w,
            h,
            fill: Some(Rgb(0.97, 0.97, 0.97)),
            stroke: Some((MUTED, 0.8)),
            dash: true,
        });
        let mut ly = y + (h - th) / 2.0;
        for l in lines {
            let lh = l.height;
            push_line(page, pi, &mut self.tree, Some(node), l, left + x + 4.0, ly);
            ly += lh;
        }
    }

    pub(super) fn qr(&mut self, data: &str, fr: Frame) {
        let size = self.geo.size.qr;
        let m = sotay_doc::qr::matrix(data);
        if m.is_none() {
            self.warn(
                "pdf.qr.too_long",
                format!(
                    "Dữ liệu mã QR quá dài ({} byte); bản PDF hiện ô thay thế.",
                    data.len()
                ),
                format!(
                    "The QR code data is too long ({} bytes); the PDF shows a placeholder.",
                    data.len()
                ),
            );
        }
        let base = self.base(
            Family::Mono,
            false,
            false,
            self.geo.size.small * 0.85,
            MUTED,
        );
        let spans = self.text_spans(data, base);
        let cap = lay_out(self.fonts, &spans, fr.w * 0.8, Align::Center, 1.25);
        let cap_h: f32 = cap.iter().map(|l| l.height).sum();
        let total = size + 4.0 + cap_h;
        self.gap(self.line_h() * 0.3);
        if total > self.space() && !self.at_top() {
            self.next_page();
        }
        let x = fr.x + (fr.w - size) / 2.0;
        let y = self.y;
        // A QR code is a figure described by its data, which follows as a paragraph.
        let div = self.tree.open(Role::Div);
        let fig = self.tree.open(Role::Figure);
        self.tree.extra(fig).alt = Some(format!("Mã QR: {data}"));
        let left = self.page().left;
        let pi = self.pages.len() - 1;
        self.tree.extra(fig).bbox = Some((pi as u32, [left + x, y, size, size]));
        match m {
            Some(m) => {
                let module = size / (m.width as f32 + 8.0);
                let page = &mut self.pages[pi];
                let mark = self.tree.mcid(fig, pi, &mut page.marks);
                page.fg.push(Shape::Qr {
                    x: left + x + 4.0 * module,
                    y: y + 4.0 * module,
                    module,
                    width: m.width,
                    dark: m.dark,
                    mark,
                });
            }
            None => self.placeholder("Mã QR quá dài", x, y, size, size),
        }
        self.tree.close(fig);
        self.y += size + 4.0;
        let p = self.tree.open(Role::P);
        self.place_lines(cap, fr.x + fr.w * 0.1, false);
        self.tree.close(p);
        self.tree.close(div);
        self.y += fr.para_gap;
    }
}
