//! Administrative documents (văn bản hành chính) a Department signs — the annual report, the
//! inspection minutes, the issuing decision — in the form of Nghị định 30/2020/NĐ-CP, Phụ
//! lục I: the office's settings, the document as the PDF and Word writers read it, and the
//! rules of its header (number with a leading zero below 10, place and date with the day and
//! the months 1–2 padded, blanks when not given).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Who signs for the office: "KT. GIÁM ĐỐC" over "PHÓ GIÁM ĐỐC", then the name.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct Signer {
    pub name: String,
    /// E.g. "Phó Giám đốc" (printed in upper case).
    pub position: String,
    /// The authority signed under, e.g. "KT. GIÁM ĐỐC", "TM. ỦY BAN NHÂN DÂN"; empty when the
    /// head signs in their own name.
    pub authority: String,
}

impl Signer {
    /// The bold upper-case lines over the signature: authority, then position.
    pub fn heading(&self) -> Vec<String> {
        [&self.authority, &self.position]
            .into_iter()
            .map(|s| upper(s.trim()))
            .filter(|s| !s.is_empty())
            .collect()
    }
}

/// The office's settings for administrative documents (Cài đặt → Văn bản hành chính).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct AdminSettings {
    /// Cơ quan chủ quản, e.g. "UBND TỈNH AN GIANG".
    pub parent_body: String,
    /// Cơ quan ban hành, e.g. "SỞ KHOA HỌC VÀ CÔNG NGHỆ".
    pub issuing_body: String,
    /// Its code in document numbers: "SKHCN" in "12/BC-SKHCN".
    pub code: String,
    /// Địa danh in "An Giang, ngày … tháng … năm …".
    pub place: String,
    /// The head of the office as a decision names them: "Giám đốc Sở Khoa học và Công nghệ
    /// tỉnh An Giang".
    pub head: String,
    /// "Kính gửi" of the annual report, e.g. "Ủy ban nhân dân tỉnh An Giang".
    pub addressee: String,
    /// Default "Nơi nhận", one a line, without the dash and semicolon ("UBND tỉnh").
    pub recipients: Vec<String>,
    /// What follows "Lưu: " on the last line of "Nơi nhận", e.g. "VT, TĐC".
    pub archive: String,
    /// Who may sign; documents take the first unless told otherwise.
    pub signers: Vec<Signer>,
    /// Legal bases a decision cites before the handbook's own (one a line, without
    /// "Căn cứ"), e.g. the decision on the office's functions.
    pub legal_bases: Vec<String>,
    /// Who proposes an issuing decision ("Theo đề nghị của …"), e.g. "Chi cục trưởng Chi cục
    /// Tiêu chuẩn Đo lường Chất lượng".
    pub proposer: String,
}

impl AdminSettings {
    /// The fields `sotay settings admin set` knows, in order.
    pub const KEYS: [&'static str; 11] = [
        "parent_body",
        "issuing_body",
        "code",
        "place",
        "head",
        "addressee",
        "recipients",
        "archive",
        "signers",
        "legal_bases",
        "proposer",
    ];

    /// Signer `n` (1-based), or the first, or an empty one.
    pub fn signer(&self, n: Option<usize>) -> Signer {
        match n {
            Some(n) if n >= 1 => self.signers.get(n - 1).cloned().unwrap_or_default(),
            _ => self.signers.first().cloned().unwrap_or_default(),
        }
    }
}

/// The decision that issued a handbook, recorded on it when the decision is written with its
/// number and date (`sotay report decision H --number N --date D`, or the window's "Quyết định
/// ban hành"): the editions of that version published afterwards name it on their cover.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct IssuingDecision {
    /// The full number: "45/QĐ-SKHCN".
    pub number: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Who signed it, as running text names them: "Giám đốc Sở Khoa học và Công nghệ tỉnh
    /// An Giang".
    pub issuer: String,
}

/// The full number of a document: "45/QĐ-SKHCN" ("05/BC-SKHCN" below 10).
pub fn document_number(kind: AdminKind, number: u32, code: &str) -> String {
    number_line(kind, Some(number), code)
        .trim_start_matches("Số: ")
        .to_owned()
}

/// The kind of document: its name on the page and its abbreviation in the number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum AdminKind {
    /// Báo cáo (BC).
    Report,
    /// Biên bản (BB).
    Minutes,
    /// Quyết định (QĐ).
    Decision,
    /// The decision issuing the key-product catalogue (a Quyết định, QĐ, like [`Decision`]):
    /// the window's name for it, its document printed as a decision.
    ///
    /// [`Decision`]: AdminKind::Decision
    Catalogue,
}

