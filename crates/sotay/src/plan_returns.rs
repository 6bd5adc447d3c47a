//! The agencies' yearly returns (IV.7, due 15 December): one .xlsx form per agency written
//! with `rust_xlsxwriter` (its tasks, the figures asked, every cell but the answers locked),
//! and a filled form imported with `calamine`, checked cell by cell — one bad cell and nothing
//! of the file is imported, and the message names the sheet, the cell and what it expected.
//!
//! No user text becomes a formula: every text cell is written with `write_string` (a string
//! cell, never `<f>`), whatever it starts with; the CLI tests open the sheet's XML to check.

use std::path::{Path, PathBuf};

use calamine::{Data, Reader};
use rust_xlsxwriter::{
    DataValidation, DataValidationRule, DocProperties, ExcelDateTime, Format, FormatAlign,
    FormatBorder, Workbook, XlsxError,
};
use serde::{Deserialize, Serialize};
use sotay_model::plan::{AgencyReturn, PlanView, ReturnFigures, RETURN_FIGURES};
use sotay_store::NewReturn;
use ts_rs::TS;

use crate::clock::{new_id, rfc3339};
use crate::plan_report::dmy;
use crate::{Error, ErrorCode, Workspace};

/// The form's one sheet.
pub(crate) const SHEET: &str = "Báo cáo";
/// Rows (0-based) of the agency's name, the plan's id and the agency's id (column B).
const ROW_AGENCY: u32 = 4;
const ROW_PLAN_ID: u32 = 5;
const ROW_AGENCY_ID: u32 = 6;
/// The header of the figures' table; the figures follow, one per row, values in column C.
const ROW_FIGURES_HEADER: u32 = 8;
const ROW_FIRST_FIGURE: u32 = ROW_FIGURES_HEADER + 1;
/// The largest file read as a return form.
const MAX_FORM_BYTES: usize = 20 * 1024 * 1024;
/// The largest number a figure may be.
const MAX_FIGURE: u32 = 1_000_000_000;

fn bad(vi: impl Into<String>, en: impl Into<String>) -> Error {
    Error::localized(ErrorCode::InvalidInput, vi, en)
}

fn internal(e: XlsxError) -> Error {
    Error::new(ErrorCode::Internal, format!("xlsx: {e}"))
}

/// `(row, col)` 0-based → "C11".
fn cell_name(row: u32, col: u16) -> String {
    format!("{}{}", char::from(b'A' + col as u8), row + 1)
}

/// What importing a return did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReturnImport {
    /// The agency's return as it now stands.
    pub agency: AgencyReturn,
    /// An earlier return of the agency was replaced (it is kept in the store).
    pub replaced: bool,
}

