//! The PDF editions of a handbook: a screen edition to share as a file and a print edition
//! for the print shop, A4 or A5.
//!
//! The layout is our own (see `docs/architecture.md`, "PDF editions"): the document model
//! ([`sotay_doc::Document`]) is paged by [`layout`] into display lists, drawn with printpdf's
//! low-level operations by [`render`], and finished by a `lopdf` pass ([`post`]) that adds
//! what printpdf does not write: a nested outline, page labels, bleed and trim boxes, the
//! document language and metadata, a deterministic file identifier.
//!
//! Every file is tagged and claims PDF/A-2a and PDF/UA-1 (see `docs/pdf-accessibility.md`):
//! the layout builds the structure tree ([`tags`]) from what the document model says each
//! piece is, the renderer marks every drawn piece as content of an element or as an artifact,
//! and the post pass writes the tree, the XMP identification and the sRGB output intent.
//!
//! ```no_run
//! # let doc: sotay_doc::Document = unimplemented!();
//! let out = sotay_pdf::write(&doc, &sotay_pdf::PdfOptions::default());
//! std::fs::write("so-tay.pdf", &out.bytes).unwrap();
//! ```

pub mod admin;
mod content;
mod fonts;
mod geometry;
mod layout;
mod post;
mod render;
mod tags;
mod text;
mod write;

use printpdf as pp;
use sotay_doc::Document;

/// Tables wider than this are not drawn as a grid in the PDF but as records: one paragraph a
/// row, "column: value" for each cell (the HTML and EPUB keep the table as it is, scrolling
/// sideways on a screen). The widest table in the bundled templates is a record form of 14
/// columns, meant to be filled in by hand on paper, so it must stay a grid; at 24 columns an
/// A4 text column is about 6.5 mm wide (A5: 4.5 mm) at the table's smallest type, room for a
/// short number or word; beyond that a grid breaks every word into letters, and a page of
/// records reads better and loses nothing. A warning names the table.
pub const MAX_TABLE_COLUMNS: usize = 24;

/// The most cells of one table the PDF sets (grid or records). The rows after them are left
/// out of the PDF only, with a line under the table that says how many cells and a warning;
/// the HTML and EPUB keep every cell. Each cell costs one to three kilobytes until the file is
/// written (layout, drawing operations, content streams), so without a bound a 2 MB table of a
/// million cells took 2 GB. 10,000 cells (500 rows of a 20-column form, some 25 pages of a
/// dense grid) is far more than a printed handbook holds, and keeps a table's part of the
/// memory to about 30 MB.
pub const MAX_TABLE_CELLS: usize = 10_000;

/// Which edition: the screen edition (default) has single-sided margins, coloured links and
/// an outline that opens with the file; the print edition has mirror margins for binding,
/// 3 mm bleed with TrimBox and BleedBox, crop marks and no link annotations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Edition {
    #[default]
    Screen,
    Print,
}

/// Paper size of the trimmed page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Paper {
    #[default]
    A4,
    A5,
}