impl AdminKind {
    /// The abbreviation in the number (Phụ lục III of the Decree).
    pub fn abbr(self) -> &'static str {
        match self {
            AdminKind::Report => "BC",
            AdminKind::Minutes => "BB",
            AdminKind::Decision | AdminKind::Catalogue => "QĐ",
        }
    }

    /// The document type as printed (upper case, bold, centred).
    pub fn title(self) -> &'static str {
        match self {
            AdminKind::Report => "BÁO CÁO",
            AdminKind::Minutes => "BIÊN BẢN",
            AdminKind::Decision | AdminKind::Catalogue => "QUYẾT ĐỊNH",
        }
    }
}

/// A piece of text in one style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
}

impl Run {
    pub fn plain(text: impl Into<String>) -> Run {
        Run {
            text: text.into(),
            bold: false,
            italic: false,
        }
    }

    pub fn bold(text: impl Into<String>) -> Run {
        Run {
            bold: true,
            ..Run::plain(text)
        }
    }

    pub fn italic(text: impl Into<String>) -> Run {
        Run {
            italic: true,
            ..Run::plain(text)
        }
    }
}

/// How a paragraph sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParaAlign {
    /// Justified, first line indented (the body).
    Body,
    /// Centred, not indented ("QUYẾT ĐỊNH:").
    Center,
}

/// A block of the body.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// "I. TÌNH HÌNH …" (level 1, bold), "1. …" (level 2, bold), "a) …" (level 3, italic):
    /// `label` is the number with its mark.
    Heading {
        level: u8,
        label: String,
        text: String,
    },
    Para {
        runs: Vec<Run>,
        align: ParaAlign,
    },
    /// A table: header cells, rows, and an optional caption above it.
    Table {
        caption: String,
        header: Vec<String>,
        rows: Vec<Vec<String>>,
        /// Columns whose cells are numbers (right-aligned).
        numeric: Vec<bool>,
    },
}

impl Block {
    /// A justified, indented paragraph of plain text.
    pub fn para(text: impl Into<String>) -> Block {
        Block::Para {
            runs: vec![Run::plain(text)],
            align: ParaAlign::Body,
        }
    }
}

/// One signature block: bold upper-case heading lines (authority, position), an italic note
/// ("(Ký, ghi rõ họ tên)"), the space to sign and seal, the name in bold.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Signature {
    pub heading: Vec<String>,
    pub note: String,
    pub name: String,
    /// The signature given on screen (issue 17), printed in the space to sign; `None` leaves
    /// the space empty for a wet signature.
    pub on_screen: Option<OnScreenMark>,
}

/// A signature given on screen, as the writers print it: the drawn mark in the space to sign
/// (vector strokes; a Figure described by `alt`), or the typed name in italics when there is
/// no drawing; `when` goes under the name ("Ký ngày 20/07/2025 14:30").
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OnScreenMark {
    pub drawing: Option<crate::signature::Drawing>,
    /// The typed name (or the signer's name under a drawing).
    pub typed: String,
    /// "Ký ngày 20/07/2025 14:30" (Vietnam time).
    pub when: String,
    /// "Chữ ký của Nguyễn Thị Hoa".
    pub alt: String,
}

/// An administrative document, ready for the PDF and Word writers.
#[derive(Debug, Clone, PartialEq)]
pub struct AdminDoc {
    pub kind: AdminKind,
    /// Upper case as printed.
    pub parent_body: String,
    pub issuing_body: String,
    /// "Số: 12/BC-SKHCN" (see [`number_line`]).
    pub number_line: String,
    /// "An Giang, ngày 05 tháng 12 năm 2026" (see [`place_date`]).
    pub place_date: String,
    /// Trích yếu, centred in bold under the document type (may hold line breaks).
    pub summary: String,
    /// A centred bold line under the summary: the authority that decides ("GIÁM ĐỐC SỞ …").
    pub authority: String,
    /// "Kính gửi: …" lines, centred (none for a decision or minutes).
    pub addressees: Vec<String>,
    pub body: Vec<Block>,
    /// "Nơi nhận:" entries without dash or semicolon, the "Lưu: …" line last; empty for none.
    pub recipients: Vec<String>,
    /// One signature (right, beside "Nơi nhận") or two side by side (minutes).
    pub signatures: Vec<Signature>,
    /// The text issued with a decision (a list, a rule…), on pages of its own after the
    /// signature, as the Decree lays it out; `None` for most documents.
    pub appendix: Option<Appendix>,
    /// For the file's metadata: title, date (YYYY-MM-DD, empty when not given), an id that
    /// makes the file identifier.
    pub title: String,
    pub date: String,
    pub id: String,
}

