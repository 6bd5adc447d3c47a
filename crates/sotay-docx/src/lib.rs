//! Administrative documents as Word files (.docx), laid out like their PDF
//! ([`sotay_pdf::admin`]) so a clerk can fill in the number, edit and sign in the office's own
//! tools: A4, margins 20/20/30/15 mm, Times New Roman declared everywhere (Word shows it;
//! LibreOffice substitutes Liberation Serif), named styles for every part (body, headings
//! I./1./a), document type, summary, "Nơi nhận", signature, tables), the header block as a
//! borderless two-column table, page numbers centred in the header from page 2 (a different
//! first-page header, empty), no cover and no contents.
//!
//! Written with `docx-rs` (MIT). The same document gives the same bytes (the package's dates
//! come from the document, the zip entries carry no time).

use std::io::Cursor;

pub mod comparison;
mod ink;

use docx_rs::{
    AlignmentType, BorderType, Docx, Header, LineSpacing, LineSpacingType, PageMargin, PageNum,
    Paragraph, ParagraphBorder, ParagraphBorderPosition, ParagraphBorders, Pic, Run, RunFonts,
    SpecialIndentType, Style, StyleType, Table, TableBorders, TableCell, TableCellMargins,
    TableLayoutType, TableRow, WidthType,
};
use sotay_model::admin::{AdminDoc, Appendix, Block, ParaAlign, Run as TextRun, Signature};
use sotay_pdf::admin::{sizes, Metrics, MOTTO, NATION};

/// The font every style declares.
pub const FONT: &str = "Times New Roman";

/// Named styles: id and the name Word shows.
pub mod style {
    pub const BODY: (&str, &str) = ("VBNoiDung", "VB Nội dung");
    pub const H1: (&str, &str) = ("VBMuc1", "VB Đề mục I.");
    pub const H2: (&str, &str) = ("VBMuc2", "VB Đề mục 1.");
    pub const H3: (&str, &str) = ("VBMuc3", "VB Đề mục a)");
    pub const HEAD: (&str, &str) = ("VBDauVanBan", "VB Đầu văn bản");
    pub const KIND: (&str, &str) = ("VBTenLoai", "VB Tên loại");
    pub const SUMMARY: (&str, &str) = ("VBTrichYeu", "VB Trích yếu");
    pub const CENTER: (&str, &str) = ("VBGiua", "VB Căn giữa");
    pub const TABLE: (&str, &str) = ("VBBang", "VB Bảng");
    pub const RECIPIENTS_TITLE: (&str, &str) = ("VBNoiNhanTieuDe", "VB Nơi nhận (tiêu đề)");
    pub const RECIPIENTS: (&str, &str) = ("VBNoiNhan", "VB Nơi nhận");
    pub const SIGNATURE: (&str, &str) = ("VBChuKy", "VB Chữ ký");
    pub const PAGE_NUMBER: (&str, &str) = ("VBSoTrang", "VB Số trang");
}

/// Twips (1/20 pt).
fn tw(pt: f32) -> i32 {
    (pt * 20.0).round() as i32
}

/// Half-points, the unit of font sizes.
fn hp(pt: f32) -> usize {
    (pt * 2.0).round() as usize
}

const MM: f32 = 72.0 / 25.4;

fn fonts() -> RunFonts {
    RunFonts::new()
        .ascii(FONT)
        .hi_ansi(FONT)
        .cs(FONT)
        .east_asia(FONT)
}

/// Line spacing: `line` in 240ths of a line (auto), space after in points.
fn spacing(line: f32, after: f32) -> LineSpacing {
    LineSpacing::new()
        .line_rule(LineSpacingType::Auto)
        .line((line * 240.0).round() as i32)
        .before(0)
        .after(tw(after) as u32)
}

fn para_style(
    (id, name): (&str, &str),
    size: f32,
    bold: bool,
    italic: bool,
    align: AlignmentType,
) -> Style {
    let mut s = Style::new(id, StyleType::Paragraph)
        .name(name)
        .based_on("Normal")
        .q_format(true)
        .fonts(fonts())
        .size(hp(size))
        .align(align)
        .line_spacing(spacing(1.0, 0.0));
    if bold {
        s = s.bold();
    }
    if italic {
        s = s.italic();
    }
    s
}

