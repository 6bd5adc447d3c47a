//! The EPUB 3 soft copy: one XHTML file per chapter, a navigation document, embedded fonts and
//! images, metadata from the edition (identifier = the edition's id, `dcterms:modified` from the
//! edition's date, never the clock). The zip is deterministic: fixed entry order and times.

use std::io::Write;

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::html::{escape, escape_attr, Links, Writer};
use crate::model::*;

/// Why an EPUB could not be written (only an I/O problem inside the in-memory zip).
#[derive(Debug)]
pub struct EpubError(pub String);

impl std::fmt::Display for EpubError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "EPUB: {}", self.0)
    }
}

impl std::error::Error for EpubError {}

fn chapter_file(index: usize) -> String {
    format!("ch-{:03}.xhtml", index + 1)
}

/// Image media types every EPUB reader must support.
fn epub_image_ext(mime: &str) -> Option<&'static str> {
    match mime {
        "image/png" => Some("png"),
        "image/jpeg" => Some("jpg"),
        "image/gif" => Some("gif"),
        "image/svg+xml" => Some("svg"),
        _ => None,
    }
}

fn xhtml(lang: &str, title: &str, body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"{l}\" xml:lang=\"{l}\">\n<head>\n<meta charset=\"utf-8\" />\n<title>{t}</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"style.css\" />\n</head>\n<body>\n{body}</body>\n</html>\n",
        l = escape_attr(lang),
        t = escape(title)
    )
}

/// `dcterms:modified` from an edition date (`YYYY-MM-DD` or an RFC 3339 time).
fn modified(date: &str) -> String {
    let d = date.get(..10).unwrap_or("");
    let valid = d.len() == 10
        && d.chars().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }
        });
    if valid {
        format!("{d}T00:00:00Z")
    } else {
        "1970-01-01T00:00:00Z".to_owned()
    }
}

/// Writes the EPUB for `doc` (the colophon without a copy stamp).
pub fn write(doc: &Document) -> Result<Vec<u8>, EpubError> {
    Book::prepare(doc).write(None)
}

/// An EPUB laid out once: every file but the colophon, which each distributed copy stamps.
#[derive(Debug, Clone)]
pub struct Book {
    files: Vec<(String, Vec<u8>)>,
    /// The package document with `{COLOPHON_PROPS}` where the colophon's properties go.
    opf: String,
    lang: String,
    meta: DocMeta,
}

impl Book {
    /// Lays out the whole EPUB but its colophon.
    pub fn prepare(doc: &Document) -> Book {
        prepare(doc)
    }

    /// The EPUB of one copy: the colophon carries its serial, recipient and QR code.
    pub fn write(&self, stamp: Option<&CopyStamp>) -> Result<Vec<u8>, EpubError> {
        let colophon = crate::html::colophon(&self.meta, stamp);
        let props = if colophon.contains("<svg") {
            " properties=\"svg\""
        } else {
            ""
        };
        let opf = self.opf.replace("{COLOPHON_PROPS}", props);
        let colophon = xhtml(&self.lang, "Thông tin ấn phẩm", &colophon).into_bytes();
        zip_files(
            self.files
                .iter()
                .map(|(n, b)| (n.as_str(), b.as_slice()))
                .chain([
                    ("EPUB/colophon.xhtml", colophon.as_slice()),
                    ("EPUB/package.opf", opf.as_bytes()),
                ]),
        )
    }
}

