//! An activity's evidence: its attendance list, imported from CSV or XLSX and checked row by
//! row (one bad row and nothing is imported; the participants by kind then come from the
//! list), and the photos and documents attached to it — stored as the assessments' evidence
//! is (content-addressed blobs, an EXIF capture time and a thumbnail for photos).

use calamine::{Data, Reader};
use serde::{Deserialize, Serialize};
use sotay_model::plan::{check_attendance, Activity, ActivityFileKind, AttendanceColumn};
use sotay_model::Localized;
use sotay_store::{BlobRef, NewActivityFile};
use ts_rs::TS;

use crate::clock::{new_id, rfc3339};
use crate::{Error, ErrorCode, Workspace};

/// The largest attendance list or evidence file taken (a phone's photo fits).
pub const MAX_ACTIVITY_FILE_BYTES: usize = 25 * 1024 * 1024;

fn bad(vi: impl Into<String>, en: impl Into<String>) -> Error {
    Error::localized(ErrorCode::InvalidInput, vi, en)
}

/// What importing an attendance list did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AttendanceImport {
    /// The activity afterwards: its participants counted from the list, the list attached.
    pub activity: Activity,
    /// People on the list.
    pub imported: u32,
    /// True when it replaced an earlier list.
    pub replaced: bool,
}

/// What attaching an evidence file did (a warning when a photo got no thumbnail).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ActivityFileAttached {
    pub activity: Activity,
    pub warning: Option<Localized>,
}

/// A spreadsheet cell's text: whole numbers as written ("0912345678" stays text; 1.0 → "1").
fn cell_text(c: &Data) -> String {
    match c {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        other => other.to_string(),
    }
}

/// The rows of an attendance list file: CSV (UTF-8, comma, semicolon or tab separated) or a
/// spreadsheet (.xlsx, .xls, .ods: its first sheet).
fn attendance_rows(name: &str, bytes: &[u8]) -> Result<Vec<Vec<String>>, Error> {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "csv" | "txt" => {
            let text = std::str::from_utf8(bytes).map_err(|_| {
                bad(
                    format!("Tệp “{name}” không phải văn bản UTF-8 (hãy lưu lại dạng “CSV UTF-8”). Không nhập gì."),
                    format!("“{name}” is not UTF-8 text (save it as “CSV UTF-8”). Nothing was imported."),
                )
            })?;
            let text = sotay_model::text::strip_bom(text);
            let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
            let delimiter = [b',', b';', b'\t']
                .into_iter()
                .max_by_key(|d| first.bytes().filter(|b| b == d).count())
                .unwrap_or(b',');
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .delimiter(delimiter)
                .from_reader(text.as_bytes());
            let mut rows = Vec::new();
            for (i, record) in reader.records().enumerate() {
                let record = record.map_err(|e| {
                    bad(
                        format!(
                            "Tệp “{name}”, dòng {}: không đọc được ({e}). Không nhập gì.",
                            i + 1
                        ),
                        format!(
                            "“{name}”, row {}: cannot be read ({e}). Nothing was imported.",
                            i + 1
                        ),
                    )
                })?;
                rows.push(record.iter().map(str::to_owned).collect());
            }
            Ok(rows)
        }
        "xlsx" | "xlsm" | "xls" | "ods" => {
            let unreadable = |e: &dyn std::fmt::Display| {
                bad(
                    format!("“{name}” không phải bảng tính đọc được ({e}). Không nhập gì."),
                    format!("“{name}” is not a readable spreadsheet ({e}). Nothing was imported."),
                )
            };
            let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes))
                .map_err(|e| unreadable(&e))?;
            let Some(range) = book.worksheet_range_at(0) else {
                return Err(bad(
                    format!("Bảng tính “{name}” không có trang tính nào. Không nhập gì."),
                    format!("The spreadsheet “{name}” has no sheet. Nothing was imported."),
                ));
            };
            let range = range.map_err(|e| unreadable(&e))?;
            // Rows as the file numbers them, even when the sheet starts lower down.
            let top = range.start().map_or(0, |(r, _)| r as usize);
            let left = range.start().map_or(0, |(_, c)| c as usize);
            let mut rows = vec![Vec::new(); top];
            for r in range.rows() {
                let mut row = vec![String::new(); left];
                row.extend(r.iter().map(cell_text));
                rows.push(row);
            }
            Ok(rows)
        }
        _ => Err(bad(
            format!("Danh sách đại biểu “{name}” phải là tệp .csv hoặc .xlsx. Không nhập gì."),
            format!(
                "The attendance list “{name}” must be a .csv or .xlsx file. Nothing was imported."
            ),
        )),
    }
}