/// The form of one agency, as bytes.
fn form_bytes(
    plan: &PlanView,
    agency: &AgencyReturn,
    now: time::OffsetDateTime,
) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let created = ExcelDateTime::from_ymd(now.year() as u16, u8::from(now.month()), now.day())?
        .and_hms(now.hour().into(), now.minute(), now.second())?;
    book.set_properties(
        &DocProperties::new()
            .set_title(format!("Báo cáo năm {} — {}", plan.year, agency.agency))
            .set_author("Sotay")
            .set_creation_datetime(&created),
    );
    let sheet = book.add_worksheet();
    sheet.set_name(SHEET)?;
    let title = Format::new()
        .set_bold()
        .set_font_size(13)
        .set_align(FormatAlign::Center)
        .set_text_wrap();
    let centered = Format::new().set_align(FormatAlign::Center).set_text_wrap();
    let label = Format::new().set_bold();
    let header = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_background_color(0xD9E2F3);
    let locked = Format::new().set_border(FormatBorder::Thin).set_text_wrap();
    let input = Format::new()
        .set_unlocked()
        .set_border(FormatBorder::Thin)
        .set_background_color(0xFFF2CC)
        .set_text_wrap();
    sheet.set_column_width(0, 18)?;
    sheet.set_column_width(1, 62)?;
    sheet.set_column_width(2, 42)?;

    sheet.merge_range(
        0,
        0,
        0,
        2,
        &format!(
            "BÁO CÁO KẾT QUẢ THỰC HIỆN KẾ HOẠCH TRUY XUẤT NGUỒN GỐC NĂM {}",
            plan.year
        ),
        &title,
    )?;
    sheet.set_row_height(0, 36)?;
    let mut basis = if plan.number.is_empty() {
        plan.title.clone()
    } else {
        format!("Kế hoạch số {}", plan.number)
    };
    if !plan.date.is_empty() {
        basis.push_str(&format!(" ngày {}", dmy(&plan.date)));
    }
    if !plan.issuing_body.is_empty() {
        basis.push_str(&format!(" của {}", plan.issuing_body));
    }
    sheet.merge_range(1, 0, 1, 2, &basis, &centered)?;
    sheet.merge_range(
        2,
        0,
        2,
        2,
        &format!(
            "Gửi Sở Khoa học và Công nghệ trước ngày {}. Chỉ điền các ô màu vàng.",
            dmy(&plan.returns_due)
        ),
        &centered,
    )?;
    sheet.set_row_height(1, 30)?;
    sheet.write_string_with_format(ROW_AGENCY, 0, "Đơn vị báo cáo", &label)?;
    sheet.write_string_with_format(ROW_AGENCY, 1, &agency.agency, &locked)?;
    sheet.write_string_with_format(ROW_PLAN_ID, 0, "Mã kế hoạch", &label)?;
    sheet.write_string_with_format(ROW_PLAN_ID, 1, &plan.id, &locked)?;
    sheet.write_string_with_format(ROW_AGENCY_ID, 0, "Mã đơn vị", &label)?;
    sheet.write_string_with_format(ROW_AGENCY_ID, 1, &agency.agency_id, &locked)?;

    sheet.write_string_with_format(ROW_FIGURES_HEADER, 0, "STT", &header)?;
    sheet.write_string_with_format(ROW_FIGURES_HEADER, 1, "Chỉ tiêu", &header)?;
    sheet.write_string_with_format(ROW_FIGURES_HEADER, 2, "Số liệu", &header)?;
    let whole = DataValidation::new()
        .allow_whole_number(DataValidationRule::Between(0, MAX_FIGURE as i32))
        .set_input_title("Số nguyên")?
        .set_input_message("Nhập một số nguyên không âm (ghi 0 nếu không có).")?
        .set_error_title("Không phải số nguyên")?
        .set_error_message("Ô này cần một số nguyên không âm, ví dụ 12 (ghi 0 nếu không có).")?;
    for (i, (_, vi, _, numeric)) in RETURN_FIGURES.iter().enumerate() {
        let row = ROW_FIRST_FIGURE + i as u32;
        sheet.write_string_with_format(row, 0, (i + 1).to_string(), &locked)?;
        sheet.write_string_with_format(row, 1, *vi, &locked)?;
        sheet.write_blank(row, 2, &input)?;
        if *numeric {
            sheet.add_data_validation(row, 2, row, 2, &whole)?;
        } else {
            sheet.set_row_height(row, 60)?;
        }
    }
    let mut row = ROW_FIRST_FIGURE + RETURN_FIGURES.len() as u32 + 1;
    sheet.merge_range(row, 0, row, 2, "Nhiệm vụ được giao theo Kế hoạch", &header)?;
    for (i, task) in agency.tasks.iter().enumerate() {
        row += 1;
        sheet.write_string_with_format(row, 0, (i + 1).to_string(), &locked)?;
        sheet.merge_range(row, 1, row, 2, task, &locked)?;
    }
    sheet.protect();
    book.save_to_buffer()
}

/// "bao-cao-2026-01-so-cong-thuong.xlsx".
fn form_file_name(year: i32, n: usize, agency: &str) -> String {
    let mut slug = sotay_model::text::slug(agency);
    slug.truncate(60);
    let slug = slug.trim_end_matches('-');
    format!("bao-cao-{year}-{n:02}-{slug}.xlsx")
}

