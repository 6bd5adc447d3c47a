//! Page geometry and type sizes for each paper and edition. All lengths in points; layout
//! coordinates are measured from the trim box's top-left corner, y downwards.

use crate::{Edition, Paper};

pub(crate) const MM: f32 = 72.0 / 25.4;

#[derive(Debug, Clone)]
pub(crate) struct Geometry {
    pub edition: Edition,
    pub paper: Paper,
    /// Trim size.
    pub page_w: f32,
    pub page_h: f32,
    pub top: f32,
    pub bottom: f32,
    /// Binding side (left on a recto).
    pub inner: f32,
    pub outer: f32,
    /// Print: bleed around the trim box; `slug` is the media beyond the trim on each side
    /// (bleed and crop marks). Both 0 on screen.
    pub bleed: f32,
    pub slug: f32,
    /// Running header and footer baselines, from the top of the trim box.
    pub header_y: f32,
    pub footer_y: f32,
    pub size: Sizes,
}

/// Type sizes in points.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sizes {
    pub body: f32,
    pub leading: f32,
    pub small: f32,
    pub note: f32,
    pub code: f32,
    pub h1: f32,
    pub h2: f32,
    pub h3: f32,
    pub h4: f32,
    pub running: f32,
    pub qr: f32,
}

impl Geometry {
    pub fn new(paper: Paper, edition: Edition) -> Geometry {
        let print = edition == Edition::Print;
        let (w, h, top, bottom, inner, outer, size) = match paper {
            Paper::A4 => (
                210.0,
                297.0,
                22.0,
                24.0,
                if print { 25.0 } else { 22.0 },
                if print { 19.0 } else { 22.0 },
                Sizes {
                    body: 10.5,
                    leading: 1.42,
                    small: 9.0,
                    note: 8.0,
                    code: 8.5,
                    h1: 21.0,
                    h2: 14.0,
                    h3: 12.0,
                    h4: 10.5,
                    running: 8.0,
                    qr: 30.0 * MM,
                },
            ),
            Paper::A5 => (
                148.0,
                210.0,
                17.0,
                19.0,
                if print { 19.0 } else { 16.0 },
                if print { 13.0 } else { 16.0 },
                Sizes {
                    body: 9.5,
                    leading: 1.4,
                    small: 8.0,
                    note: 7.3,
                    code: 7.5,
                    h1: 17.0,
                    h2: 12.0,
                    h3: 10.8,
                    h4: 9.5,
                    running: 7.2,
                    qr: 26.0 * MM,
                },
            ),
        };
        Geometry {
            edition,
            paper,
            page_w: w * MM,
            page_h: h * MM,
            top: top * MM,
            bottom: bottom * MM,
            inner: inner * MM,
            outer: outer * MM,
            bleed: if print { 3.0 * MM } else { 0.0 },
            slug: if print { 10.0 * MM } else { 0.0 },
            header_y: (top - 9.0) * MM,
            footer_y: h * MM - (bottom - 12.0) * MM,
            size,
        }
    }

    /// An administrative document (Nghị định 30/2020/NĐ-CP, Phụ lục I): A4 portrait, top and
    /// bottom margins 20 mm, left 30 mm, right 15 mm (the lower ends of 20–25, 30–35 and
    /// 15–20 mm), type 14 pt at 1.2 lines; the page number in the middle of the top margin.
    pub fn admin() -> Geometry {
        let (top, bottom) = (20.0, 20.0);
        Geometry {
            edition: Edition::Screen,
            paper: Paper::A4,
            page_w: 210.0 * MM,
            page_h: 297.0 * MM,
            top: top * MM,
            bottom: bottom * MM,
            inner: 30.0 * MM,
            outer: 15.0 * MM,
            bleed: 0.0,
            slug: 0.0,
            // The number's baseline: its 13 pt figures centred in the 20 mm margin.
            header_y: (top / 2.0) * MM + 4.5,
            footer_y: 297.0 * MM - (bottom / 2.0) * MM,
            size: Sizes {
                body: 14.0,
                leading: 1.2,
                small: 12.0,
                note: 11.0,
                code: 12.0,
                h1: 14.0,
                h2: 14.0,
                h3: 14.0,
                h4: 14.0,
                running: 13.0,
                qr: 30.0 * MM,
            },
        }
    }

    pub fn text_w(&self) -> f32 {
        self.page_w - self.inner - self.outer
    }

    pub fn text_top(&self) -> f32 {
        self.top
    }

    pub fn text_bottom(&self) -> f32 {
        self.page_h - self.bottom
    }

    pub fn text_h(&self) -> f32 {
        self.text_bottom() - self.text_top()
    }

    /// A recto (right-hand page) in print: physical pages 1, 3, 5… (index 0, 2, 4…).
    pub fn is_recto(index: usize) -> bool {
        index.is_multiple_of(2)
    }

    /// The text area's left edge on page `index` (mirrored margins in print).
    pub fn left(&self, index: usize) -> f32 {
        if self.edition == Edition::Print && !Self::is_recto(index) {
            self.outer
        } else {
            self.inner
        }
    }

    pub fn media_w(&self) -> f32 {
        self.page_w + 2.0 * self.slug
    }

    pub fn media_h(&self) -> f32 {
        self.page_h + 2.0 * self.slug
    }
}
