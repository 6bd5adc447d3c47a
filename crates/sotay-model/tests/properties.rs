//! Property tests of the identifier parsers: they never panic on any input, and they accept
//! exactly what they should (a computed check digit always validates; one changed digit never).

use proptest::prelude::*;
use sotay_model::{gs1, lot};

proptest! {
    #[test]
    fn scanners_and_parsers_never_panic(s in "\\PC{0,300}") {
        let _ = gs1::scan_text(&s);
        let _ = gs1::parse_digital_link(&s);
        let _ = lot::validate_lot_pattern(&s);
        let _ = gs1::validate_gtin(&s);
        let _ = sotay_model::text::slug(&s);
        let _ = sotay_model::diagnostic::line_col(&s, s.len() / 2);
    }

    #[test]
    fn links_with_arbitrary_paths_never_panic(path in "[0-9A-Za-z/%?=&.\\-]{0,80}") {
        let _ = gs1::parse_digital_link(&format!("https://id.gs1.org/{path}"));
        let _ = gs1::scan_text(&format!("xem https://id.gs1.org/01/{path} và GTIN {path}"));
    }

    #[test]
    fn computed_check_digits_validate_and_single_digit_changes_do_not(
        data in proptest::collection::vec(0u8..10, 12),
        pos in 0usize..13,
        delta in 1u8..10,
    ) {
        let mut digits: Vec<u8> = data.iter().map(|d| b'0' + d).collect();
        digits.push(b'0' + gs1::check_digit(&digits));
        let gtin = String::from_utf8(digits.clone()).unwrap();
        prop_assert!(gs1::validate_gtin(&gtin).is_ok());
        prop_assert!(gs1::validate_gln(&gtin).is_ok());
        let link = format!("https://id.gs1.org/01/{gtin}/10/LOT1");
        prop_assert!(gs1::parse_digital_link(&link).is_ok());
        // The mod-10 check detects every single-digit error.
        let mut wrong = digits;
        wrong[pos] = b'0' + (wrong[pos] - b'0' + delta) % 10;
        prop_assert!(gs1::validate_gtin(std::str::from_utf8(&wrong).unwrap()).is_err());
    }

    #[test]
    fn valid_lot_patterns_produce_short_codes(site in "[A-Z0-9]{0,4}", sep in "-?") {
        let pattern = format!("{site}{sep}{{YYMMDD}}{sep}{{seq}}");
        let len = lot::validate_lot_pattern(&pattern).unwrap();
        prop_assert!(len <= lot::MAX_LOT_LEN);
    }
}
