//! The one way a command reads a text file the user names (a chapter, variables, a CSV, a
//! Markdown file to export): UTF-8 or a clear refusal, without the byte-order mark some editors
//! put first (it would otherwise become a literal "\u{feff}" at the start of a heading or a
//! CSV header), and `-` for standard input.

use std::io::Read;
use std::path::Path;

use crate::{Error, ErrorCode};

/// Reads `path` (standard input for `-`) as UTF-8 text without a leading byte-order mark.
pub fn read_text(path: &Path) -> Result<String, Error> {
    let mut bytes = Vec::new();
    let result = if path.as_os_str() == "-" {
        std::io::stdin().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::read(path).map(|b| bytes = b)
    };
    result.map_err(|e| {
        Error::localized(
            ErrorCode::InvalidInput,
            format!("Không đọc được tệp “{}”: {e}", path.display()),
            format!("Cannot read “{}”: {e}", path.display()),
        )
    })?;
    let text = String::from_utf8(bytes).map_err(|_| {
        Error::localized(
            ErrorCode::InvalidInput,
            format!(
                "Tệp “{}” không phải văn bản UTF-8; không thay đổi gì.",
                path.display()
            ),
            format!("“{}” is not UTF-8 text; nothing changed.", path.display()),
        )
    })?;
    Ok(match sotay_model::text::strip_bom(&text) {
        stripped if stripped.len() == text.len() => text,
        stripped => stripped.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_byte_order_mark_is_dropped_and_bad_bytes_refused() {
        let dir = tempfile::TempDir::new().unwrap();
        let p = dir.path().join("c.md");
        std::fs::write(&p, "\u{feff}# Giới thiệu chung\n").unwrap();
        assert_eq!(read_text(&p).unwrap(), "# Giới thiệu chung\n");
        std::fs::write(&p, b"\xff\xfe#").unwrap();
        let e = read_text(&p).unwrap_err();
        assert!(e
            .message(sotay_model::Lang::Vi)
            .contains("không phải văn bản UTF-8"));
    }
}
