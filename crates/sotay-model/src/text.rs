//! Text hygiene: every string that enters Sotay is normalised to Unicode NFC.
//!
//! Vietnamese letters have precomposed forms; NFD input (a base letter followed by combining
//! marks, as some input methods and macOS file names produce) renders wrongly in PDF output and
//! compares unequal to the same word in NFC. Normalising once at ingest avoids both.

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Returns `s` in NFC, borrowing nothing: cheap when `s` is already NFC.
pub fn nfc(s: &str) -> String {
    let s = strip_bom(s);
    match is_nfc_quick(s.chars()) {
        IsNormalized::Yes => s.to_owned(),
        _ => s.nfc().collect(),
    }
}

/// `s` without the byte-order mark (U+FEFF) some editors put at the start of a text file.
pub fn strip_bom(s: &str) -> &str {
    s.strip_prefix('\u{feff}').unwrap_or(s)
}

/// A date as a reader in Vietnam writes it, dd/mm/yyyy, from the `YYYY-MM-DD` Sotay stores
/// (issue 17: one date format wherever a date is shown); anything else is returned as written.
pub fn display_date(iso: &str) -> String {
    match iso_date(iso) {
        Some((y, m, d)) => format!("{d:02}/{m:02}/{y:04}"),
        None => iso.to_owned(),
    }
}

/// `(year, month, day)` of a text that is exactly a `YYYY-MM-DD` date with a real month and a
/// day from 1 to 31.
pub fn iso_date(s: &str) -> Option<(u32, u32, u32)> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        if b[r.clone()].iter().all(u8::is_ascii_digit) {
            s[r].parse().ok()
        } else {
            None
        }
    };
    let (y, m, d) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some((y, m, d))
}

/// A cell value that a spreadsheet shows as the text it is: one that starts with `=`, `+`, `-`,
/// `@`, a tab or a carriage return (how Excel and LibreOffice recognise a formula) gets a
/// leading apostrophe, as OWASP's CSV-injection advice says. Every CSV/XLSX writer uses it.
pub fn spreadsheet_safe(s: &str) -> std::borrow::Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{s}"))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// A template unit (written in Vietnamese in `template.toml`) in the user's language: "60
/// tháng" reads "60 months" in English. Units that are the same in both (%, ha, kg) and
/// unknown ones stay as written.
pub fn unit_label(unit: &str, lang: crate::Lang) -> &str {
    if lang == crate::Lang::Vi {
        return unit;
    }
    match unit {
        "tháng" => "months",
        "năm" => "years",
        "ngày" => "days",
        "giờ" => "hours",
        "phút" => "minutes",
        "con" => "pcs",
        "tấn" => "t",
        "lít" => "L",
        other => other,
    }
}

/// An ASCII key from a Vietnamese title: `Quy trình thu hồi` → `quy-trinh-thu-hoi`.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.nfd() {
        let c = match c {
            'đ' => 'd',
            'Đ' => 'd',
            c => c.to_ascii_lowercase(),
        };
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if (c.is_whitespace() || c == '-' || c == '_' || c == '.' || c == '/')
            && !out.ends_with('-')
            && !out.is_empty()
        {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

#[cfg(test)]
mod tests {

    #[test]
    fn dates_are_shown_day_first_and_other_text_as_written() {
        assert_eq!(display_date("2025-12-15"), "15/12/2025");
        assert_eq!(display_date("2026-06-01"), "01/06/2026");
        for other in [
            "2025-13-01",
            "2025-12-32",
            "25-12-15",
            "2025-12-15T08:00",
            "mười lăm",
            "2025/12/15",
        ] {
            assert_eq!(display_date(other), other);
        }
    }
    use super::*;

    #[test]
    fn composes_vietnamese_marks() {
        // "Sổ tay" written with combining marks: o + circumflex + hook above.
        let decomposed = "So\u{302}\u{309} tay";
        assert_eq!(nfc(decomposed), "Sổ tay");
        assert_eq!(nfc("Truy xuất nguồn gốc"), "Truy xuất nguồn gốc");
    }

    #[test]
    fn slugs_fold_vietnamese_letters() {
        assert_eq!(slug("Quy trình thu hồi – Đợt 2"), "quy-trinh-thu-hoi-dot-2");
        assert_eq!(slug("  Phụ lục A.  "), "phu-luc-a");
    }
}

#[cfg(test)]
mod unit_tests {
    use super::*;

    #[test]
    fn units_read_in_the_users_language() {
        assert_eq!(unit_label("tháng", crate::Lang::En), "months");
        assert_eq!(unit_label("tháng", crate::Lang::Vi), "tháng");
        assert_eq!(unit_label("%", crate::Lang::En), "%");
    }
}