/// A text issued with a decision (văn bản ban hành kèm theo quyết định, Nghị định 30/2020,
/// Phụ lục I): it starts on a new page under the same two-column header without number or
/// date, its kind and name centred in bold, the line that ties it to the decision in italics
/// (see [`issued_with_line`]), a short rule, then its body.
#[derive(Debug, Clone, PartialEq)]
pub struct Appendix {
    /// "DANH MỤC", upper case as printed.
    pub kind: String,
    /// Its name, centred in bold under the kind (may hold line breaks).
    pub summary: String,
    /// "(Ban hành kèm theo Quyết định số 07/QĐ-SKHCN ngày 05 tháng 12 năm 2026 của …)".
    pub issued_with: String,
    pub body: Vec<Block>,
}

/// "(Ban hành kèm theo Quyết định số 07/QĐ-SKHCN ngày 05 tháng 12 năm 2026 của Giám đốc Sở
/// …)", read from the decision's own number line and place-and-date line, so a decision whose
/// number or date is left blank leaves the same blanks here ("số      /QĐ-SKHCN ngày    tháng
/// năm 2026"). `issuer` is who signs, as running text names them; empty leaves it out.
pub fn issued_with_line(number_line: &str, place_date: &str, issuer: &str) -> String {
    let number = number_line
        .strip_prefix("Số:")
        .unwrap_or(number_line)
        .trim_end();
    let number = if number.starts_with(' ') {
        number.to_owned()
    } else {
        format!(" {number}")
    };
    let mut s = format!("(Ban hành kèm theo Quyết định số{number}");
    if let Some(at) = place_date.find("ngày") {
        s.push(' ');
        s.push_str(place_date[at..].trim_end());
    }
    if !issuer.trim().is_empty() {
        s.push_str(" của ");
        s.push_str(issuer.trim());
    }
    s.push(')');
    s
}

/// Upper case, Vietnamese letters included ("Sở Khoa học" → "SỞ KHOA HỌC").
pub fn upper(s: &str) -> String {
    s.chars().flat_map(char::to_uppercase).collect()
}

/// The printed number: two digits at least ("05"), as the Decree wants below 10.
pub fn padded_number(n: u32) -> String {
    format!("{n:02}")
}

/// "Số: 12/BC-SKHCN"; with no number, the blank a clerk fills by hand: "Số:      /BC-SKHCN".
pub fn number_line(kind: AdminKind, number: Option<u32>, code: &str) -> String {
    let code = code.trim();
    let suffix = if code.is_empty() {
        kind.abbr().to_owned()
    } else {
        format!("{}-{}", kind.abbr(), upper(code))
    };
    match number {
        Some(n) => format!("Số: {}/{suffix}", padded_number(n)),
        None => format!("Số:      /{suffix}"),
    }
}

/// `(year, month, day)` of a `YYYY-MM-DD` date.
pub fn ymd(date: &str) -> Option<(i32, u32, u32)> {
    crate::text::iso_date(date.trim()).map(|(y, m, d)| (y as i32, m, d))
}

/// "An Giang, ngày 05 tháng 12 năm 2026": the day below 10 and the months 1 and 2 with a
/// leading zero. Without a date, blanks under the given year: "An Giang, ngày    tháng    năm
/// 2026".
pub fn place_date(place: &str, date: Option<&str>, year: i32) -> String {
    let place = place.trim();
    let when = match date.and_then(ymd) {
        Some((y, m, d)) => {
            let month = if m <= 2 {
                format!("{m:02}")
            } else {
                m.to_string()
            };
            format!("ngày {d:02} tháng {month} năm {y}")
        }
        None => format!("ngày    tháng    năm {year}"),
    };
    if place.is_empty() {
        when
    } else {
        format!("{place}, {when}")
    }
}

/// "10/6/2026" — a date as cited in running text (no padding).
pub fn cited_date(date: &str) -> String {
    match ymd(date) {
        Some((y, m, d)) => format!("{d}/{m}/{y}"),
        None => date.to_owned(),
    }
}

/// The heading label of `n` (1-based) at `level`: "I.", "1.", "a)".
pub fn heading_label(level: u8, n: usize) -> String {
    match level {
        1 => format!("{}.", roman_upper(n)),
        2 => format!("{n}."),
        _ => {
            // a) … z), then aa), ab)…: Vietnamese lists skip f, j, w, z only in law texts;
            // reports use the plain alphabet.
            let letters: Vec<char> = ('a'..='z').collect();
            let mut s = String::new();
            let mut k = n;
            while k > 0 {
                k -= 1;
                s.insert(0, letters[k % 26]);
                k /= 26;
            }
            format!("{s})")
        }
    }
}

