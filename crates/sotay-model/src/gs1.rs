//! GS1 identification keys (mã số mã vạch): check digits and key validation (DOMAIN.md §E).

use std::fmt;

/// Why a GS1 key is not valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyError {
    /// A character other than an ASCII digit.
    NotDigits,
    /// The number of digits is not one the key allows.
    BadLength {
        found: usize,
        allowed: &'static [usize],
    },
    /// The last digit is not the GS1 mod-10 check digit of the others.
    BadCheckDigit { found: u8, expected: u8 },
    /// A GS1 company prefix that is not Vietnam's 893 or has the wrong length.
    NotVietnamPrefix,
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyError::NotDigits => write!(f, "only digits are allowed"),
            KeyError::BadLength { found, allowed } => {
                write!(f, "{found} digits; expected {allowed:?}")
            }
            KeyError::BadCheckDigit { found, expected } => {
                write!(f, "check digit is {found}, expected {expected}")
            }
            KeyError::NotVietnamPrefix => write!(f, "must be 7 to 10 digits starting with 893"),
        }
    }
}

impl std::error::Error for KeyError {}

impl KeyError {
    /// The problem in Vietnamese (the English text is its `Display`).
    pub fn vi(&self) -> String {
        match self {
            KeyError::NotDigits => "chỉ được gồm chữ số".into(),
            KeyError::BadLength { found, allowed } => {
                let list: Vec<String> = allowed.iter().map(usize::to_string).collect();
                format!("có {found} chữ số, cần {}", list.join(" hoặc "))
            }
            KeyError::BadCheckDigit { found, expected } => {
                format!("chữ số kiểm tra là {found}, đúng ra phải là {expected}")
            }
            KeyError::NotVietnamPrefix => "phải gồm 7–10 chữ số, bắt đầu bằng 893".into(),
        }
    }

    pub fn localized(&self) -> crate::Localized {
        crate::Localized::new(self.vi(), self.to_string())
    }
}

/// The GS1 mod-10 check digit of `data` (all digits but the check digit): from the rightmost
/// digit going left, weights 3, 1, 3, 1…; check = (10 − sum mod 10) mod 10.
///
/// `data` must hold ASCII digits only.
pub fn check_digit(data: &[u8]) -> u8 {
    let sum: u32 = data
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| u32::from(d - b'0') * if i % 2 == 0 { 3 } else { 1 })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

fn validate_key(s: &str, allowed: &'static [usize]) -> Result<(), KeyError> {
    let bytes = s.as_bytes();
    if bytes.is_empty() || !bytes.iter().all(u8::is_ascii_digit) {
        return Err(KeyError::NotDigits);
    }
    if !allowed.contains(&bytes.len()) {
        return Err(KeyError::BadLength {
            found: bytes.len(),
            allowed,
        });
    }
    let (data, last) = bytes.split_at(bytes.len() - 1);
    let expected = check_digit(data);
    let found = last[0] - b'0';
    if found != expected {
        return Err(KeyError::BadCheckDigit { found, expected });
    }
    Ok(())
}

/// Validates a GTIN-8, -12, -13 or -14.
pub fn validate_gtin(s: &str) -> Result<(), KeyError> {
    validate_key(s, &[8, 12, 13, 14])
}

/// Validates a 13-digit GLN (global location number).
pub fn validate_gln(s: &str) -> Result<(), KeyError> {
    validate_key(s, &[13])
}

/// Validates an 18-digit SSCC (serial shipping container code).
pub fn validate_sscc(s: &str) -> Result<(), KeyError> {
    validate_key(s, &[18])
}

/// Validates a Vietnamese GS1 company prefix: 7–10 digits starting with 893.
pub fn validate_vn_company_prefix(s: &str) -> Result<(), KeyError> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(KeyError::NotDigits);
    }
    if !(7..=10).contains(&s.len()) || !s.starts_with("893") {
        return Err(KeyError::NotVietnamPrefix);
    }
    Ok(())
}

/// A GTIN left-padded with zeros to 14 digits (the form GS1 Digital Link and EPCIS use).
pub fn gtin14(s: &str) -> Result<String, KeyError> {
    validate_gtin(s)?;
    Ok(format!("{s:0>14}"))
}