/// What a cell holds, said for a message ("văn bản “mười hai”").
fn found(cell: Option<&Data>) -> (String, String) {
    match cell {
        None | Some(Data::Empty) => ("ô trống".into(), "an empty cell".into()),
        Some(Data::String(s)) => (format!("văn bản “{s}”"), format!("the text “{s}”")),
        Some(Data::Float(f)) => (format!("số {f}"), format!("the number {f}")),
        Some(Data::Int(i)) => (format!("số {i}"), format!("the number {i}")),
        Some(Data::Bool(b)) => (format!("giá trị {b}"), format!("the value {b}")),
        Some(Data::DateTime(_) | Data::DateTimeIso(_)) => ("một ngày".into(), "a date".into()),
        Some(other) => (format!("“{other}”"), format!("“{other}”")),
    }
}

/// A cell's text (numbers as written), trimmed and NFC.
fn cell_text(cell: Option<&Data>) -> String {
    let s = match cell {
        None | Some(Data::Empty) => String::new(),
        Some(Data::String(s)) => s.clone(),
        Some(Data::Float(f)) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Some(other) => other.to_string(),
    };
    sotay_model::text::nfc(s.trim())
}

/// A whole number ≥ 0 (a number, or text of digits only).
fn whole_number(cell: Option<&Data>) -> Option<u32> {
    match cell? {
        Data::Int(i) => u32::try_from(*i).ok().filter(|n| *n <= MAX_FIGURE),
        Data::Float(f) if f.fract() == 0.0 && *f >= 0.0 && *f <= f64::from(MAX_FIGURE) => {
            Some(*f as u32)
        }
        Data::String(s) => {
            let t = s.trim();
            (!t.is_empty() && t.len() <= 10 && t.bytes().all(|b| b.is_ascii_digit()))
                .then(|| t.parse().ok())
                .flatten()
                .filter(|n| *n <= MAX_FIGURE)
        }
        _ => None,
    }
}

impl Workspace {
    /// Writes one return form per agency of the plan into `dir` (made if missing); their paths.
    pub fn write_return_forms(&self, plan: &str, dir: &Path) -> Result<Vec<PathBuf>, Error> {
        let view = self.plan_view(plan)?;
        if view.returns.is_empty() {
            return Err(bad(
                "Kế hoạch chưa có đơn vị nào trong danh sách (sotay plan agency add). Không ghi gì.",
                "The plan has no agencies registered yet (sotay plan agency add). Nothing was written.",
            ));
        }
        if dir.exists() && !dir.is_dir() {
            return Err(bad(
                format!("“{}” không phải một thư mục.", dir.display()),
                format!("“{}” is not a folder.", dir.display()),
            ));
        }
        std::fs::create_dir_all(dir).map_err(|e| {
            bad(
                format!("Không tạo được thư mục “{}”: {e}", dir.display()),
                format!("Cannot create the folder “{}”: {e}", dir.display()),
            )
        })?;
        let now = self.now();
        let mut written = Vec::new();
        for (i, agency) in view.returns.iter().enumerate() {
            let bytes = form_bytes(&view, agency, now).map_err(internal)?;
            let path = dir.join(form_file_name(view.year, i + 1, &agency.agency));
            crate::write_output(&path, &bytes)?;
            written.push(path);
        }
        Ok(written)
    }