fn prepare(doc: &Document) -> Book {
    let lang = doc.meta.lang.code();
    let title = if doc.meta.title.is_empty() {
        "Sổ tay"
    } else {
        doc.meta.title.as_str()
    };
    // Images: found ones in a supported format get a file name; others become placeholders.
    let mut image_files: Vec<(String, String, &Image)> = Vec::new(); // (name in md, file, image)
    for (name, img) in &doc.images {
        if let Some(ext) = epub_image_ext(&img.mime) {
            image_files.push((
                name.clone(),
                format!("images/img-{:03}.{ext}", image_files.len() + 1),
                img,
            ));
        }
    }
    let image = |name: &str| {
        image_files
            .iter()
            .find(|(n, _, _)| n == name)
            .map(|(_, f, _)| f.clone())
    };
    let target = |t: &Target| match t.kind {
        TargetKind::Footnote => format!("#{}", t.id),
        TargetKind::Chapter => chapter_file(t.chapter),
        _ => format!("{}#{}", chapter_file(t.chapter), t.id),
    };
    let w = Writer {
        doc,
        links: Links {
            target: &target,
            image: &image,
        },
        heading_shift: 0,
    };

    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    // Cover.
    let mut cover = String::new();
    let logo = image(&doc.meta.logo);
    crate::html::cover(&doc.meta, logo.as_deref(), 1, &mut cover);
    files.push((
        "EPUB/cover.xhtml".into(),
        xhtml(lang, title, &cover).into_bytes(),
    ));
    // Navigation.
    let mut nav = String::from("<nav epub:type=\"toc\" id=\"toc\" aria-labelledby=\"toc-title\">\n<h1 id=\"toc-title\">Mục lục</h1>");
    crate::html::toc(
        doc,
        &|e: &TocEntry| {
            if e.level == 1 {
                chapter_file(e.chapter)
            } else {
                format!("{}#{}", chapter_file(e.chapter), e.id)
            }
        },
        3,
        &mut nav,
    );
    if doc.toc.is_empty() {
        nav.push_str("<ol><li><a href=\"cover.xhtml\">");
        nav.push_str(&escape(title));
        nav.push_str("</a></li></ol>\n");
    }
    nav.push_str("</nav>\n<nav epub:type=\"landmarks\" id=\"landmarks\" hidden=\"hidden\">\n<h2>Mốc</h2>\n<ol>\n<li><a epub:type=\"cover\" href=\"cover.xhtml\">Bìa</a></li>\n<li><a epub:type=\"toc\" href=\"nav.xhtml#toc\">Mục lục</a></li>\n");
    if !doc.chapters.is_empty() {
        nav.push_str(&format!(
            "<li><a epub:type=\"bodymatter\" href=\"{}\">Nội dung</a></li>\n",
            chapter_file(0)
        ));
    }
    nav.push_str("</ol>\n</nav>\n");
    files.push((
        "EPUB/nav.xhtml".into(),
        xhtml(lang, "Mục lục", &nav).into_bytes(),
    ));
    // The change list against an earlier edition (issue 21), after the contents.
    if let Some(c) = &doc.changes {
        let list =
            crate::changes::list_html(c, &|ch, id| format!("{}#{}", chapter_file(ch), id), 1);
        files.push((
            "EPUB/changes.xhtml".into(),
            xhtml(lang, &c.title(), &list).into_bytes(),
        ));
    }
    // Chapters.
    let mut svg_chapters = Vec::new();
    for i in 0..doc.chapters.len() {
        let mut body = String::new();
        w.chapter(i, &mut body);
        if body.contains("<svg") {
            svg_chapters.push(i);
        }
        let t = plain_text(&doc.chapters[i].title);
        files.push((
            format!("EPUB/{}", chapter_file(i)),
            xhtml(lang, &t, &body).into_bytes(),
        ));
    }
    // Style and fonts.
    let mut css = crate::fonts::font_faces(|f| format!("fonts/{}", f.file));
    css.push_str(crate::html::STYLE);
    if doc.changes.is_some() {
        css.push_str(crate::html::CHANGES_STYLE);
    }
    files.push(("EPUB/style.css".into(), css.into_bytes()));
    for f in crate::fonts::ALL {
        files.push((format!("EPUB/fonts/{}", f.file), f.bytes.to_vec()));
    }
    for (_, file, img) in &image_files {
        files.push((format!("EPUB/{file}"), img.bytes.clone()));
    }

    // Package document.
    let id = if doc.meta.edition_id.is_empty() {
        "urn:sotay:edition".to_owned()
    } else if is_uuid(&doc.meta.edition_id) {
        format!("urn:uuid:{}", doc.meta.edition_id)
    } else {
        doc.meta.edition_id.clone()
    };
    let mut opf = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" unique-identifier=\"pub-id\" xml:lang=\"{l}\">\n<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n<dc:identifier id=\"pub-id\">{id}</dc:identifier>\n<dc:title>{t}</dc:title>\n<dc:language>{l}</dc:language>\n",
        l = escape_attr(lang),
        id = escape(&id),
        t = escape(title)
    );
    if !doc.meta.issuing_body.is_empty() {
        opf.push_str(&format!(
            "<dc:creator>{}</dc:creator>\n<dc:publisher>{}</dc:publisher>\n",
            escape(&doc.meta.issuing_body),
            escape(&doc.meta.issuing_body)
        ));
    }
    if !doc.meta.subtitle.is_empty() {
        opf.push_str(&format!(
            "<dc:subject>{}</dc:subject>\n",
            escape(&doc.meta.subtitle)
        ));
    }
    let modified = modified(&doc.meta.date);
    opf.push_str(&format!("<dc:date>{}</dc:date>\n<meta property=\"dcterms:modified\">{modified}</meta>\n</metadata>\n<manifest>\n", &modified[..10]));
    opf.push_str("<item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" properties=\"nav\"/>\n<item id=\"cover\" href=\"cover.xhtml\" media-type=\"application/xhtml+xml\"/>\n<item id=\"colophon\" href=\"colophon.xhtml\" media-type=\"application/xhtml+xml\"{COLOPHON_PROPS}/>\n<item id=\"css\" href=\"style.css\" media-type=\"text/css\"/>\n");
    if doc.changes.is_some() {
        opf.push_str(
            "<item id=\"changes\" href=\"changes.xhtml\" media-type=\"application/xhtml+xml\"/>\n",
        );
    }
    for i in 0..doc.chapters.len() {
        let props = if svg_chapters.contains(&i) {
            " properties=\"svg\""
        } else {
            ""
        };
        opf.push_str(&format!(
            "<item id=\"ch{:03}\" href=\"{}\" media-type=\"application/xhtml+xml\"{props}/>\n",
            i + 1,
            chapter_file(i)
        ));
    }
    for (n, f) in crate::fonts::ALL.iter().enumerate() {
        opf.push_str(&format!(
            "<item id=\"font{:02}\" href=\"fonts/{}\" media-type=\"font/ttf\"/>\n",
            n + 1,
            f.file
        ));
    }
    for (n, (_, file, img)) in image_files.iter().enumerate() {
        opf.push_str(&format!(
            "<item id=\"img{:03}\" href=\"{}\" media-type=\"{}\"/>\n",
            n + 1,
            file,
            img.mime
        ));
    }
    opf.push_str("</manifest>\n<spine>\n<itemref idref=\"cover\"/>\n<itemref idref=\"colophon\"/>\n<itemref idref=\"nav\"/>\n");
    if doc.changes.is_some() {
        opf.push_str("<itemref idref=\"changes\"/>\n");
    }
    for i in 0..doc.chapters.len() {
        opf.push_str(&format!("<itemref idref=\"ch{:03}\"/>\n", i + 1));
    }
    opf.push_str("</spine>\n</package>\n");
    Book {
        files,
        opf,
        lang: lang.to_owned(),
        meta: doc.meta.clone(),
    }
}

