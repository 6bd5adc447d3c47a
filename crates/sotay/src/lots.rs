//! A trace test recorded lot by lot (DOMAIN C.3 step 6): the sortable spreadsheet of the lots
//! it found, read from CSV or a spreadsheet file (XLSX, XLS, ODS through `calamine`, a
//! pure-Rust reader made for exactly this). The header row names the columns (see
//! `docs/templates.md` → "Trace-test records"); a bad file is refused whole with its row and
//! column named, and nothing is recorded.

use std::path::Path;

use sotay_model::assessment::TraceLot;

use crate::{Error, ErrorCode};

/// The columns, by the names a header may use (English as `sotay interop trace-csv` writes
/// them, or Vietnamese), lower-cased and trimmed.
const COLUMNS: [(&str, &[&str]); 9] = [
    ("lot", &["lot", "mã lô", "ma lo", "lô"]),
    ("product", &["product", "sản phẩm"]),
    ("quantity", &["quantity", "số lượng", "khối lượng"]),
    ("unit", &["unit", "đơn vị"]),
    ("date", &["date", "ngày"]),
    ("from", &["from", "từ", "bên giao"]),
    ("to", &["to", "đến", "bên nhận"]),
    (
        "reference",
        &["reference_document", "reference", "chứng từ"],
    ),
    ("step", &["step", "công đoạn"]),
];

/// Columns of Sotay's own trace-test CSV that describe the test, not a lot: ignored.
const IGNORED: [&str; 3] = ["direction", "links_found", "links_expected"];

/// At most this many rows (a trace test finds tens of lots, not millions).
pub const MAX_LOTS: usize = 10_000;

fn bad(vi: String, en: String) -> Error {
    Error::localized(ErrorCode::InvalidInput, vi, en)
}

/// Reads the lots of a trace test from `path` (CSV by default; `.xlsx`, `.xlsm`, `.xls`,
/// `.ods` as spreadsheets, first sheet).
pub fn read_trace_lots(path: &Path) -> Result<Vec<TraceLot>, Error> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let rows: Vec<Vec<String>> = if matches!(ext.as_str(), "xlsx" | "xlsm" | "xls" | "ods") {
        let bytes = std::fs::read(path).map_err(|e| {
            bad(
                format!("Không đọc được “{}”: {e}", path.display()),
                format!("Cannot read “{}”: {e}", path.display()),
            )
        })?;
        spreadsheet_rows(&bytes, path)?
    } else {
        csv_rows(&crate::input::read_text(path)?)?
    };
    lots_from_rows(&rows)
}

fn spreadsheet_rows(bytes: &[u8], path: &Path) -> Result<Vec<Vec<String>>, Error> {
    use calamine::{Data, Reader};
    let unreadable = |e: &dyn std::fmt::Display| {
        bad(
            format!(
                "“{}” không phải bảng tính đọc được ({e}); không ghi gì.",
                path.display()
            ),
            format!(
                "“{}” is not a readable spreadsheet ({e}); nothing was recorded.",
                path.display()
            ),
        )
    };
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes))
        .map_err(|e| unreadable(&e))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| unreadable(&"no sheet"))?
        .map_err(|e| unreadable(&e))?;
    if range.height() > MAX_LOTS + 1 {
        return Err(too_many());
    }
    Ok(range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    Data::String(s) => s.clone(),
                    Data::Float(f) => format!("{f}"),
                    Data::Int(i) => i.to_string(),
                    Data::Bool(b) => b.to_string(),
                    Data::DateTime(d) => {
                        let (y, m, day, ..) = d.to_ymd_hms_milli();
                        format!("{y:04}-{m:02}-{day:02}")
                    }
                    Data::DateTimeIso(s) | Data::DurationIso(s) => {
                        s.get(..10).unwrap_or(s).to_owned()
                    }
                    Data::Error(e) => format!("#{e:?}"),
                })
                .collect()
        })
        .collect())
}