    /// Imports a filled return form of the plan. Every cell is checked first; one bad cell
    /// refuses the whole file (the message names the sheet, the cell and what was expected).
    /// `received`: the day it arrived (YYYY-MM-DD), today by default.
    pub fn import_return(
        &mut self,
        plan: &str,
        file: &Path,
        received: Option<&str>,
    ) -> Result<ReturnImport, Error> {
        let bytes = std::fs::read(file).map_err(|e| {
            bad(
                format!("Không đọc được “{}”: {e}", file.display()),
                format!("Cannot read “{}”: {e}", file.display()),
            )
        })?;
        if bytes.len() > MAX_FORM_BYTES {
            return Err(bad(
                format!(
                    "Tệp “{}” quá lớn cho một biểu mẫu báo cáo. Không nhập gì.",
                    file.display()
                ),
                format!(
                    "“{}” is too large for a return form. Nothing was imported.",
                    file.display()
                ),
            ));
        }
        let received_on = match received {
            Some(d) => crate::plan::date_string(d)?,
            None => self.today_in_vietnam(),
        };
        let file_name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        self.atomically(|ws| {
            let view = ws.plan_view(plan)?;
            let figures_and_agency = read_form(&bytes, file, &view)?;
            let (agency_id, figures) = figures_and_agency;
            let replaced = view
                .returns
                .iter()
                .any(|r| r.agency_id == agency_id && r.received);
            let now = ws.now();
            ws.store.insert_return(&NewReturn {
                id: &new_id(now),
                plan_id: &view.id,
                agency_id: &agency_id,
                received_on: &received_on,
                figures: &figures,
                file_name: &file_name,
                sha256: &crate::sha256_hex(&bytes),
                imported_by: &ws.user_name()?,
                imported_at: &rfc3339(now),
            })?;
            let agency = ws
                .plan_view(&view.id)?
                .returns
                .into_iter()
                .find(|r| r.agency_id == agency_id)
                .ok_or_else(|| Error::new(ErrorCode::Internal, "return not stored"))?;
            Ok(ReturnImport { agency, replaced })
        })
    }
}

