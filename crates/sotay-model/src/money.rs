//! Money in Vietnamese đồng: exact integers, written the way an administrative document writes
//! them — "370.000.000 đồng" in figures and "ba trăm bảy mươi triệu đồng" in words.
//!
//! Reading numbers aloud follows the usual rules of Vietnamese documents and invoices:
//! - a zero tens digit before a non-zero unit reads **"lẻ"** (một trăm lẻ năm). Some regions
//!   and some invoice software say "linh"; we chose "lẻ", the form of the provincial plans;
//! - 1 after a tens digit of 2 or more reads "mốt" (hai mươi mốt), but "một" after "mười";
//! - 5 after any tens digit reads "lăm" (mười lăm, hai mươi lăm), but "năm" after "lẻ";
//! - 4 after a tens digit stays "bốn" (hai mươi bốn), the written form;
//! - 10–19 read "mười …", and the tens of 20–90 read "… mươi";
//! - a group of three digits that follows a higher group is read in full, with "không trăm"
//!   when its hundreds are zero (một triệu không trăm lẻ năm); empty groups are skipped;
//! - groups are nghìn, triệu, tỷ; above a thousand tỷ, "nghìn tỷ" (the tỷ repeat).

/// The largest amount Sotay accepts as input: 10¹² đồng (a thousand tỷ, beyond any provincial
/// programme; the same bound as other numbers Sotay reads).
pub const MAX_VND: i64 = 1_000_000_000_000;

/// Why a typed amount is not an amount of đồng.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmountError {
    Empty,
    /// Not a whole number of đồng (letters, a decimal part, a misplaced separator).
    NotWhole,
    /// Zero or below.
    NotPositive,
    /// Above [`MAX_VND`].
    TooLarge,
}

/// Reads a typed amount of đồng: digits, optionally grouped by three with dots, commas or
/// spaces ("12.500.000", "12,500,000", "12 500 000"), optionally followed by "đồng", "đ" or
/// "VND". Zero, negative, fractional ("1.5", "1,25") and oversized amounts are refused.
pub fn parse_vnd(s: &str) -> Result<i64, AmountError> {
    let mut t = s.trim();
    for suffix in ["đồng", "đ", "VND", "vnd", "VNĐ", "vnđ"] {
        if let Some(x) = t.strip_suffix(suffix) {
            t = x.trim_end();
            break;
        }
    }
    if t.is_empty() {
        return Err(AmountError::Empty);
    }
    if t.starts_with('-') && t[1..].chars().next().is_some_and(|c| c.is_ascii_digit()) {
        return Err(AmountError::NotPositive);
    }
    let t = t.strip_prefix('+').unwrap_or(t);
    let groups: Vec<&str> = t.split(['.', ',', ' ', '\u{a0}']).collect();
    let well_grouped = groups
        .iter()
        .all(|g| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit()))
        && (groups.len() == 1
            || (groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3)));
    if !well_grouped {
        return Err(AmountError::NotWhole);
    }
    let digits: String = groups.concat();
    let n: i64 = match digits.trim_start_matches('0') {
        "" => 0,
        d if d.len() > 13 => return Err(AmountError::TooLarge),
        d => d.parse().map_err(|_| AmountError::TooLarge)?,
    };
    if n == 0 {
        return Err(AmountError::NotPositive);
    }
    if n > MAX_VND {
        return Err(AmountError::TooLarge);
    }
    Ok(n)
}