/// A column's letter in a spreadsheet (0 → A, 26 → AA).
fn column_letter(mut i: usize) -> String {
    let mut s = String::new();
    loop {
        s.insert(0, (b'A' + (i % 26) as u8) as char);
        if i < 26 {
            return s;
        }
        i = i / 26 - 1;
    }
}

impl Workspace {
    fn find_activity(&self, plan_id: &str, activity: &str) -> Result<Activity, Error> {
        let key = activity.trim();
        self.store
            .plan_activities(plan_id)?
            .into_iter()
            .find(|a| a.id == key)
            .ok_or_else(|| Error::not_found("activity", key))
    }

    /// Imports an activity's attendance list (`name` tells CSV from XLSX). Every row is checked
    /// first; a bad one refuses the whole file, naming its row and column. The list replaces an
    /// earlier one, sets the participants by kind, and is kept as the activity's evidence.
    pub fn import_attendance(
        &mut self,
        plan: &str,
        activity: &str,
        name: &str,
        bytes: &[u8],
    ) -> Result<AttendanceImport, Error> {
        let name = sotay_model::text::nfc(name.trim());
        if bytes.len() > MAX_ACTIVITY_FILE_BYTES {
            return Err(bad(
                format!("Tệp “{name}” quá lớn cho một danh sách đại biểu. Không nhập gì."),
                format!("“{name}” is too large for an attendance list. Nothing was imported."),
            ));
        }
        self.atomically(|ws| {
            let plan_id = ws.resolve_plan(plan)?;
            let before = ws.find_activity(&plan_id, activity)?;
            let rows = attendance_rows(&name, bytes)?;
            let list = check_attendance(&rows).map_err(|e| {
                let spreadsheet = !name.to_ascii_lowercase().ends_with(".csv");
                let (cvi, cen) = match e.column {
                    Some(c) => {
                        let letter = rows
                            .iter()
                            .find(|r| r.iter().any(|x| !x.trim().is_empty()))
                            .and_then(|h| {
                                h.iter()
                                    .position(|x| AttendanceColumn::of_header(x) == Some(c))
                            })
                            .filter(|_| spreadsheet)
                            .map(|i| format!(" ({})", column_letter(i)))
                            .unwrap_or_default();
                        (
                            format!(", cột “{}”{letter}", c.label_vi()),
                            format!(", column “{}”{letter}", c.label_en()),
                        )
                    }
                    None => (String::new(), String::new()),
                };
                bad(
                    format!(
                        "Danh sách “{name}”, dòng {}{cvi}: {}. Không nhập gì.",
                        e.row, e.vi
                    ),
                    format!(
                        "List “{name}”, row {}{cen}: {}. Nothing was imported.",
                        e.row, e.en
                    ),
                )
            })?;
            ws.store.replace_attendance(&before.id, &list)?;
            let now = ws.now();
            let sha = crate::sha256_hex(bytes);
            let mime = if name.to_ascii_lowercase().ends_with(".csv") {
                "text/csv"
            } else {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            };
            ws.store.put_activity_file(&NewActivityFile {
                id: &new_id(now),
                activity_id: &before.id,
                kind: ActivityFileKind::Attendance,
                name: &name,
                file: BlobRef {
                    sha256: &sha,
                    mime,
                    bytes,
                },
                thumbnail: None,
                taken_at: None,
                created_by: &ws.user_name()?,
                at: &rfc3339(now),
            })?;
            Ok(AttendanceImport {
                activity: ws.find_activity(&plan_id, &before.id)?,
                imported: list.len() as u32,
                replaced: !before.attendance.is_empty(),
            })
        })
    }