/// A parsed GS1 Digital Link URI (DOMAIN.md §E.5), e.g.
/// `https://id.gs1.org/01/09521234543213/10/ABC123?17=261231`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigitalLink {
    /// The primary key's AI: `01` (GTIN), `00` (SSCC) or `414` (GLN).
    pub primary_ai: &'static str,
    pub primary: String,
    /// Key qualifiers in order, e.g. `[("10", "ABC123")]`.
    pub qualifiers: Vec<(String, String)>,
    /// Data attributes from the query string, e.g. `[("17", "261231")]`.
    pub attributes: Vec<(String, String)>,
}

/// Why a GS1 Digital Link URI is not valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkError {
    /// Not an `http://` or `https://` URI with a domain.
    NotHttp,
    /// No primary key (01, 00 or 414) followed by a value in the path.
    NoPrimaryKey,
    /// The primary key's value is not a valid key.
    BadKey { ai: &'static str, error: KeyError },
    /// A qualifier this primary key does not take, or one out of the order 22 → 10 → 21.
    QualifierOrder { ai: String },
    /// A qualifier with no value after it.
    MissingValue { ai: String },
    /// A lot, serial or variant longer than 20 characters or with characters GS1 does not allow.
    BadValue { ai: String },
}

impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LinkError::NotHttp => write!(f, "not an http(s) URI with a domain"),
            LinkError::NoPrimaryKey => write!(f, "no primary key (01, 00 or 414) in the path"),
            LinkError::BadKey { ai, error } => write!(f, "AI {ai}: {error}"),
            LinkError::QualifierOrder { ai } => write!(
                f,
                "qualifier {ai} is not allowed here (order for 01: 22, 10, 21; for 414: 254)"
            ),
            LinkError::MissingValue { ai } => write!(f, "AI {ai} has no value"),
            LinkError::BadValue { ai } => {
                write!(f, "AI {ai}: at most 20 characters of the GS1 set")
            }
        }
    }
}

impl std::error::Error for LinkError {}

impl LinkError {
    /// The problem in Vietnamese (the English text is its `Display`).
    pub fn vi(&self) -> String {
        match self {
            LinkError::NotHttp => "không phải địa chỉ http(s) có tên miền".into(),
            LinkError::NoPrimaryKey => "đường dẫn không có khóa chính (01, 00 hoặc 414)".into(),
            LinkError::BadKey { ai, error } => format!("AI {ai}: {}", error.vi()),
            LinkError::QualifierOrder { ai } => format!(
                "định danh phụ {ai} không được đặt ở đây (thứ tự với 01: 22, 10, 21; với 414: 254)"
            ),
            LinkError::MissingValue { ai } => format!("AI {ai} không có giá trị"),
            LinkError::BadValue { ai } => {
                format!("AI {ai}: tối đa 20 ký tự thuộc bộ ký tự GS1")
            }
        }
    }

    pub fn localized(&self) -> crate::Localized {
        crate::Localized::new(self.vi(), self.to_string())
    }
}

/// The qualifiers each primary key takes, in the only order allowed.
fn qualifier_order(primary: &str) -> &'static [&'static str] {
    match primary {
        "01" => &["22", "10", "21", "235"],
        "414" => &["254"],
        _ => &[],
    }
}

/// GS1 AI encodable character set 82 (letters, digits and `!"%&'()*+,-./:;<=>?_`).
pub fn is_cset82(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!\"%&'()*+,-./:;<=>?_".contains(c)
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() && s.is_char_boundary(i + 3) {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Whether `lot` can be carried as GS1 AI (10), batch/lot: 1–20 characters of set 82.
pub fn is_ai10_lot(lot: &str) -> bool {
    (1..=20).contains(&lot.chars().count()) && lot.chars().all(is_cset82)
}

/// Parses and validates a GS1 Digital Link URI: scheme and domain, an optional path prefix,
/// the primary key with its check digit, qualifiers in order, attributes from the query.
pub fn parse_digital_link(uri: &str) -> Result<DigitalLink, LinkError> {
    let rest = uri
        .strip_prefix("https://")
        .or_else(|| uri.strip_prefix("http://"))
        .ok_or(LinkError::NotHttp)?;
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let path = path.split('#').next().unwrap_or(path);
    let mut segments = path.split('/');
    let domain = segments.next().unwrap_or("");
    if domain.is_empty() {
        return Err(LinkError::NotHttp);
    }
    let segments: Vec<&str> = segments.collect();
    let start = segments
        .windows(2)
        .position(|w| matches!(w[0], "01" | "00" | "414") && !w[1].is_empty())
        .ok_or(LinkError::NoPrimaryKey)?;
    let primary_ai: &'static str = match segments[start] {
        "01" => "01",
        "00" => "00",
        _ => "414",
    };
    let primary = percent_decode(segments[start + 1]);
    let checked = match primary_ai {
        "01" => validate_gtin(&primary),
        "00" => validate_sscc(&primary),
        _ => validate_gln(&primary),
    };
    checked.map_err(|error| LinkError::BadKey {
        ai: primary_ai,
        error,
    })?;
    let allowed = qualifier_order(primary_ai);
    let mut next_allowed = 0;
    let mut qualifiers = Vec::new();
    let mut rest = segments[start + 2..].iter().filter(|s| !s.is_empty());
    while let Some(ai) = rest.next() {
        let position = allowed[next_allowed..]
            .iter()
            .position(|a| a == ai)
            .ok_or_else(|| LinkError::QualifierOrder {
                ai: (*ai).to_owned(),
            })?;
        next_allowed += position + 1;
        let value = percent_decode(rest.next().ok_or_else(|| LinkError::MissingValue {
            ai: (*ai).to_owned(),
        })?);
        if value.chars().count() > 20 || !value.chars().all(is_cset82) {
            return Err(LinkError::BadValue {
                ai: (*ai).to_owned(),
            });
        }
        qualifiers.push(((*ai).to_owned(), value));
    }
    let attributes = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (k.to_owned(), percent_decode(v))
        })
        .collect();
    Ok(DigitalLink {
        primary_ai,
        primary,
        qualifiers,
        attributes,
    })
}