fn roman_upper(mut n: usize) -> String {
    const T: [(usize, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut s = String::new();
    for (v, r) in T {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

/// The lines of "Nơi nhận": each entry "- X;", the last "- Lưu: VT, ….".
pub fn recipient_lines(recipients: &[String], archive: &str) -> Vec<String> {
    let mut out: Vec<String> = recipients
        .iter()
        .map(|r| r.trim().trim_start_matches(['-', '–']).trim())
        .map(|r| r.trim_end_matches([';', '.', ',']).trim())
        .filter(|r| !r.is_empty() && !r.starts_with("Lưu:"))
        .map(|r| format!("- {r};"))
        .collect();
    let archive = archive.trim().trim_end_matches('.');
    out.push(if archive.is_empty() {
        "- Lưu: VT.".to_owned()
    } else {
        format!("- Lưu: {archive}.")
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_issued_with_line_repeats_the_decisions_number_and_date_or_their_blanks() {
        let issuer = "Giám đốc Sở Khoa học và Công nghệ tỉnh An Giang";
        assert_eq!(
            issued_with_line(
                &number_line(AdminKind::Decision, Some(7), "SKHCN"),
                &place_date("An Giang", Some("2026-12-05"), 2026),
                issuer
            ),
            "(Ban hành kèm theo Quyết định số 07/QĐ-SKHCN ngày 05 tháng 12 năm 2026 của Giám đốc Sở Khoa học và Công nghệ tỉnh An Giang)"
        );
        assert_eq!(
            issued_with_line(
                &number_line(AdminKind::Decision, None, "SKHCN"),
                &place_date("An Giang", None, 2026),
                ""
            ),
            "(Ban hành kèm theo Quyết định số      /QĐ-SKHCN ngày    tháng    năm 2026)"
        );
        // A number recorded in full ("Số: 45/QĐ-SKHCN") reads the same way.
        assert_eq!(
            issued_with_line("Số: 45/QĐ-SKHCN", "", issuer),
            format!("(Ban hành kèm theo Quyết định số 45/QĐ-SKHCN của {issuer})")
        );
    }

    #[test]
    fn numbers_have_a_leading_zero_below_ten_and_the_office_code() {
        assert_eq!(
            number_line(AdminKind::Report, Some(12), "skhcn"),
            "Số: 12/BC-SKHCN"
        );
        assert_eq!(
            number_line(AdminKind::Decision, Some(5), "SKHCN"),
            "Số: 05/QĐ-SKHCN"
        );
        assert_eq!(
            number_line(AdminKind::Minutes, Some(123), "SKHCN"),
            "Số: 123/BB-SKHCN"
        );
        assert_eq!(
            number_line(AdminKind::Report, None, "SKHCN"),
            "Số:      /BC-SKHCN"
        );
        assert_eq!(number_line(AdminKind::Report, None, ""), "Số:      /BC");
    }

    #[test]
    fn dates_pad_the_day_and_january_and_february_only() {
        assert_eq!(
            place_date("An Giang", Some("2026-12-05"), 2026),
            "An Giang, ngày 05 tháng 12 năm 2026"
        );
        assert_eq!(
            place_date("An Giang", Some("2026-02-15"), 2026),
            "An Giang, ngày 15 tháng 02 năm 2026"
        );
        assert_eq!(
            place_date("An Giang", Some("2026-03-09"), 2026),
            "An Giang, ngày 09 tháng 3 năm 2026"
        );
        assert_eq!(
            place_date("An Giang", None, 2026),
            "An Giang, ngày    tháng    năm 2026"
        );
        assert_eq!(
            place_date("An Giang", Some("2026-13-01"), 2025),
            "An Giang, ngày    tháng    năm 2025"
        );
        assert_eq!(cited_date("2026-06-10"), "10/6/2026");
    }

    #[test]
    fn headings_and_recipients_in_administrative_style() {
        assert_eq!(heading_label(1, 4), "IV.");
        assert_eq!(heading_label(2, 3), "3.");
        assert_eq!(heading_label(3, 1), "a)");
        assert_eq!(heading_label(3, 27), "aa)");
        assert_eq!(
            recipient_lines(&["UBND tỉnh".into(), "- Bộ KH&CN;".into()], "VT, TĐC"),
            ["- UBND tỉnh;", "- Bộ KH&CN;", "- Lưu: VT, TĐC."]
        );
        assert_eq!(recipient_lines(&[], ""), ["- Lưu: VT."]);
        let s = Signer {
            name: "Nguyễn Văn A".into(),
            position: "Phó Giám đốc".into(),
            authority: "KT. Giám đốc".into(),
        };
        assert_eq!(s.heading(), ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]);
        assert_eq!(
            upper("Sở Khoa học và Công nghệ"),
            "SỞ KHOA HỌC VÀ CÔNG NGHỆ"
        );
    }
}