    /// Attaches a photo or document to an activity as evidence. A photo keeps its EXIF
    /// capture time and gets a thumbnail; one that cannot be decoded is kept without.
    pub fn attach_activity_file(
        &mut self,
        plan: &str,
        activity: &str,
        name: &str,
        bytes: &[u8],
    ) -> Result<ActivityFileAttached, Error> {
        let name = sotay_model::text::nfc(name.trim());
        if name.is_empty() || bytes.is_empty() {
            return Err(bad(
                "Tệp minh chứng trống hoặc không có tên. Không ghi gì.",
                "The evidence file is empty or has no name. Nothing was recorded.",
            ));
        }
        if bytes.len() > MAX_ACTIVITY_FILE_BYTES {
            return Err(bad(
                format!("Tệp “{name}” quá lớn (tối đa 25 MB). Không ghi gì."),
                format!("“{name}” is too large (at most 25 MB). Nothing was recorded."),
            ));
        }
        let e = crate::photo::Evidence::prepare(&name, bytes);
        let kind = if e.mime.starts_with("image/") {
            ActivityFileKind::Photo
        } else {
            ActivityFileKind::Document
        };
        self.atomically(|ws| {
            let plan_id = ws.resolve_plan(plan)?;
            let a = ws.find_activity(&plan_id, activity)?;
            let now = ws.now();
            ws.store.put_activity_file(&NewActivityFile {
                id: &new_id(now),
                activity_id: &a.id,
                kind,
                name: &e.name,
                file: e.file(),
                thumbnail: e.thumb(),
                taken_at: e.taken_at.as_deref(),
                created_by: &ws.user_name()?,
                at: &rfc3339(now),
            })?;
            Ok(ActivityFileAttached {
                activity: ws.find_activity(&plan_id, &a.id)?,
                warning: e.warning.clone(),
            })
        })
    }

    /// An activity's attendance list as CSV (UTF-8 with a byte-order mark, so spreadsheets
    /// read the marks; the columns the import reads, so it comes back as it went). Every cell
    /// is spreadsheet-safe: a name typed as "=…" stays text.
    pub fn attendance_csv(&self, plan: &str, activity: &str) -> Result<Vec<u8>, Error> {
        let plan_id = self.resolve_plan(plan)?;
        let a = self.find_activity(&plan_id, activity)?;
        if a.attendance.is_empty() {
            return Err(bad(
                format!("Hoạt động “{}” chưa có danh sách đại biểu.", a.title),
                format!("The activity “{}” has no attendance list yet.", a.title),
            ));
        }
        let mut sheet = crate::sheet::Sheet::new();
        sheet.row(["STT", "Họ và tên", "Đơn vị", "Đối tượng", "Điện thoại"])?;
        for (i, p) in a.attendance.iter().enumerate() {
            sheet.row([
                (i + 1).to_string(),
                p.name.clone(),
                p.unit.clone(),
                p.kind.label().vi,
                p.phone.clone(),
            ])?;
        }
        let mut out = "\u{feff}".as_bytes().to_vec();
        out.extend(sheet.into_bytes()?);
        Ok(out)
    }