fn styles(docx: Docx) -> Docx {
    let indent = Some(SpecialIndentType::FirstLine(tw(sizes::INDENT_PT)));
    let body = para_style(
        style::BODY,
        sizes::BODY_PT,
        false,
        false,
        AlignmentType::Both,
    )
    .line_spacing(spacing(sizes::LEADING, sizes::PARA_GAP))
    .indent(None, indent, None, None);
    let heading = |st, bold, italic| {
        para_style(st, sizes::BODY_PT, bold, italic, AlignmentType::Both)
            .line_spacing(
                spacing(sizes::LEADING, sizes::PARA_GAP).before(tw(sizes::PARA_GAP) as u32),
            )
            .indent(None, indent, None, None)
    };
    docx.add_style(body)
        .add_style(heading(style::H1, true, false).outline_lvl(0))
        .add_style(heading(style::H2, true, false).outline_lvl(1))
        .add_style(heading(style::H3, false, true).outline_lvl(2))
        .add_style(para_style(
            style::HEAD,
            sizes::HEAD,
            false,
            false,
            AlignmentType::Center,
        ))
        .add_style(para_style(
            style::KIND,
            sizes::BODY_PT,
            true,
            false,
            AlignmentType::Center,
        ))
        .add_style(para_style(
            style::SUMMARY,
            sizes::BODY_PT,
            true,
            false,
            AlignmentType::Center,
        ))
        .add_style(
            para_style(
                style::CENTER,
                sizes::BODY_PT,
                false,
                false,
                AlignmentType::Center,
            )
            .line_spacing(spacing(sizes::LEADING, sizes::PARA_GAP)),
        )
        .add_style(para_style(
            style::TABLE,
            sizes::TABLE,
            false,
            false,
            AlignmentType::Left,
        ))
        .add_style(para_style(
            style::RECIPIENTS_TITLE,
            sizes::RECIPIENTS_TITLE,
            true,
            true,
            AlignmentType::Left,
        ))
        .add_style(para_style(
            style::RECIPIENTS,
            sizes::RECIPIENTS,
            false,
            false,
            AlignmentType::Left,
        ))
        .add_style(para_style(
            style::SIGNATURE,
            sizes::BODY_PT,
            true,
            false,
            AlignmentType::Center,
        ))
        .add_style(para_style(
            style::PAGE_NUMBER,
            sizes::PAGE_NUMBER,
            false,
            false,
            AlignmentType::Center,
        ))
}

/// A paragraph of `text` in style `st` (its runs carry the font and size too, so a reader
/// that ignores styles still shows them).
fn text_para(st: (&str, &str), text: &str, size: f32, bold: bool, italic: bool) -> Paragraph {
    Paragraph::new()
        .style(st.0)
        .add_run(run(text, size, bold, italic))
}

fn run(text: &str, size: f32, bold: bool, italic: bool) -> Run {
    let mut r = Run::new().add_text(text).fonts(fonts()).size(hp(size));
    if bold {
        r = r.bold();
    }
    if italic {
        r = r.italic();
    }
    r
}

fn runs_para(st: (&str, &str), runs: &[TextRun], size: f32) -> Paragraph {
    runs.iter().fold(Paragraph::new().style(st.0), |p, r| {
        p.add_run(run(&r.text, size, r.bold, r.italic))
    })
}

/// A rule `len` points long, centred in a column `col` points wide: an empty paragraph of
/// tiny type with a bottom border, indented from both sides.
fn rule(col: f32, len: f32) -> Paragraph {
    let side = tw(((col - len) / 2.0).max(0.0));
    let mut p = Paragraph::new()
        .style(style::HEAD.0)
        .indent(Some(side), None, Some(side), None)
        .line_spacing(
            LineSpacing::new()
                .line_rule(LineSpacingType::Exact)
                .line(tw(3.0))
                .before(0)
                .after(tw(3.0) as u32),
        )
        .add_run(Run::new().size(2));
    p.property = p.property.set_borders(
        ParagraphBorders::with_empty().set(
            ParagraphBorder::new(ParagraphBorderPosition::Bottom)
                .val(BorderType::Single)
                .size(5)
                .space(1),
        ),
    );
    p
}

fn cell(width: f32) -> TableCell {
    TableCell::new().width(tw(width) as usize, WidthType::Dxa)
}