fn too_many() -> Error {
    bad(
        format!("Tệp có quá {MAX_LOTS} dòng; không ghi gì."),
        format!("The file has more than {MAX_LOTS} rows; nothing was recorded."),
    )
}

fn csv_rows(text: &str) -> Result<Vec<Vec<String>>, Error> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.map_err(|e| {
            bad(
                format!("Dòng {}: CSV không đọc được ({e}); không ghi gì.", i + 1),
                format!("Row {}: unreadable CSV ({e}); nothing was recorded.", i + 1),
            )
        })?;
        if rows.len() > MAX_LOTS {
            return Err(too_many());
        }
        rows.push(rec.iter().map(str::to_owned).collect());
    }
    Ok(rows)
}

/// A column's spreadsheet letter: 0 → A, 26 → AA.
fn letter(mut i: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// The lots of header + data rows; every problem names its row (1-based, the header is row 1)
/// and column.
pub(crate) fn lots_from_rows(rows: &[Vec<String>]) -> Result<Vec<TraceLot>, Error> {
    let Some(header) = rows.first() else {
        return Err(bad(
            "Tệp không có dòng tiêu đề; không ghi gì.".into(),
            "The file has no header row; nothing was recorded.".into(),
        ));
    };
    let mut index: Vec<(usize, &'static str)> = Vec::new();
    for (i, name) in header.iter().enumerate() {
        let n = sotay_model::text::nfc(name.trim()).to_lowercase();
        if n.is_empty() || IGNORED.contains(&n.as_str()) {
            continue;
        }
        match COLUMNS
            .iter()
            .find(|(_, names)| names.contains(&n.as_str()))
        {
            Some((key, _)) if index.iter().any(|(_, k)| k == key) => {
                return Err(bad(
                    format!(
                        "Dòng 1, cột {}: cột “{name}” bị lặp; không ghi gì.",
                        letter(i)
                    ),
                    format!(
                    "Row 1, column {}: the column “{name}” appears twice; nothing was recorded.",
                    letter(i)
                ),
                ))
            }
            Some((key, _)) => index.push((i, key)),
            None => {
                let known: Vec<&str> = COLUMNS.iter().map(|(_, n)| n[0]).collect();
                return Err(bad(
                    format!("Dòng 1, cột {}: không có cột “{name}” (các cột: {}); không ghi gì.", letter(i), known.join(", ")),
                    format!("Row 1, column {}: there is no column “{name}” (the columns: {}); nothing was recorded.", letter(i), known.join(", ")),
                ));
            }
        }
    }
    if !index.iter().any(|(_, k)| *k == "lot") {
        return Err(bad(
            "Dòng tiêu đề cần cột “lot” (mã lô); không ghi gì.".into(),
            "The header needs a “lot” column; nothing was recorded.".into(),
        ));
    }
    let mut lots = Vec::new();
    for (r, row) in rows.iter().enumerate().skip(1) {
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let mut lot = TraceLot {
            lot: String::new(),
            product: String::new(),
            quantity: None,
            unit: String::new(),
            date: String::new(),
            from: String::new(),
            to: String::new(),
            reference: String::new(),
            step: String::new(),
        };
        for (c, key) in &index {
            let raw = row.get(*c).map(|s| s.trim()).unwrap_or_default();
            let text = sotay_model::text::nfc(raw);
            let here = |vi: &str, en: &str| {
                bad(
                    format!(
                        "Dòng {}, cột {} ({key}): {vi}; không ghi gì.",
                        r + 1,
                        letter(*c)
                    ),
                    format!(
                        "Row {}, column {} ({key}): {en}; nothing was recorded.",
                        r + 1,
                        letter(*c)
                    ),
                )
            };
            match *key {
                "lot" => lot.lot = text,
                "product" => lot.product = text,
                "quantity" if text.is_empty() => {}
                "quantity" => {
                    let q: f64 = text.replace(',', ".").parse().map_err(|_| {
                        here(
                            &format!("“{text}” không phải số"),
                            &format!("“{text}” is not a number"),
                        )
                    })?;
                    if !q.is_finite() || q < 0.0 {
                        return Err(here("cần số không âm", "must be a non-negative number"));
                    }
                    lot.quantity = Some(q);
                }
                "unit" => {
                    if !text.is_empty() && crate::verification::unit_factor(&text).is_none() {
                        return Err(here(
                            &format!("đơn vị “{text}” không được hỗ trợ"),
                            &format!("the unit “{text}” is not supported"),
                        ));
                    }
                    lot.unit = text;
                }
                "date" => {
                    if !text.is_empty() {
                        crate::verification::parse_date(&text).map_err(|_| {
                            here(
                                &format!("“{text}” không phải ngày NNNN-TT-NN từ 2000 đến 2100"),
                                &format!("“{text}” is not a date YYYY-MM-DD between 2000 and 2100"),
                            )
                        })?;
                    }
                    lot.date = text;
                }
                "from" => lot.from = text,
                "to" => lot.to = text,
                "reference" => lot.reference = text,
                _ => lot.step = text,
            }
        }
        if lot.lot.is_empty() {
            let c = index.iter().find(|(_, k)| *k == "lot").map_or(0, |x| x.0);
            return Err(bad(
                format!(
                    "Dòng {}, cột {} (lot): thiếu mã lô; không ghi gì.",
                    r + 1,
                    letter(c)
                ),
                format!(
                    "Row {}, column {} (lot): the lot code is missing; nothing was recorded.",
                    r + 1,
                    letter(c)
                ),
            ));
        }
        lots.push(lot);
    }
    if lots.is_empty() {
        return Err(bad(
            "Tệp không có dòng lô nào; không ghi gì.".into(),
            "The file has no lot rows; nothing was recorded.".into(),
        ));
    }
    Ok(lots)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str) -> Vec<Vec<String>> {
        csv_rows(text).unwrap()
    }

    #[test]
    fn columns_by_english_or_vietnamese_names_and_sotays_own_export() {
        let lots = lots_from_rows(&rows(
            "Mã lô,Sản phẩm,Khối lượng,Đơn vị,Ngày,Từ,Đến,Chứng từ,Công đoạn\n\
             CB01-250616-02,Tôm sú nguyên con,\"1,5\",tấn,2025-06-16,Ao số 3,Công ty Rạch Giá,PXK 0012,thu hoạch\n",
        ))
        .unwrap();
        assert_eq!(lots[0].quantity, Some(1.5));
        assert_eq!(lots[0].step, "thu hoạch");
        let own = lots_from_rows(&rows(
            "lot,product,quantity,unit,date,from,to,reference_document,direction,links_found,links_expected\n\
             L1,Tôm,10,kg,2025-06-16,A,B,R,backward,1,1\n",
        ))
        .unwrap();
        assert_eq!(own[0].reference, "R");
    }

    #[test]
    fn a_bad_file_is_refused_with_its_row_and_column() {
        for (text, needle) in [
            ("lot,qty\nL1,1\n", "Row 1, column B"),
            ("lot,quantity\nL1,abc\n", "Row 2, column B (quantity)"),
            ("lot,quantity\nL1,-5\n", "non-negative"),
            ("product\nTôm\n", "needs a “lot”"),
            ("lot,date\nL1,2025-13-40\n", "Row 2, column B (date)"),
            ("lot,unit\nL1,thùng lớn\n", "not supported"),
            ("lot,product\n,Tôm\n", "Row 2, column A (lot)"),
            ("lot,lot\nL1,L2\n", "twice"),
            ("lot\n", "no lot rows"),
        ] {
            let e = lots_from_rows(&rows(text)).unwrap_err();
            let m = e.message(sotay_model::Lang::En);
            assert!(m.contains(needle), "{text:?}: {m}");
        }
        assert_eq!(letter(0), "A");
        assert_eq!(letter(27), "AB");
    }
}