    /// The thumbnail of an activity's photo as a `data:` URL; none for documents.
    pub fn activity_file_thumbnail(&self, file: &str) -> Result<Option<String>, Error> {
        Ok(self
            .store
            .activity_file_thumbnail(file)?
            .map(|(mime, bytes)| sotay_doc::html::data_uri(&mime, &bytes)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::tests::{workspace, yearly};
    use crate::ActivityInput;
    use sotay_model::plan::{ActivityKind, AttendeeKind, Participants};

    fn training(ws: &mut Workspace, plan: &str) -> Activity {
        ws.add_activity(
            plan,
            &ActivityInput {
                kind: ActivityKind::Training,
                date: "2026-06-01".into(),
                title: "Tập huấn truy xuất nguồn gốc tôm".into(),
                place: "Rạch Giá".into(),
                organiser: "Sở Khoa học và Công nghệ".into(),
                audience: "Doanh nghiệp, hợp tác xã nuôi tôm".into(),
                materials: "Sổ tay, bài giảng".into(),
                participants: Some(40),
                enterprises: 0,
                cooperatives: 0,
                officials: 0,
                line: Some("1.1".into()),
            },
        )
        .unwrap()
    }

    const CSV: &str = "\u{feff}STT;Họ và tên;Đơn vị;Đối tượng;Điện thoại\n\
        1;Nguyễn Văn An;Công ty TNHH Tôm Việt;Doanh nghiệp;0912 345 678\n\
        2;Trần Thị Bình;HTX Thủy sản Tân Phú;Hợp tác xã;\n\
        3;Lê Văn Cường;Sở Khoa học và Công nghệ;Cán bộ;\n\
        4;Phạm Thị Dung;Công ty CP Rạch Giá;DN;0296 3862 123\n";

    #[test]
    fn a_csv_list_sets_the_participants_and_is_kept_as_evidence() {
        let (_d, mut ws) = workspace();
        let p = yearly(&mut ws);
        let a = training(&mut ws, &p.id);
        assert_eq!(a.participants_total, 40);
        assert_eq!(a.audience, "Doanh nghiệp, hợp tác xã nuôi tôm");
        let r = ws
            .import_attendance(&p.id, &a.id, "danh-sach.csv", CSV.as_bytes())
            .unwrap();
        assert_eq!(r.imported, 4);
        assert!(!r.replaced);
        assert_eq!(
            r.activity.participants,
            Participants {
                enterprises: 2,
                cooperatives: 1,
                officials: 1,
                others: 0
            }
        );
        assert_eq!(r.activity.participants_total, 4);
        assert_eq!(r.activity.attendance[1].name, "Trần Thị Bình");
        assert_eq!(r.activity.files.len(), 1);
        assert_eq!(r.activity.files[0].kind, ActivityFileKind::Attendance);
        let view = ws.plan_view(&p.id).unwrap();
        let t = view.tasks.iter().find(|t| t.code == "1.1").unwrap();
        assert_eq!(t.evidence, "1 hoạt động, 4 người tham dự");
        assert_eq!(view.activity_totals[0].participants.enterprises, 2);
        // A second list replaces the first.
        let r = ws
            .import_attendance(
                &p.id,
                &a.id,
                "danh-sach-2.csv",
                "Họ và tên,Đơn vị,Đối tượng\nAn,HTX A,htx\n".as_bytes(),
            )
            .unwrap();
        assert!(r.replaced);
        assert_eq!(r.activity.participants.cooperatives, 1);
        assert_eq!(r.activity.participants_total, 1);
        assert_eq!(r.activity.files.len(), 2);
    }

    /// An .xlsx list as a spreadsheet program writes it: the phone a number, the STT numbers.
    fn xlsx(rows: &[[&str; 5]]) -> Vec<u8> {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                match v.parse::<f64>() {
                    Ok(n) if r > 0 && (c == 0 || c == 4) => {
                        sheet.write_number(r as u32, c as u16, n).unwrap()
                    }
                    _ => sheet.write_string(r as u32, c as u16, *v).unwrap(),
                };
            }
        }
        book.save_to_buffer().unwrap()
    }

    #[test]
    fn an_xlsx_list_is_read_and_a_bad_row_refuses_it_whole() {
        let (_d, mut ws) = workspace();
        let p = yearly(&mut ws);
        let a = training(&mut ws, &p.id);
        let good = xlsx(&[
            ["STT", "Họ và tên", "Đơn vị", "Đối tượng", "SĐT"],
            [
                "1",
                "Nguyễn Văn An",
                "Công ty A",
                "doanh nghiệp",
                "912345678",
            ],
            ["2", "Trần Thị Bình", "HTX B", "hợp tác xã", ""],
            ["3", "Lê Văn Cường", "UBND xã", "cán bộ", ""],
        ]);
        let r = ws
            .import_attendance(&p.id, &a.id, "ds.xlsx", &good)
            .unwrap();
        assert_eq!(r.activity.participants.total(), 3);
        assert_eq!(r.activity.attendance[0].kind, AttendeeKind::Enterprise);
        assert_eq!(r.activity.attendance[0].phone, "912345678");
        let before = ws.plan_view(&p.id).unwrap();
        let unknown_kind = xlsx(&[
            ["STT", "Họ và tên", "Đơn vị", "Đối tượng", "SĐT"],
            ["1", "An", "Công ty A", "DN", ""],
            ["2", "Bình", "Trường ĐH", "sinh viên", ""],
        ]);
        let e = ws
            .import_attendance(&p.id, &a.id, "ds.xlsx", &unknown_kind)
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidInput);
        let vi = e.message(sotay_model::Lang::Vi);
        assert!(
            vi.contains("dòng 3, cột “Đối tượng” (D): đối tượng “sinh viên” không hợp lệ"),
            "{vi}"
        );
        let text_ordinal = xlsx(&[
            ["STT", "Họ và tên", "Đơn vị", "Đối tượng", "SĐT"],
            ["hai", "An", "Công ty A", "DN", ""],
        ]);
        let e = ws
            .import_attendance(&p.id, &a.id, "ds.xlsx", &text_ordinal)
            .unwrap_err();
        let vi = e.message(sotay_model::Lang::Vi);
        assert!(
            vi.contains("dòng 2, cột “STT” (A): cần một số thứ tự nguyên, gặp “hai”"),
            "{vi}"
        );
        for (name, bytes) in [
            ("ds.pdf", b"%PDF-1.4".to_vec()),
            ("ds.csv", vec![0xff, 0xfe, 0x00]),
            ("ds.xlsx", b"not a spreadsheet".to_vec()),
            ("ds.csv", "Họ và tên,Đơn vị\nAn,Cty".as_bytes().to_vec()),
        ] {
            let e = ws
                .import_attendance(&p.id, &a.id, name, &bytes)
                .unwrap_err();
            assert_eq!(e.code, ErrorCode::InvalidInput, "{name}");
        }
        assert_eq!(ws.plan_view(&p.id).unwrap(), before);
        assert!(ws
            .import_attendance(&p.id, "không-có", "ds.xlsx", &good)
            .is_err());
    }