/// The zip: `mimetype` first and stored, then the container, then the files in order; fixed
/// times so the same files give the same bytes. Fonts and images are stored (already compressed).
fn zip_files<'a>(files: impl Iterator<Item = (&'a str, &'a [u8])>) -> Result<Vec<u8>, EpubError> {
    let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .last_modified_time(DateTime::default());
    let deflated = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default());
    let err = |e: &dyn std::fmt::Display| EpubError(e.to_string());
    zip.start_file("mimetype", stored).map_err(|e| err(&e))?;
    zip.write_all(b"application/epub+zip")
        .map_err(|e| err(&e))?;
    zip.start_file("META-INF/container.xml", deflated)
        .map_err(|e| err(&e))?;
    zip.write_all(CONTAINER).map_err(|e| err(&e))?;
    for (name, bytes) in files {
        let opts = if name.ends_with(".ttf") || name.starts_with("EPUB/images/") {
            stored
        } else {
            deflated
        };
        zip.start_file(name, opts).map_err(|e| err(&e))?;
        zip.write_all(bytes).map_err(|e| err(&e))?;
    }
    let cursor = zip.finish().map_err(|e| err(&e))?;
    Ok(cursor.into_inner())
}

const CONTAINER: &[u8] = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n<rootfiles>\n<rootfile full-path=\"EPUB/package.opf\" media-type=\"application/oebps-package+xml\"/>\n</rootfiles>\n</container>\n";

fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.chars().enumerate().all(|(i, c)| {
            if matches!(i, 8 | 13 | 18 | 23) {
                c == '-'
            } else {
                c.is_ascii_hexdigit()
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_document_gives_the_same_bytes() {
        let built = crate::build(
            DocMeta {
                title: "Sổ tay".into(),
                edition_id: "01234567-89ab-7def-8123-456789abcdef".into(),
                date: "2025-07-01".into(),
                ..DocMeta::default()
            },
            &[ChapterInput {
                key: "a".into(),
                title: "A".into(),
                markdown: "# Giới thiệu\n\nNội dung.\n".into(),
                role: ChapterRole::Body,
            }],
            Numbering::Auto,
            &|_| None,
        );
        let a = write(&built.document).unwrap();
        let b = write(&built.document).unwrap();
        assert_eq!(a, b);
        assert_eq!(&a[30..38], b"mimetype");
        let text = String::from_utf8_lossy(&a);
        assert!(text.contains("application/epub+zip"));
    }

    #[test]
    fn modified_comes_from_the_edition_date() {
        assert_eq!(modified("2025-07-01"), "2025-07-01T00:00:00Z");
        assert_eq!(modified("2025-07-01T08:00:00Z"), "2025-07-01T00:00:00Z");
        assert_eq!(modified("bad"), "1970-01-01T00:00:00Z");
    }
}
