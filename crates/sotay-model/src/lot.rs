//! Lot-code rules (quy tắc mã lô, DOMAIN.md §E.4): a pattern such as `{site}-{YYMMDD}-{seq}`
//! whose codes are at most 20 characters of `[A-Z0-9-]` (GS1 AI 10, the safe subset).

use std::fmt;

/// The placeholders a lot pattern may use, with the most characters each can produce.
pub const PLACEHOLDERS: &[(&str, usize, &str)] = &[
    ("site", 8, "mã địa điểm (ao, ruộng, nhà máy) / site code"),
    (
        "YYMMDD",
        6,
        "ngày dạng năm-tháng-ngày, 6 chữ số / date as YYMMDD",
    ),
    ("YYYYMMDD", 8, "ngày, 8 chữ số / date as YYYYMMDD"),
    ("YY", 2, "năm, 2 chữ số / year"),
    ("MM", 2, "tháng / month"),
    ("DD", 2, "ngày / day"),
    (
        "seq",
        2,
        "số thứ tự lô trong ngày / sequence number that day",
    ),
    ("seq3", 3, "số thứ tự, 3 chữ số / 3-digit sequence"),
    ("crop", 4, "mã vụ nuôi, vụ lúa / crop or season code"),
    ("product", 4, "mã sản phẩm / product code"),
];

/// The longest code GS1 AI 10 allows.
pub const MAX_LOT_LEN: usize = 20;

/// Why a lot pattern is not valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LotPatternError {
    Empty,
    /// `{name}` is not a known placeholder.
    UnknownPlaceholder(String),
    /// A `{` without its `}`.
    Unclosed,
    /// A literal character outside `[A-Z0-9-]`.
    BadCharacter(char),
    /// The longest code the pattern can produce is over 20 characters.
    TooLong(usize),
    /// No `{seq}`: two lots of the same site and day would get the same code.
    NoSequence,
}

impl fmt::Display for LotPatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LotPatternError::Empty => write!(f, "the pattern is empty"),
            LotPatternError::UnknownPlaceholder(p) => write!(f, "unknown placeholder {{{p}}}"),
            LotPatternError::Unclosed => write!(f, "a '{{' is not closed"),
            LotPatternError::BadCharacter(c) => {
                write!(f, "character {c:?} is not allowed (use A–Z, 0–9, -)")
            }
            LotPatternError::TooLong(n) => write!(f, "codes can be {n} characters long (max 20)"),
            LotPatternError::NoSequence => {
                write!(f, "no {{seq}}: lots of the same day would share a code")
            }
        }
    }
}

impl std::error::Error for LotPatternError {}

/// Checks a lot pattern and returns the longest code it can produce.
pub fn validate_lot_pattern(pattern: &str) -> Result<usize, LotPatternError> {
    if pattern.trim().is_empty() {
        return Err(LotPatternError::Empty);
    }
    let mut len = 0;
    let mut has_seq = false;
    let mut rest = pattern;
    while let Some(c) = rest.chars().next() {
        if c == '{' {
            let end = rest.find('}').ok_or(LotPatternError::Unclosed)?;
            let name = &rest[1..end];
            let (_, width, _) = PLACEHOLDERS
                .iter()
                .find(|(p, _, _)| *p == name)
                .ok_or_else(|| LotPatternError::UnknownPlaceholder(name.to_owned()))?;
            has_seq |= name.starts_with("seq");
            len += width;
            rest = &rest[end + 1..];
        } else {
            if !(c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-') {
                return Err(LotPatternError::BadCharacter(c));
            }
            len += 1;
            rest = &rest[c.len_utf8()..];
        }
    }
    if len > MAX_LOT_LEN {
        return Err(LotPatternError::TooLong(len));
    }
    if !has_seq {
        return Err(LotPatternError::NoSequence);
    }
    Ok(len)
}

/// Whether `code` is a lot code GS1 AI 10 accepts in Sotay's safe subset.
pub fn is_valid_lot_code(code: &str) -> bool {
    !code.is_empty()
        && code.chars().count() <= MAX_LOT_LEN
        && code
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_suggested_pattern() {
        assert_eq!(validate_lot_pattern("{site}-{YYMMDD}-{seq}"), Ok(18));
        assert!(is_valid_lot_code("AO03-250615-01"));
        assert!(!is_valid_lot_code("ao03 250615"));
    }

    #[test]
    fn refuses_bad_patterns() {
        use LotPatternError::*;
        assert_eq!(validate_lot_pattern(""), Err(Empty));
        assert_eq!(
            validate_lot_pattern("{pond}-{seq}"),
            Err(UnknownPlaceholder("pond".into()))
        );
        assert_eq!(
            validate_lot_pattern("{site-{seq}"),
            Err(UnknownPlaceholder("site-{seq".into()))
        );
        assert_eq!(validate_lot_pattern("{site"), Err(Unclosed));
        assert_eq!(validate_lot_pattern("lô-{seq}"), Err(BadCharacter('l')));
        assert_eq!(
            validate_lot_pattern("{site}-{YYYYMMDD}-{seq3}-X"),
            Err(TooLong(23))
        );
        assert_eq!(validate_lot_pattern("{site}{YYMMDD}"), Err(NoSequence));
    }
}