impl Paper {
    /// The paper a PDF's first page is trimmed to (its TrimBox, else its MediaBox), when that
    /// is A4 or A5 within a millimetre either way (portrait): how the paper of an edition made
    /// before Sotay recorded it is read back from one of its files. `None` for anything else,
    /// including bytes that are no PDF.
    pub fn of_pdf(bytes: &[u8]) -> Option<Paper> {
        let doc = lopdf::Document::load_mem(bytes).ok()?;
        let page = *doc.get_pages().values().next()?;
        let dict = doc.get_dictionary(page).ok()?;
        let rect = dict
            .get(b"TrimBox")
            .or_else(|_| dict.get(b"MediaBox"))
            .ok()?;
        let rect = match rect {
            lopdf::Object::Reference(id) => doc.get_object(*id).ok()?,
            other => other,
        };
        let n: Vec<f32> = rect
            .as_array()
            .ok()?
            .iter()
            .map(|o| o.as_float().ok())
            .collect::<Option<_>>()?;
        let [x0, y0, x1, y1] = n[..] else {
            return None;
        };
        let mm = |pt: f32| pt.abs() * 25.4 / 72.0;
        let (w, h) = (mm(x1 - x0), mm(y1 - y0));
        let near = |a: f32, b: f32| (a - b).abs() <= 1.0;
        [(Paper::A4, 210.0, 297.0), (Paper::A5, 148.0, 210.0)]
            .into_iter()
            .find(|(_, pw, ph)| near(w, *pw) && near(h, *ph))
            .map(|(p, _, _)| p)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PdfOptions {
    pub edition: Edition,
    pub paper: Paper,
}

/// The PDF and what went wrong on the way (never fatal).
#[derive(Debug, Clone)]
pub struct PdfOutput {
    pub bytes: Vec<u8>,
    pub pages: usize,
    /// Warnings: characters no bundled font has, missing or unreadable images, QR data too
    /// long for a code.
    pub diagnostics: Vec<sotay_model::Diagnostic>,
}

/// Writes the document as a PDF. Never fails on content: problems become warnings in
/// [`PdfOutput::diagnostics`] and visible placeholders in the pages. The same document and
/// options give the same bytes.
pub fn write(doc: &Document, opts: &PdfOptions) -> PdfOutput {
    prepare(doc, opts).write(doc, None)
}

/// A document laid out once (the expensive part: line breaking, pagination, tables), ready to
/// be drawn as many copies as needed, each with its own stamp.
#[derive(Debug)]
pub struct Prepared {
    fonts: fonts::Fonts,
    geo: geometry::Geometry,
    laid: layout::Laid,
}

/// Lays the document out for the given edition and paper.
pub fn prepare(doc: &Document, opts: &PdfOptions) -> Prepared {
    let fonts = fonts::Fonts::load();
    let geo = geometry::Geometry::new(opts.paper, opts.edition);
    let laid = layout::lay_out_document(doc, &fonts, &geo);
    Prepared { fonts, geo, laid }
}

/// Lays the document out for distributed copies, each written with its stamp: as [`prepare`],
/// and the cover keeps a paragraph for the copy's words ("Bản số 003"), so they are tagged
/// text of the cover. Every copy drawn from it should carry a stamp (without one, that
/// paragraph stays empty).
pub fn prepare_copies(doc: &Document, opts: &PdfOptions) -> Prepared {
    let fonts = fonts::Fonts::load();
    let geo = geometry::Geometry::new(opts.paper, opts.edition);
    let laid = layout::lay_out_for_copies(doc, &fonts, &geo);
    Prepared { fonts, geo, laid }
}

impl Prepared {
    /// Draws one copy. With a stamp, every page's footer says "Bản số 012 — cấp cho: …", the
    /// colophon carries the copy's QR code and, when prepared with [`prepare_copies`], the
    /// cover says "Bản số 012"; nothing is laid out again.
    pub fn write(&self, doc: &Document, stamp: Option<&sotay_doc::CopyStamp>) -> PdfOutput {
        let (fonts, geo, laid) = (&self.fonts, &self.geo, &self.laid);
        let mut usage = fonts::Usage::default();
        let rendered = render::render(laid, doc, fonts, geo, &mut usage, stamp);
        PdfOutput {
            bytes: assemble(fonts, geo, laid, doc, rendered, &usage),
            pages: laid.pages.len(),
            diagnostics: laid.diagnostics.clone(),
        }
    }
}

/// The document of drawn pages: one resource dictionary for every page (fonts and images),
/// a page object each with its content and link annotations, the page tree and catalog.
fn pages(
    mut lo: lopdf::Document,
    geo: &geometry::Geometry,
    fonts: lopdf::Dictionary,
    xobjects: lopdf::Dictionary,
    drawn: Vec<render::Drawn>,
) -> lopdf::Document {
    use lopdf::{Dictionary, Object, Stream};
    let rect = |x: f32, y: f32, w: f32, h: f32| {
        Object::Array(vec![
            Object::Real(x),
            Object::Real(y),
            Object::Real(x + w),
            Object::Real(y + h),
        ])
    };
    let media = rect(0.0, 0.0, geo.media_w(), geo.media_h());
    let trim = rect(geo.slug, geo.slug, geo.page_w, geo.page_h);
    let mut res = Dictionary::new();
    res.set("Font", Object::Reference(lo.add_object(fonts)));
    res.set("XObject", Object::Reference(lo.add_object(xobjects)));
    let res = lo.add_object(res);
    let pages_id = lo.new_object_id();
    let ids: Vec<lopdf::ObjectId> = drawn.iter().map(|_| lo.new_object_id()).collect();
    for (d, &id) in drawn.into_iter().zip(&ids) {
        let mut sd = Dictionary::new();
        if d.compressed {
            sd.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        }
        let contents = lo.add_object(Stream::new(sd, d.content));
        let annots = d.links.iter().map(|l| link(l, &ids)).collect();
        let mut page = Dictionary::new();
        page.set("Type", Object::Name(b"Page".to_vec()));
        page.set("MediaBox", media.clone());
        page.set("TrimBox", trim.clone());
        page.set("CropBox", media.clone());
        page.set("Parent", Object::Reference(pages_id));
        page.set("Resources", Object::Reference(res));
        page.set("Contents", Object::Reference(contents));
        page.set("Annots", Object::Array(annots));
        lo.objects.insert(id, Object::Dictionary(page));
    }
    let mut pages = Dictionary::new();
    pages.set("Type", Object::Name(b"Pages".to_vec()));
    pages.set("Count", Object::Integer(ids.len() as i64));
    pages.set(
        "Kids",
        Object::Array(ids.iter().map(|&i| Object::Reference(i)).collect()),
    );
    lo.objects.insert(pages_id, Object::Dictionary(pages));
    let mut cat = Dictionary::new();
    cat.set("Type", Object::Name(b"Catalog".to_vec()));
    cat.set("PageLayout", Object::Name(b"OneColumn".to_vec()));
    cat.set("Pages", Object::Reference(pages_id));
    let cat = lo.add_object(cat);
    lo.trailer.set("Root", Object::Reference(cat));
    lo
}

/// A link annotation as printpdf writes it (`post` makes it an indirect, tagged object).
fn link(l: &pp::LinkAnnotation, pages: &[lopdf::ObjectId]) -> lopdf::Object {
    use lopdf::{Dictionary, Object};
    let (ll, ur) = (l.rect.lower_left(), l.rect.upper_right());
    let mut a = Dictionary::new();
    a.set("S", Object::Name(l.actions.get_action_type_id().into()));
    match &l.actions {
        pp::Actions::Goto(pp::Destination::Xyz {
            page,
            left,
            top,
            zoom,
        }) => {
            let r = |v: &Option<f32>| v.map_or(Object::Null, Object::Real);
            a.set(
                "D",
                Object::Array(vec![
                    pages
                        .get(page.saturating_sub(1))
                        .map_or(Object::Null, |&p| Object::Reference(p)),
                    Object::Name(b"XYZ".to_vec()),
                    r(left),
                    r(top),
                    r(zoom),
                ]),
            );
        }
        pp::Actions::Uri(u) => a.set("URI", Object::string_literal(u.clone())),
        // printpdf may add kinds of destination; the layout makes none of them.
        pp::Actions::Goto(_) => {}
    }
    let mut d = Dictionary::new();
    d.set("Type", Object::Name(b"Annot".to_vec()));
    d.set("Subtype", Object::Name(b"Link".to_vec()));
    d.set(
        "Rect",
        Object::Array(vec![
            Object::Real(ll.x.0),
            Object::Real(ll.y.0),
            Object::Real(ur.x.0),
            Object::Real(ur.y.0),
        ]),
    );
    d.set("A", Object::Dictionary(a));
    d.set(
        "Border",
        Object::Array(l.border.to_array().into_iter().map(Object::Real).collect()),
    );
    d.set("H", Object::Name(l.highlighting.get_id().into()));
    Object::Dictionary(d)
}

/// The file of drawn pages: the used glyphs subset and embedded, images, then the `lopdf`
/// pass (structure tree, metadata, outline).
pub(crate) fn assemble(
    fonts: &fonts::Fonts,
    geo: &geometry::Geometry,
    laid: &layout::Laid,
    doc: &Document,
    rendered: render::Rendered,
    usage: &fonts::Usage,
) -> Vec<u8> {
    // printpdf writes the images (lossless: pixels as decoded, never re-encoded or
    // downscaled; written raw here and Flate-compressed with every other stream in the lopdf
    // pass, in parallel); the pages are already written (`render`, `content`), the fonts are
    // embedded by `fonts::embed_all`.
    let mut pdf = pp::PdfDocument::new(&doc.meta.title);
    for (key, raw) in &laid.images {
        pdf.resources
            .xobjects
            .map
            .insert(pp::XObjectId(key.clone()), pp::XObject::Image(raw.clone()));
    }
    let save = pp::PdfSaveOptions {
        optimize: true,
        subset_fonts: false,
        secure: true,
        image_optimization: Some(pp::ImageOptimizationOptions {
            quality: None,
            max_image_size: None,
            dither_greyscale: Some(false),
            convert_to_greyscale: Some(false),
            auto_optimize: Some(false),
            format: Some(pp::ImageCompression::None),
        }),
    };
    let (mut lo, xobjects) = pp::init_doc_and_resources(&pdf, &save);
    drop(pdf);
    let fonts_dict = fonts::embed_all(&mut lo, fonts, usage);
    let lo = pages(lo, geo, fonts_dict, xobjects, rendered.pages);
    post::finish(lo, laid, &rendered.annots, doc, geo)
}