/// An identifier found in free text, with its byte range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundKey {
    /// `gtin`, `gln`, `sscc` or `digital_link`.
    pub kind: &'static str,
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// `None` when valid.
    pub problem: Option<crate::Localized>,
}

/// Finds GS1 identifiers in prose and checks them: Digital Link URIs; element strings such as
/// `(01)08931234567897`, `(00)…`, `(414)…`; and digit runs right after the words GTIN, GLN or
/// SSCC (e.g. "GTIN 8931234567897", "mã GLN: 8931234500003").
pub fn scan_text(text: &str) -> Vec<FoundKey> {
    let mut found = Vec::new();
    // Digital Link URIs.
    let mut from = 0;
    while let Some(i) = text[from..].find("http") {
        let start = from + i;
        let end = text[start..]
            .find(|c: char| c.is_whitespace() || matches!(c, '`' | ')' | '>' | '"' | '<' | ']'))
            .map_or(text.len(), |e| start + e);
        let uri = text[start..end].trim_end_matches(['.', ',', ';']);
        if uri.starts_with("http://") || uri.starts_with("https://") {
            let looks_gs1 = ["/01/", "/00/", "/414/"].iter().any(|k| uri.contains(k));
            if looks_gs1 {
                found.push(FoundKey {
                    kind: "digital_link",
                    start,
                    end: start + uri.len(),
                    text: uri.to_owned(),
                    problem: parse_digital_link(uri).err().map(|e| e.localized()),
                });
            }
        }
        from = end.max(start + 4);
    }
    // Element strings and labelled digit runs.
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() || (i > 0 && bytes[i - 1].is_ascii_digit()) {
            i += 1;
            continue;
        }
        let end = (i..bytes.len())
            .find(|&j| !bytes[j].is_ascii_digit())
            .unwrap_or(bytes.len());
        let digits = &text[i..end];
        let before = &text[..i];
        let kind = if before.ends_with("(01)") {
            Some("gtin")
        } else if before.ends_with("(00)") {
            Some("sscc")
        } else if before.ends_with("(414)") {
            Some("gln")
        } else {
            let window: String = before
                .chars()
                .rev()
                .take(12)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let upper = window.to_uppercase();
            let label = ["GTIN", "GLN", "SSCC"]
                .into_iter()
                .filter_map(|l| upper.rfind(l).map(|p| (p, l)))
                .max_by_key(|(p, _)| *p);
            let tail = label.map(|(p, l)| {
                let t = &upper[p + l.len()..];
                ["-8", "-12", "-13", "-14"]
                    .iter()
                    .find_map(|n| t.strip_prefix(n))
                    .unwrap_or(t)
            });
            match (label, tail) {
                (Some((_, l)), Some(t))
                    if digits.len() >= 8 && t.chars().all(|c| c.is_whitespace() || c == ':') =>
                {
                    Some(match l {
                        "GTIN" => "gtin",
                        "GLN" => "gln",
                        _ => "sscc",
                    })
                }
                _ => None,
            }
        };
        let in_link = found
            .iter()
            .any(|f| f.kind == "digital_link" && f.start <= i && end <= f.end);
        if let (Some(kind), false) = (kind, in_link) {
            let problem = match kind {
                "gtin" => validate_gtin(digits),
                "gln" => validate_gln(digits),
                _ => validate_sscc(digits),
            }
            .err()
            .map(|e| e.localized());
            found.push(FoundKey {
                kind,
                start: i,
                end,
                text: digits.to_owned(),
                problem,
            });
        }
        i = end;
    }
    found.sort_by_key(|f| f.start);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_ai10_lot_is_1_to_20_characters_of_set_82() {
        assert!(is_ai10_lot("CB01-250616-02"));
        assert!(is_ai10_lot("lot/7_a"));
        assert!(!is_ai10_lot(""));
        assert!(!is_ai10_lot("AO05 250615"), "a space");
        assert!(!is_ai10_lot("LÔ-01"), "a letter outside ASCII");
        assert!(!is_ai10_lot("ABCDEFGHIJKLMNOPQRSTU"), "21 characters");
    }

    #[test]
    fn digital_links_are_parsed_and_checked() {
        let l =
            parse_digital_link("https://id.gs1.org/01/09521234543213/10/ABC123?17=261231").unwrap();
        assert_eq!(l.primary_ai, "01");
        assert_eq!(l.qualifiers, vec![("10".to_owned(), "ABC123".to_owned())]);
        assert_eq!(l.attributes, vec![("17".to_owned(), "261231".to_owned())]);
        assert!(parse_digital_link("https://id.gs1.org/00/106141411234567897").is_ok());
        assert!(parse_digital_link(
            "https://txng.angiang.gov.vn/qr/01/08931234567897/22/V1/10/L1/21/S9"
        )
        .is_ok());
        assert!(matches!(
            parse_digital_link("https://id.gs1.org/01/08931234567890"),
            Err(LinkError::BadKey { ai: "01", .. })
        ));
        assert_eq!(
            parse_digital_link("https://id.gs1.org/01/08931234567897/21/S1/10/L1"),
            Err(LinkError::QualifierOrder { ai: "10".into() })
        );
        assert_eq!(parse_digital_link("ftp://x/01/1"), Err(LinkError::NotHttp));
        assert_eq!(
            parse_digital_link("https://example.com/anh.jpg"),
            Err(LinkError::NoPrimaryKey)
        );
        assert!(matches!(
            parse_digital_link("https://id.gs1.org/01/08931234567897/10/ABCDEFGHIJKLMNOPQRSTUV"),
            Err(LinkError::BadValue { .. })
        ));
    }

    #[test]
    fn identifiers_in_prose_are_found_and_checked() {
        let text = "Mã GTIN-13 8931234567897 in trên nhãn; mã GLN: 8931234567890 sai. Thùng (00)106141411234567897, \
                    liên kết `https://id.gs1.org/01/08931234567890/10/A1`. Số điện thoại 0912345678.";
        let found = scan_text(text);
        let kinds: Vec<_> = found
            .iter()
            .map(|f| (f.kind, f.problem.is_none()))
            .collect();
        assert_eq!(
            kinds,
            vec![
                ("gtin", true),
                ("gln", false),
                ("sscc", true),
                ("digital_link", false)
            ],
            "{found:?}"
        );
    }

    #[test]
    fn worked_examples_from_the_domain_brief() {
        assert_eq!(check_digit(b"893123456789"), 7);
        assert_eq!(check_digit(b"629104150021"), 3);
        assert_eq!(check_digit(b"10614141123456789"), 7);
        assert!(validate_gtin("8931234567897").is_ok());
        assert!(validate_sscc("106141411234567897").is_ok());
        assert_eq!(gtin14("8931234567897").unwrap(), "08931234567897");
    }

    #[test]
    fn rejects_bad_keys() {
        assert_eq!(
            validate_gtin("8934567000014"),
            Err(KeyError::BadCheckDigit {
                found: 4,
                expected: check_digit(b"893456700001")
            })
        );
        assert_eq!(
            validate_gtin("89312345678"),
            Err(KeyError::BadLength {
                found: 11,
                allowed: &[8, 12, 13, 14]
            })
        );
        assert_eq!(validate_gln("89312345678a9"), Err(KeyError::NotDigits));
        assert_eq!(
            validate_vn_company_prefix("8851234"),
            Err(KeyError::NotVietnamPrefix)
        );
        assert!(validate_vn_company_prefix("8931234").is_ok());
    }
}