/// Reads and checks a filled form: the agency's id and the figures.
fn read_form(bytes: &[u8], file: &Path, plan: &PlanView) -> Result<(String, ReturnFigures), Error> {
    let unreadable = |e: &dyn std::fmt::Display| {
        bad(
            format!(
                "“{}” không phải bảng tính .xlsx đọc được ({e}). Không nhập gì.",
                file.display()
            ),
            format!(
                "“{}” is not a readable .xlsx spreadsheet ({e}). Nothing was imported.",
                file.display()
            ),
        )
    };
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes))
        .map_err(|e| unreadable(&e))?;
    let names = book.sheet_names();
    if !names.iter().any(|n| n == SHEET) {
        return Err(bad(
            format!(
                "Tệp “{}” không có trang tính “{SHEET}” của biểu mẫu báo cáo (có: {}). Không nhập gì.",
                file.display(),
                names.join(", ")
            ),
            format!(
                "“{}” has no sheet “{SHEET}” of the return form (it has: {}). Nothing was imported.",
                file.display(),
                names.join(", ")
            ),
        ));
    }
    let range = book.worksheet_range(SHEET).map_err(|e| unreadable(&e))?;
    let at = |row: u32, col: u16| range.get_value((row, u32::from(col)));
    let cell_error = |row: u32, col: u16, vi: String, en: String| {
        let c = cell_name(row, col);
        bad(
            format!("Trang tính “{SHEET}”, ô {c}: {vi}. Không nhập gì từ tệp này."),
            format!("Sheet “{SHEET}”, cell {c}: {en}. Nothing was imported from this file."),
        )
    };
    let plan_id = cell_text(at(ROW_PLAN_ID, 1));
    if plan_id != plan.id {
        return Err(cell_error(
            ROW_PLAN_ID,
            1,
            format!(
                "mã kế hoạch “{plan_id}” không phải của kế hoạch này ({}); biểu mẫu thuộc kế hoạch khác",
                plan.id
            ),
            format!(
                "the plan id “{plan_id}” is not this plan's ({}); the form belongs to another plan",
                plan.id
            ),
        ));
    }
    let agency_id = cell_text(at(ROW_AGENCY_ID, 1));
    let agency_name = cell_text(at(ROW_AGENCY, 1));
    let Some(agency) = plan.returns.iter().find(|r| r.agency_id == agency_id) else {
        return Err(cell_error(
            ROW_AGENCY_ID,
            1,
            format!("đơn vị “{agency_name}” (mã “{agency_id}”) không có trong danh sách đơn vị của kế hoạch"),
            format!("the agency “{agency_name}” (id “{agency_id}”) is not registered in the plan"),
        ));
    };
    let mut figures = ReturnFigures::default();
    for (i, (key, vi, en, numeric)) in RETURN_FIGURES.iter().enumerate() {
        let row = ROW_FIRST_FIGURE + i as u32;
        let label = cell_text(at(row, 1));
        if label != *vi {
            return Err(cell_error(
                row,
                1,
                format!("cần chỉ tiêu “{vi}”, gặp “{label}” (cấu trúc biểu mẫu đã bị thay đổi)"),
                format!(
                    "expected the figure “{vi}”, found “{label}” (the form's layout was changed)"
                ),
            ));
        }
        let cell = at(row, 2);
        if *numeric {
            let Some(n) = whole_number(cell) else {
                let (fvi, fen) = found(cell);
                return Err(cell_error(
                    row,
                    2,
                    format!("({vi}) cần một số nguyên không âm (ghi 0 nếu không có), gặp {fvi}"),
                    format!("({en}) expected a whole number ≥ 0 (0 if none), found {fen}"),
                ));
            };
            match *key {
                "activities" => figures.activities = n,
                "participants" => figures.participants = n,
                "products_proposed" => figures.products_proposed = n,
                _ => figures.units_applying = n,
            }
        } else {
            let t = cell_text(cell);
            if t.chars().count() > 5000 {
                return Err(cell_error(
                    row,
                    2,
                    format!("({vi}) dài quá 5000 ký tự"),
                    format!("({en}) is longer than 5000 characters"),
                ));
            }
            if *key == "difficulties" {
                figures.difficulties = t;
            } else {
                figures.proposals = t;
            }
        }
    }
    Ok((agency.agency_id.clone(), figures))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::tests::{workspace, yearly};

    /// A form as an agency fills it: `values` go into the answer cells in order.
    fn filled(form: &Path, values: &[Data]) -> Vec<u8> {
        let mut book = calamine::open_workbook_auto(form).unwrap();
        let range = book.worksheet_range(SHEET).unwrap();
        let mut out = Workbook::new();
        let sheet = out.add_worksheet();
        sheet.set_name(SHEET).unwrap();
        for (row, col, v) in range.cells() {
            let (r, c) = (
                row as u32 + range.start().unwrap().0,
                col as u16 + range.start().unwrap().1 as u16,
            );
            if let Data::String(s) = v {
                sheet.write_string(r, c, s).unwrap();
            }
        }
        for (i, v) in values.iter().enumerate() {
            let r = ROW_FIRST_FIGURE + i as u32;
            match v {
                Data::Float(f) => sheet.write_number(r, 2, *f).unwrap(),
                Data::String(s) => sheet.write_string(r, 2, s).unwrap(),
                _ => sheet,
            };
        }
        out.save_to_buffer().unwrap()
    }

    #[test]
    fn forms_go_out_one_per_agency_and_come_back_checked() {
        let (dir, mut ws) = workspace();
        let p = yearly(&mut ws);
        let out = dir.path().join("bieu-mau");
        let files = ws.write_return_forms(&p.id, &out).unwrap();
        assert_eq!(files.len(), p.returns.len());
        let good = [
            Data::Float(3.0),
            Data::Float(120.0),
            Data::String("2".into()),
            Data::Float(15.0),
            Data::String("Thiếu kinh phí".into()),
            Data::String("=HYPERLINK(\"http://x\")".into()),
        ];
        let path = dir.path().join("da-dien.xlsx");
        std::fs::write(&path, filled(&files[1], &good)).unwrap();
        let r = ws.import_return(&p.id, &path, Some("2026-12-10")).unwrap();
        assert!(r.agency.received && !r.agency.late && !r.replaced);
        let f = r.agency.figures.unwrap();
        assert_eq!(
            (
                f.activities,
                f.participants,
                f.products_proposed,
                f.units_applying
            ),
            (3, 120, 2, 15)
        );
        assert_eq!(f.proposals, "=HYPERLINK(\"http://x\")");

        let mut bad = good.clone();
        bad[1] = Data::String("mười hai".into());
        std::fs::write(&path, filled(&files[2], &bad)).unwrap();
        let before = ws.plan_view(&p.id).unwrap();
        let e = ws.import_return(&p.id, &path, None).unwrap_err();
        let m = e.message(sotay_model::Lang::Vi);
        assert!(
            m.contains("ô C11") && m.contains("“mười hai”") && m.contains("Báo cáo"),
            "{m}"
        );
        assert_eq!(ws.plan_view(&p.id).unwrap(), before);
        let m = e.message(sotay_model::Lang::En);
        assert!(
            m.contains("cell C11") && m.contains("expected a whole number"),
            "{m}"
        );
    }

    /// A comparison row: key, this year, last year, change.
    type Side<'a> = (&'a str, Option<&'a str>, Option<&'a str>, Option<i64>);

    #[test]
    fn this_years_returns_stand_beside_last_years_with_the_deadline_from_the_clock() {
        let (dir, mut ws) = workspace();
        let last = ws
            .create_plan(&crate::NewPlanRequest {
                year: 2025,
                template: Some("qd100-yearly".into()),
                number: "89/KH-UBND".into(),
                ..Default::default()
            })
            .unwrap();
        let p = yearly(&mut ws);
        // Sở Công Thương (the second agency) returned last year and this year.
        let forms_2025 = ws
            .write_return_forms(&last.id, &dir.path().join("2025"))
            .unwrap();
        let forms_2026 = ws
            .write_return_forms(&p.id, &dir.path().join("2026"))
            .unwrap();
        let path = dir.path().join("da-dien.xlsx");
        let figures = |a: f64, people: f64, products: f64, units: f64, hard: &str| {
            [
                Data::Float(a),
                Data::Float(people),
                Data::Float(products),
                Data::Float(units),
                Data::String(hard.into()),
                Data::String(String::new()),
            ]
        };
        std::fs::write(
            &path,
            filled(&forms_2025[1], &figures(3.0, 200.0, 1.0, 9.0, "")),
        )
        .unwrap();
        ws.import_return(&last.id, &path, Some("2025-12-12"))
            .unwrap();
        std::fs::write(
            &path,
            filled(
                &forms_2026[1],
                &figures(5.0, 180.0, 2.0, 14.0, "Thiếu kinh phí"),
            ),
        )
        .unwrap();
        ws.import_return(&p.id, &path, Some("2026-12-10")).unwrap();

        let view = ws.plan_view(&p.id).unwrap();
        assert_eq!(view.compared_with_year, Some(2025));
        // The workspace's clock says 2 March 2026: 288 days to 15 December.
        assert_eq!(view.returns_days_left, 288);
        let trade = &view.returns[1];
        assert_eq!(trade.agency, "Sở Công Thương");
        let l = trade.last_year.as_ref().unwrap();
        assert_eq!(
            (l.year, l.plan_number.as_str(), l.received_on.as_str()),
            (2025, "89/KH-UBND", "2025-12-12")
        );
        let side: Vec<Side> = trade
            .comparison
            .iter()
            .map(|c| {
                (
                    c.key.as_str(),
                    c.this_year.as_deref(),
                    c.last_year.as_deref(),
                    c.change,
                )
            })
            .collect();
        assert_eq!(
            &side[..4],
            [
                ("activities", Some("5"), Some("3"), Some(2)),
                ("participants", Some("180"), Some("200"), Some(-20)),
                ("products_proposed", Some("2"), Some("1"), Some(1)),
                ("units_applying", Some("14"), Some("9"), Some(5)),
            ]
        );
        assert_eq!(side[4].1, Some("Thiếu kinh phí"));
        // An agency that returned neither year has nothing to compare.
        assert!(view.returns[0].last_year.is_none() && view.returns[0].comparison.is_empty());
        // Last year's plan: its deadline passed 77 days ago; who did not return is overdue.
        let before = ws.plan_view(&last.id).unwrap();
        assert_eq!(before.returns_days_left, -77);
        assert_eq!(before.compared_with_year, None);
        assert!(before.returns[0].overdue && !before.returns[1].overdue);
    }

    #[test]
    fn cell_names_and_file_names() {
        assert_eq!(cell_name(10, 2), "C11");
        assert_eq!(
            form_file_name(2026, 1, "Sở Nông nghiệp và Môi trường"),
            "bao-cao-2026-01-so-nong-nghiep-va-moi-truong.xlsx"
        );
        assert_eq!(dmy("2026-12-15"), "15/12/2026");
    }
}