/// `370000000` → `"370.000.000"`: groups of three digits separated by dots (Vietnamese style).
pub fn group_digits(amount: i64) -> String {
    let digits = amount.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if amount < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// `370000000` → `"370.000.000 đồng"`.
pub fn format_vnd(amount: i64) -> String {
    format!("{} đồng", group_digits(amount))
}

const DIGITS: [&str; 10] = [
    "không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín",
];

/// Reads a group of three digits (0–999). `full`: the group follows a higher one, so its
/// hundreds and a zero tens are read out ("không trăm lẻ năm").
fn read_group(n: u64, full: bool, out: &mut Vec<&'static str>) {
    let (h, t, u) = (
        (n / 100) as usize,
        ((n / 10) % 10) as usize,
        (n % 10) as usize,
    );
    if full || h > 0 {
        out.push(DIGITS[h]);
        out.push("trăm");
    }
    match t {
        0 if u > 0 && (full || h > 0) => out.push("lẻ"),
        0 => {}
        1 => out.push("mười"),
        _ => {
            out.push(DIGITS[t]);
            out.push("mươi");
        }
    }
    match u {
        0 => {}
        1 if t >= 2 => out.push("mốt"),
        5 if t >= 1 => out.push("lăm"),
        _ => out.push(DIGITS[u]),
    }
}

/// Reads `n` (> 0); `full` as in [`read_group`] for its first group.
fn read_number(n: u64, full: bool, out: &mut Vec<&'static str>) {
    const TY: u64 = 1_000_000_000;
    if n >= TY {
        // The tỷ repeat: 10¹² is "một nghìn tỷ", 10¹⁸ "một tỷ tỷ".
        read_number(n / TY, full, out);
        out.push("tỷ");
        let rest = n % TY;
        if rest > 0 {
            read_number(rest, true, out);
        }
        return;
    }
    let groups = [
        (n / 1_000_000, "triệu"),
        ((n / 1000) % 1000, "nghìn"),
        (n % 1000, ""),
    ];
    let mut started = full;
    for (g, name) in groups {
        if g == 0 {
            continue;
        }
        read_group(g, started, out);
        if !name.is_empty() {
            out.push(name);
        }
        started = true;
    }
}

/// An integer in Vietnamese words, lower case: `105` → `"một trăm lẻ năm"`.
pub fn number_in_words(n: i64) -> String {
    if n == 0 {
        return DIGITS[0].to_owned();
    }
    let mut words = Vec::new();
    if n < 0 {
        words.push("âm");
    }
    read_number(n.unsigned_abs(), false, &mut words);
    words.join(" ")
}

/// An amount in words for a document, lower case: `370000000` → `"ba trăm bảy mươi triệu
/// đồng"`. A document starts its sentence with a capital itself ("Bằng chữ: Ba trăm…").
pub fn vnd_in_words(amount: i64) -> String {
    format!("{} đồng", number_in_words(amount))
}

/// The first letter in upper case ("Ba trăm bảy mươi triệu đồng").
pub fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_grouped_by_dots() {
        assert_eq!(format_vnd(370_000_000), "370.000.000 đồng");
        assert_eq!(format_vnd(0), "0 đồng");
        assert_eq!(format_vnd(999), "999 đồng");
        assert_eq!(format_vnd(1000), "1.000 đồng");
        assert_eq!(format_vnd(1_000_005), "1.000.005 đồng");
        assert_eq!(format_vnd(-25_000_000), "-25.000.000 đồng");
        assert_eq!(group_digits(i64::MAX), "9.223.372.036.854.775.807");
    }

    #[test]
    fn typed_amounts_are_whole_positive_dong() {
        for (text, n) in [
            ("50000000", 50_000_000),
            ("12.500.000", 12_500_000),
            ("12,500,000", 12_500_000),
            ("12 500 000", 12_500_000),
            ("1.500", 1500),
            (" 7 đồng ", 7),
            ("25.000.000 đ", 25_000_000),
            ("+3", 3),
            ("1000000000000", MAX_VND),
        ] {
            assert_eq!(parse_vnd(text), Ok(n), "{text}");
        }
        for (text, e) in [
            ("", AmountError::Empty),
            (" đồng", AmountError::Empty),
            ("0", AmountError::NotPositive),
            ("000", AmountError::NotPositive),
            ("-5000", AmountError::NotPositive),
            ("-1.000", AmountError::NotPositive),
            ("1.5", AmountError::NotWhole),
            ("1,25", AmountError::NotWhole),
            ("12.50.000", AmountError::NotWhole),
            ("1e6", AmountError::NotWhole),
            ("năm triệu", AmountError::NotWhole),
            ("12..000", AmountError::NotWhole),
            ("1000000000001", AmountError::TooLarge),
            ("99999999999999999999999", AmountError::TooLarge),
        ] {
            assert_eq!(parse_vnd(text), Err(e), "{text}");
        }
    }

    #[test]
    fn amounts_in_words() {
        let cases: &[(i64, &str)] = &[
            (0, "không đồng"),
            (1, "một đồng"),
            (5, "năm đồng"),
            (10, "mười đồng"),
            (11, "mười một đồng"),
            (14, "mười bốn đồng"),
            (15, "mười lăm đồng"),
            (20, "hai mươi đồng"),
            (21, "hai mươi mốt đồng"),
            (24, "hai mươi bốn đồng"),
            (25, "hai mươi lăm đồng"),
            (55, "năm mươi lăm đồng"),
            (100, "một trăm đồng"),
            (101, "một trăm lẻ một đồng"),
            (105, "một trăm lẻ năm đồng"),
            (110, "một trăm mười đồng"),
            (115, "một trăm mười lăm đồng"),
            (121, "một trăm hai mươi mốt đồng"),
            (1000, "một nghìn đồng"),
            (1005, "một nghìn không trăm lẻ năm đồng"),
            (1010, "một nghìn không trăm mười đồng"),
            (1100, "một nghìn một trăm đồng"),
            (15_000, "mười lăm nghìn đồng"),
            (21_000, "hai mươi mốt nghìn đồng"),
            (105_000, "một trăm lẻ năm nghìn đồng"),
            (1_000_000, "một triệu đồng"),
            (1_000_005, "một triệu không trăm lẻ năm đồng"),
            (1_005_000, "một triệu không trăm lẻ năm nghìn đồng"),
            (25_000_000, "hai mươi lăm triệu đồng"),
            (35_000_000, "ba mươi lăm triệu đồng"),
            (50_000_000, "năm mươi triệu đồng"),
            (60_000_000, "sáu mươi triệu đồng"),
            (70_000_000, "bảy mươi triệu đồng"),
            (130_000_000, "một trăm ba mươi triệu đồng"),
            (370_000_000, "ba trăm bảy mươi triệu đồng"),
            (
                123_456_789,
                "một trăm hai mươi ba triệu bốn trăm năm mươi sáu nghìn bảy trăm tám mươi chín đồng",
            ),
            (1_000_000_000, "một tỷ đồng"),
            (1_000_000_001, "một tỷ không trăm lẻ một đồng"),
            (2_050_000_000, "hai tỷ không trăm năm mươi triệu đồng"),
            (1_000_000_000_000, "một nghìn tỷ đồng"),
            (-5, "âm năm đồng"),
        ];
        for (n, words) in cases {
            assert_eq!(vnd_in_words(*n), *words, "{n}");
        }
        assert_eq!(
            capitalize(&vnd_in_words(370_000_000)),
            "Ba trăm bảy mươi triệu đồng"
        );
        // No panic at the ends of the range.
        assert!(number_in_words(i64::MAX).ends_with("bảy"));
        assert!(number_in_words(i64::MIN).starts_with("âm"));
    }
}