    #[test]
    fn the_list_goes_out_as_safe_csv_and_comes_back_the_same() {
        let (_d, mut ws) = workspace();
        let p = yearly(&mut ws);
        let a = training(&mut ws, &p.id);
        assert!(ws.attendance_csv(&p.id, &a.id).is_err());
        let list = "Họ và tên,Đơn vị,Đối tượng,Điện thoại\n\
                    \"=HYPERLINK(\"\"http://x\"\")\",Công ty A,DN,+84 912 345 678\n\
                    Trần Thị Bình,HTX B,htx,\n";
        let first = ws
            .import_attendance(&p.id, &a.id, "ds.csv", list.as_bytes())
            .unwrap();
        assert_eq!(
            first.activity.attendance[0].name,
            "=HYPERLINK(\"http://x\")"
        );
        let csv = ws.attendance_csv(&p.id, &a.id).unwrap();
        let text = String::from_utf8(csv.clone()).unwrap();
        assert!(
            text.starts_with("\u{feff}STT,Họ và tên,Đơn vị,Đối tượng,Điện thoại\n"),
            "{text}"
        );
        assert!(
            text.contains(
                "1,\"'=HYPERLINK(\"\"http://x\"\")\",Công ty A,doanh nghiệp,'+84 912 345 678\n"
            ),
            "{text}"
        );
        assert!(
            text.contains("2,Trần Thị Bình,HTX B,hợp tác xã,\n"),
            "{text}"
        );
        let again = ws
            .import_attendance(&p.id, &a.id, "ds-xuat.csv", &csv)
            .unwrap();
        assert_eq!(again.activity.attendance, first.activity.attendance);
    }

    #[test]
    fn photos_and_documents_attach_with_thumbnails() {
        let (_d, mut ws) = workspace();
        let p = yearly(&mut ws);
        let a = training(&mut ws, &p.id);
        let mut png = Vec::new();
        image::RgbImage::from_pixel(640, 480, image::Rgb([30, 120, 90]))
            .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        let r = ws
            .attach_activity_file(&p.id, &a.id, "lop-tap-huan.png", &png)
            .unwrap();
        assert!(r.warning.is_none());
        let f = &r.activity.files[0];
        assert_eq!((f.kind, f.has_thumbnail), (ActivityFileKind::Photo, true));
        let url = ws.activity_file_thumbnail(&f.id).unwrap().unwrap();
        assert!(url.starts_with("data:image/"), "{url}");
        let r = ws
            .attach_activity_file(&p.id, &a.id, "giay-moi.pdf", b"%PDF-1.4 giay moi")
            .unwrap();
        assert_eq!(r.activity.files[1].kind, ActivityFileKind::Document);
        assert!(ws
            .activity_file_thumbnail(&r.activity.files[1].id)
            .unwrap()
            .is_none());
        assert!(ws
            .attach_activity_file(&p.id, &a.id, "rong.png", b"")
            .is_err());
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(27), "AB");
    }
}
