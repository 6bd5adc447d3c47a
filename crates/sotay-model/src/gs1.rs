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

#[cfg(test)]
mod tests {
    use super::*;

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