fn layout_table(rows: Vec<TableRow>, widths: &[f32]) -> Table {
    Table::new(rows)
        .set_grid(widths.iter().map(|w| tw(*w) as usize).collect())
        .width(tw(widths.iter().sum()) as usize, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .set_borders(TableBorders::with_empty())
        .margins(TableCellMargins::new().margin(0, 0, 0, 0))
}

/// Writes an administrative document as a .docx.
pub fn write(doc: &AdminDoc) -> Vec<u8> {
    let m = Metrics::new();
    let text_w = m.text_width();
    let date = if doc.date.is_empty() {
        "1970-01-01T00:00:00Z".to_owned()
    } else {
        format!("{}T00:00:00Z", doc.date)
    };
    let mut docx = Docx::new()
        .page_size(11906, 16838)
        .page_margin(PageMargin {
            top: tw(20.0 * MM),
            bottom: tw(20.0 * MM),
            left: tw(30.0 * MM),
            right: tw(15.0 * MM),
            header: tw(8.0 * MM),
            footer: tw(10.0 * MM),
            gutter: 0,
        })
        .default_fonts(fonts())
        .default_size(hp(sizes::BODY_PT))
        .created_at(&date)
        .updated_at(&date);
    docx = styles(docx);
    // Page numbers from page 2: a header with the PAGE field, and an empty first-page one.
    docx = docx
        .header(
            Header::new().add_paragraph(
                Paragraph::new()
                    .style(style::PAGE_NUMBER.0)
                    .add_page_num(PageNum::new()),
            ),
        )
        .first_header(Header::new().add_paragraph(Paragraph::new().style(style::HEAD.0)));

    // The header block: a borderless table of two columns and two rows.
    docx = docx.add_table(header_table(&m, doc, true));
    docx = docx.add_paragraph(Paragraph::new().style(style::HEAD.0));

    // Document type, summary, a rule; the deciding authority; "Kính gửi".
    docx = docx.add_paragraph(text_para(
        style::KIND,
        doc.kind.title(),
        sizes::BODY_PT,
        true,
        false,
    ));
    let mut summary_w: f32 = 0.0;
    for line in doc.summary.lines().filter(|l| !l.trim().is_empty()) {
        summary_w = summary_w.max(m.width(line.trim(), sizes::BODY_PT, true, false));
        docx = docx.add_paragraph(text_para(
            style::SUMMARY,
            line.trim(),
            sizes::BODY_PT,
            true,
            false,
        ));
    }
    docx = docx.add_paragraph(rule(
        text_w,
        (summary_w.min(text_w) * 0.4).clamp(40.0, text_w * 0.5),
    ));
    if !doc.authority.trim().is_empty() {
        docx = docx.add_paragraph(
            text_para(
                style::KIND,
                doc.authority.trim(),
                sizes::BODY_PT,
                true,
                false,
            )
            .line_spacing(spacing(1.0, sizes::PARA_GAP).before(tw(sizes::PARA_GAP) as u32)),
        );
    }
    for a in &doc.addressees {
        docx = docx.add_paragraph(text_para(style::CENTER, a, sizes::BODY_PT, false, false));
    }

    // The body; its last paragraph keeps with the signature.
    docx = blocks(docx, &m, &doc.body, true);

    // "Nơi nhận" and the signature(s), side by side in a borderless table.
    let two = doc.signatures.len() >= 2;
    let (lw, rw) = if two {
        (text_w / 2.0, text_w / 2.0)
    } else {
        (text_w * 0.45, text_w * 0.55)
    };
    let mut left = cell(lw);
    if two {
        left = signature(left, &doc.signatures[0], 0);
    } else if doc.recipients.is_empty() {
        left = left.add_paragraph(Paragraph::new().style(style::RECIPIENTS.0));
    } else {
        left = left.add_paragraph(text_para(
            style::RECIPIENTS_TITLE,
            "Nơi nhận:",
            sizes::RECIPIENTS_TITLE,
            true,
            true,
        ));
        for r in &doc.recipients {
            left = left.add_paragraph(text_para(
                style::RECIPIENTS,
                r,
                sizes::RECIPIENTS,
                false,
                false,
            ));
        }
    }
    let mut right = cell(rw);
    match doc.signatures.get(usize::from(two)) {
        Some(s) => right = signature(right, s, usize::from(two)),
        None => right = right.add_paragraph(Paragraph::new().style(style::SIGNATURE.0)),
    }
    docx = docx
        .add_paragraph(Paragraph::new().style(style::TABLE.0).keep_next(true))
        .add_table(layout_table(
            vec![TableRow::new(vec![left, right]).cant_split()],
            &[lw, rw],
        ));

    if let Some(appendix) = &doc.appendix {
        docx = write_appendix(docx, &m, doc, appendix);
    }

    let mut out = Cursor::new(Vec::new());
    let mut xml = docx.build();
    xml.document = repeat_header_rows(&xml.document);
    // Writing to memory cannot fail on I/O; a failure would be a bug in the library.
    xml.pack(&mut out).expect("a .docx is written to memory");
    out.into_inner()
}

/// The header block, a borderless table of two columns: the bodies and the national name with
/// their rules; `numbered` adds the row of number and place-and-date (a text issued with a
/// decision has neither: they are the decision's).
fn header_table(m: &Metrics, doc: &AdminDoc, numbered: bool) -> Table {
    let (left_w, right_w) = m.header_columns(doc);
    let mut left = cell(left_w);
    if !doc.parent_body.trim().is_empty() {
        left = left.add_paragraph(text_para(
            style::HEAD,
            &doc.parent_body,
            sizes::HEAD,
            false,
            false,
        ));
    }
    let issuing_w = m
        .width(&doc.issuing_body, sizes::HEAD, true, false)
        .min(left_w);
    left = left
        .add_paragraph(text_para(
            style::HEAD,
            &doc.issuing_body,
            sizes::HEAD,
            true,
            false,
        ))
        .add_paragraph(rule(left_w, (issuing_w * 0.4).max(30.0)));
    let motto_w = m.width(MOTTO, sizes::MOTTO, true, false);
    let right = cell(right_w)
        .add_paragraph(text_para(style::HEAD, NATION, sizes::NATION, true, false))
        .add_paragraph(text_para(style::HEAD, MOTTO, sizes::MOTTO, true, false))
        .add_paragraph(rule(right_w, motto_w));
    let number = cell(left_w).add_paragraph(text_para(
        style::HEAD,
        &doc.number_line,
        sizes::HEAD,
        false,
        false,
    ));
    let date = cell(right_w).add_paragraph(text_para(
        style::HEAD,
        &doc.place_date,
        sizes::BODY_PT,
        false,
        true,
    ));
    let mut rows = vec![TableRow::new(vec![left, right])];
    if numbered {
        rows.push(TableRow::new(vec![number, date]));
    }
    layout_table(rows, &[left_w, right_w])
}

/// The body's blocks; with `keep_last`, the last paragraph keeps with what follows (the
/// signature).
fn blocks(mut docx: Docx, m: &Metrics, body: &[Block], keep_last: bool) -> Docx {
    let text_w = m.text_width();
    for (i, b) in body.iter().enumerate() {
        let last = keep_last && i + 1 == body.len();
        docx = match b {
            Block::Heading { level, label, text } => {
                let st = match level {
                    1 => style::H1,
                    2 => style::H2,
                    _ => style::H3,
                };
                docx.add_paragraph(
                    text_para(
                        st,
                        &format!("{label} {text}"),
                        sizes::BODY_PT,
                        *level <= 2,
                        *level >= 3,
                    )
                    .keep_next(true),
                )
            }
            Block::Para { runs, align } => docx.add_paragraph(
                match align {
                    ParaAlign::Body => runs_para(style::BODY, runs, sizes::BODY_PT),
                    ParaAlign::Center => runs_para(style::CENTER, runs, sizes::BODY_PT),
                }
                .keep_next(last),
            ),
            Block::Table {
                caption,
                header,
                rows,
                numeric,
            } => {
                if !caption.trim().is_empty() {
                    docx = docx.add_paragraph(
                        text_para(style::KIND, caption.trim(), sizes::HEAD, true, false)
                            .keep_next(true),
                    );
                }
                docx.add_table(data_table(m, header, rows, numeric, text_w))
                    .add_paragraph(Paragraph::new().style(style::TABLE.0))
            }
        };
    }

    docx
}

/// The text issued with the decision, from a new page: the header without number or date,
/// its kind and name in bold, the line tying it to the decision in italics, a short rule, then
/// its body.
fn write_appendix(docx: Docx, m: &Metrics, doc: &AdminDoc, appendix: &Appendix) -> Docx {
    let text_w = m.text_width();
    let mut docx = docx
        .add_paragraph(
            Paragraph::new()
                .style(style::HEAD.0)
                .page_break_before(true),
        )
        .add_table(header_table(m, doc, false))
        .add_paragraph(Paragraph::new().style(style::HEAD.0));
    let mut title_w: f32 = 0.0;
    let title = std::iter::once(appendix.kind.as_str()).chain(appendix.summary.lines());
    for (i, line) in title.map(str::trim).filter(|l| !l.is_empty()).enumerate() {
        title_w = title_w.max(m.width(line, sizes::BODY_PT, true, false));
        let st = if i == 0 { style::KIND } else { style::SUMMARY };
        docx = docx.add_paragraph(text_para(st, line, sizes::BODY_PT, true, false));
    }
    if !appendix.issued_with.trim().is_empty() {
        docx = docx.add_paragraph(text_para(
            style::CENTER,
            appendix.issued_with.trim(),
            sizes::BODY_PT,
            false,
            true,
        ));
    }
    docx = docx.add_paragraph(rule(
        text_w,
        (title_w.min(text_w) * 0.4).clamp(40.0, text_w * 0.5),
    ));
    blocks(docx, m, &appendix.body, false)
}

/// Signature `n` of the document (its image needs an id of its own).
fn signature(mut c: TableCell, s: &Signature, n: usize) -> TableCell {
    for h in &s.heading {
        c = c.add_paragraph(text_para(style::SIGNATURE, h, sizes::BODY_PT, true, false));
    }
    if !s.note.trim().is_empty() {
        c = c.add_paragraph(text_para(
            style::SIGNATURE,
            s.note.trim(),
            sizes::BODY_PT,
            false,
            true,
        ));
    }
    // The space to sign and seal; a signature given on screen shows there: a drawn mark as a
    // picture (at most 60 × 20 mm), a typed name in italics.
    let mut space = Paragraph::new().style(style::SIGNATURE.0).line_spacing(
        LineSpacing::new()
            .line_rule(LineSpacingType::Exact)
            .line(tw(sizes::SIGN_SPACE)),
    );
    if let Some(m) = &s.on_screen {
        space = match &m.drawing {
            Some(d) => {
                let (bytes, w, h) = ink::png(d, 1.5);
                // EMU: 36 000 a millimetre.
                let scale = (60.0 / d.width).min(20.0 / d.height) * 36_000.0;
                let pic = Pic::new_with_dimensions(bytes, w, h)
                    .size((d.width * scale) as u32, (d.height * scale) as u32)
                    .id(format!("rIdImageSignature{n}"));
                space.add_run(Run::new().add_image(pic))
            }
            None => space.add_run(run(m.typed.trim(), sizes::BODY_PT + 2.0, false, true)),
        };
    }
    c = c.add_paragraph(space);
    c = c.add_paragraph(text_para(
        style::SIGNATURE,
        s.name.trim(),
        sizes::BODY_PT,
        true,
        false,
    ));
    if let Some(m) = s.on_screen.as_ref().filter(|m| !m.when.is_empty()) {
        c = c.add_paragraph(text_para(
            style::SIGNATURE,
            &m.when,
            sizes::RECIPIENTS,
            false,
            true,
        ));
    }
    c
}

/// The height (twips) that marks a table's header row until `repeat_header_rows` turns it
/// into `<w:tblHeader/>`; no row is ever given it for its own sake.
const HEADER_ROW_MARK: f32 = 1.0;

/// Every marked row's height becomes `<w:tblHeader/>`: the row is repeated at the top of each
/// page the table continues on (Word and LibreOffice both honour it).
fn repeat_header_rows(document: &[u8]) -> Vec<u8> {
    let xml = String::from_utf8_lossy(document);
    let mark = format!(r#"<w:trHeight w:val="{HEADER_ROW_MARK}" w:hRule="atLeast" />"#);
    debug_assert!(
        !xml.contains("<w:tblHeader"),
        "docx-rs writes no tblHeader of its own"
    );
    xml.replace(&mark, "<w:tblHeader />").into_bytes()
}

/// A table with a grid: the header row bold and centred, numbers right-aligned, columns as
/// wide as the PDF would make them.
fn data_table(
    m: &Metrics,
    header: &[String],
    rows: &[Vec<String>],
    numeric: &[bool],
    text_w: f32,
) -> Table {
    let cols = header
        .len()
        .max(rows.iter().map(Vec::len).max().unwrap_or(0));
    let pad = 3.0;
    let widths = m.table_widths(header, rows, text_w);
    let row = |cells: &[String], bold: bool| {
        TableRow::new(
            (0..cols)
                .map(|c| {
                    let t = cells.get(c).map(String::as_str).unwrap_or_default();
                    let align = if bold {
                        AlignmentType::Center
                    } else if numeric.get(c).copied().unwrap_or(false) {
                        AlignmentType::Right
                    } else {
                        AlignmentType::Left
                    };
                    cell(widths[c]).add_paragraph(
                        text_para(style::TABLE, t, sizes::TABLE, bold, false).align(align),
                    )
                })
                .collect(),
        )
        .cant_split()
    };
    // The header row repeats on every page the table runs onto (`w:tblHeader`, which docx-rs
    // cannot write: the row is marked with a height no table uses and the mark is replaced in
    // the document's XML, see `repeat_header_rows`).
    let mut all = vec![row(header, true).row_height(HEADER_ROW_MARK)];
    all.extend(rows.iter().map(|r| row(r, false)));
    Table::new(all)
        .set_grid(widths.iter().map(|w| tw(*w) as usize).collect())
        .width(tw(text_w) as usize, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .margins(TableCellMargins::new().margin(0, tw(pad) as usize, 0, tw(pad) as usize))
}

#[cfg(test)]
mod tests {
    use super::*;
    use sotay_model::admin::{number_line, place_date, AdminKind};
    use std::io::Read;

    fn doc() -> AdminDoc {
        AdminDoc {
            kind: AdminKind::Decision,
            parent_body: "UBND TỈNH AN GIANG".into(),
            issuing_body: "SỞ KHOA HỌC VÀ CÔNG NGHỆ".into(),
            number_line: number_line(AdminKind::Decision, None, "SKHCN"),
            place_date: place_date("An Giang", None, 2026),
            summary: "Về việc ban hành Sổ tay hướng dẫn truy xuất nguồn gốc".into(),
            authority: "GIÁM ĐỐC SỞ KHOA HỌC VÀ CÔNG NGHỆ".into(),
            addressees: Vec::new(),
            body: vec![
                Block::para("Căn cứ Kế hoạch số 45/KH-UBND ngày 20/3/2020;"),
                Block::Table {
                    caption: String::new(),
                    header: vec!["A".into(), "B".into()],
                    rows: vec![vec!["1".into(), "2".into()]],
                    numeric: vec![false, true],
                },
            ],
            recipients: vec!["- Như Điều 3;".into(), "- Lưu: VT.".into()],
            signatures: vec![Signature {
                heading: vec!["GIÁM ĐỐC".into()],
                note: String::new(),
                name: String::new(),
                on_screen: None,
            }],
            appendix: None,
            title: "Quyết định".into(),
            date: String::new(),
            id: "q".into(),
        }
    }

    fn part(bytes: &[u8], name: &str) -> String {
        let mut z = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut s = String::new();
        z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    }

    #[test]
    fn word_file_has_the_decree_layout() {
        let bytes = write(&doc());
        assert_eq!(bytes, write(&doc()), "deterministic");
        let d = part(&bytes, "word/document.xml");
        assert!(d.contains("Số:      /QĐ-SKHCN"), "blank number kept");
        assert!(d.contains("An Giang, ngày    tháng    năm 2026"));
        assert!(d.contains(r#"<w:pgSz w:w="11906" w:h="16838""#));
        assert!(d.contains(r#"w:top="1134""#) && d.contains(r#"w:left="1701""#));
        assert!(d.contains(r#"w:right="850""#));
        assert!(d.contains("<w:titlePg"));
        let s = part(&bytes, "word/styles.xml");
        assert!(s.contains(r#"w:ascii="Times New Roman""#));
        assert!(s.contains(r#"<w:name w:val="VB Nội dung""#));
        let h: Vec<String> = (1..=2)
            .map(|i| part(&bytes, &format!("word/header{i}.xml")))
            .collect();
        assert!(h.iter().any(|x| x.contains("PAGE")));
        assert!(h.iter().any(|x| !x.contains("PAGE")));
        // The data table's header row (and only it) repeats on every page.
        assert_eq!(d.matches("<w:tblHeader />").count(), 1, "{d}");
        assert!(!d.contains("<w:trHeight"), "the mark is gone");
        let header_row = d.find("<w:tblHeader />").unwrap();
        let first_cell = d[header_row..].find("<w:t ").unwrap() + header_row;
        assert!(d[first_cell..].starts_with("<w:t xml:space=\"preserve\">A<"));
    }
}
