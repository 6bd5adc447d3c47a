//! What a distributed copy's QR code holds (issue 17), and how it is checked offline.
//!
//! Every per-recipient copy carries, in its colophon's QR code, the edition it belongs to, its
//! serial and a digest. Two forms, one content (described in `docs/copy-code.md`):
//!
//! - no verification address set: the text `SOTAY1:<EDITION-ID>:<SERIAL>:<DIGEST>`, all in
//!   capitals so a QR code stores it in its compact alphanumeric mode, e.g.
//!   `SOTAY1:0199F0A2-7C3B-7D10-9E4A-2B1C3D4E5F60:003:9F2C61D0A47B3E15`;
//! - an address set (`https://…`, the department's verification page): the URL
//!   `<address>/<edition-id>/<serial>?v=1&d=<digest>`.
//!
//! The digest is the first 16 hexadecimal digits of SHA-256 over
//! `SOTAY1\n<edition id, lower case>\n<serial, decimal>\n<SHA-256 of the edition's frozen
//! content, lower-case hex>`. Whoever holds the edition (its frozen content) recomputes it, so
//! `sotay verify --qr` decides without a network that the code names a copy of that edition with
//! that serial; a changed serial, edition or digest no longer matches. It is a check, not a
//! signature: it binds the code to the edition's content, which only the workspaces holding the
//! edition know.

use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};
use ts_rs::TS;

use crate::Localized;

/// The version tag of the text form (and `v=1` in the URL form).
pub const VERSION: &str = "SOTAY1";

/// Hexadecimal digits of the digest (64 bits).
pub const DIGEST_LEN: usize = 16;

/// The fields a copy's QR code carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CopyCode {
    /// The edition's id (lower case, as stored).
    pub edition_id: String,
    pub serial: u32,
    /// [`DIGEST_LEN`] hexadecimal digits, upper case.
    pub digest: String,
    /// The verification address the code was printed with (the URL form), without the fields.
    pub address: Option<String>,
}

/// The digest of copy `serial` of the edition `edition_id` whose frozen content hashes to
/// `content_sha256` (hex).
pub fn digest(edition_id: &str, serial: u32, content_sha256: &str) -> String {
    let mut h = Sha256::new();
    h.update(VERSION.as_bytes());
    h.update(b"\n");
    h.update(edition_id.trim().to_lowercase().as_bytes());
    h.update(b"\n");
    h.update(serial.to_string().as_bytes());
    h.update(b"\n");
    h.update(content_sha256.trim().to_lowercase().as_bytes());
    let out = h.finalize();
    let mut hex = String::with_capacity(DIGEST_LEN);
    for b in out.iter().take(DIGEST_LEN / 2) {
        hex.push_str(&format!("{b:02X}"));
    }
    hex
}

impl CopyCode {
    /// The code of copy `serial` of an edition, with its digest computed.
    pub fn new(edition_id: &str, serial: u32, content_sha256: &str, address: Option<&str>) -> Self {
        CopyCode {
            edition_id: edition_id.trim().to_lowercase(),
            serial,
            digest: digest(edition_id, serial, content_sha256),
            address: address.map(|a| a.trim_end_matches('/').to_owned()),
        }
    }

    /// Whether the digest is the one the edition's content gives for this edition and serial.
    pub fn matches(&self, content_sha256: &str) -> bool {
        self.digest == digest(&self.edition_id, self.serial, content_sha256)
    }

    /// The text the QR code holds: the URL when an address is set, else `SOTAY1:…`.
    pub fn encode(&self) -> String {
        match &self.address {
            Some(a) => format!(
                "{a}/{}/{:03}?v=1&d={}",
                self.edition_id, self.serial, self.digest
            ),
            None => format!(
                "{VERSION}:{}:{:03}:{}",
                self.edition_id.to_uppercase(),
                self.serial,
                self.digest
            ),
        }
    }

    /// Reads a code in either form (spaces around it, letter case and a trailing newline as a
    /// scanner may give them do not matter). Anything else is refused with a message saying
    /// what is wrong.
    pub fn decode(text: &str) -> Result<CopyCode, Localized> {
        let text = text.trim();
        if text.is_empty() {
            return Err(Localized::new(
                "Chưa có nội dung mã QR.",
                "The QR text is empty.",
            ));
        }
        if text.len() > 2000 {
            return Err(not_ours());
        }
        let lower = text.to_ascii_lowercase();
        if lower.starts_with("https://") || lower.starts_with("http://") {
            return decode_url(text);
        }
        let parts: Vec<&str> = text.split(':').collect();
        match parts.as_slice() {
            [v, edition, serial, digest] if v.eq_ignore_ascii_case(VERSION) => {
                Ok(CopyCode {
                    edition_id: edition_id(edition)?,
                    serial: serial_of(serial)?,
                    digest: digest_of(digest)?,
                    address: None,
                })
            }
            [v, ..] if v.len() >= 5 && v[..5].eq_ignore_ascii_case("SOTAY") => {
                Err(Localized::new(
                    format!("Mã QR theo định dạng “{v}” mà bản Sotay này không đọc được, hoặc thiếu trường (cần {VERSION}:mã ấn bản:bản số:mã xác thực)."),
                    format!("A QR code in format “{v}”, which this Sotay cannot read, or with fields missing ({VERSION}:edition:serial:authenticity code expected)."),
                ))
            }
            _ => Err(not_ours()),
        }
    }
}

fn not_ours() -> Localized {
    Localized::new(
        format!("Đây không phải mã QR của một bản sổ tay do Sotay phát hành (mã bắt đầu bằng “{VERSION}:” hoặc là địa chỉ kiểm tra của Sở)."),
        format!("This is not the QR code of a handbook copy issued by Sotay (such a code starts with “{VERSION}:” or is the department's verification address)."),
    )
}

fn edition_id(s: &str) -> Result<String, Localized> {
    let s = s.trim();
    if s.is_empty() || s.len() > 64 || !s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(Localized::new(
            format!("Mã ấn bản “{s}” trong mã QR không hợp lệ."),
            format!("The edition id “{s}” in the QR code is not valid."),
        ));
    }
    Ok(s.to_ascii_lowercase())
}

fn serial_of(s: &str) -> Result<u32, Localized> {
    let s = s.trim();
    match s.parse::<u32>() {
        Ok(n) if n >= 1 && s.len() <= 9 && s.chars().all(|c| c.is_ascii_digit()) => Ok(n),
        _ => Err(Localized::new(
            format!("Bản số “{s}” trong mã QR không hợp lệ (một số từ 1 trở lên)."),
            format!("The serial “{s}” in the QR code is not valid (a number from 1)."),
        )),
    }
}

fn digest_of(s: &str) -> Result<String, Localized> {
    let s = s.trim();
    if s.len() != DIGEST_LEN || !s.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(Localized::new(
            format!("Mã xác thực “{s}” trong mã QR không hợp lệ (cần {DIGEST_LEN} ký tự 0–9, A–F)."),
            format!("The authenticity code “{s}” in the QR code is not valid ({DIGEST_LEN} characters 0–9, A–F expected)."),
        ));
    }
    Ok(s.to_ascii_uppercase())
}

/// `<address>/<edition-id>/<serial>?v=1&d=<digest>`.
fn decode_url(text: &str) -> Result<CopyCode, Localized> {
    let url = url::Url::parse(text).map_err(|_| not_ours())?;
    let mut v = None;
    let mut d = None;
    for (k, val) in url.query_pairs() {
        match k.as_ref() {
            "v" => v = Some(val.into_owned()),
            "d" => d = Some(val.into_owned()),
            _ => {}
        }
    }
    let Some(d) = d else {
        return Err(not_ours());
    };
    if let Some(v) = v.filter(|v| v != "1") {
        return Err(Localized::new(
            format!("Mã QR theo định dạng v={v} mà bản Sotay này không đọc được."),
            format!("A QR code in format v={v}, which this Sotay cannot read."),
        ));
    }
    let segments: Vec<&str> = url
        .path_segments()
        .map(|s| s.filter(|p| !p.is_empty()).collect())
        .unwrap_or_default();
    let [base @ .., edition, serial] = segments.as_slice() else {
        return Err(not_ours());
    };
    let mut address = url.clone();
    address.set_query(None);
    address.set_fragment(None);
    address.set_path(&base.join("/"));
    Ok(CopyCode {
        edition_id: edition_id(edition)?,
        serial: serial_of(serial)?,
        digest: digest_of(&d)?,
        address: Some(address.as_str().trim_end_matches('/').to_owned()),
    })
}

/// Checks a verification address as the department enters it: an `https://` URL with a host,
/// no query or fragment (the copy's fields are added to it), at most 200 characters. Returns
/// it without a trailing `/`.
pub fn check_address(text: &str) -> Result<String, Localized> {
    let t = text.trim();
    let refuse = |why_vi: &str, why_en: &str| {
        Localized::new(
            format!("Địa chỉ kiểm tra “{t}” không dùng được: {why_vi}. Ví dụ: https://txng.angiang.gov.vn/kiem-tra"),
            format!("The verification address “{t}” cannot be used: {why_en}. For example: https://txng.angiang.gov.vn/kiem-tra"),
        )
    };
    if t.chars().count() > 200 {
        return Err(refuse("dài quá 200 ký tự", "longer than 200 characters"));
    }
    let url = url::Url::parse(t).map_err(|_| {
        refuse(
            "không phải một địa chỉ web đầy đủ",
            "it is not a complete web address",
        )
    })?;
    if url.scheme() != "https" {
        return Err(refuse(
            "phải bắt đầu bằng https://",
            "it must start with https://",
        ));
    }
    match url.host_str() {
        Some(h) if h.contains('.') && !h.ends_with(".invalid") && h != "example.invalid" => {}
        _ => {
            return Err(refuse(
                "thiếu tên miền hợp lệ",
                "it has no valid domain name",
            ))
        }
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(refuse(
            "không được có phần “?…” hay “#…” (Sotay thêm mã ấn bản, bản số và mã xác thực vào sau)",
            "it may not have a “?…” or “#…” part (Sotay appends the edition, serial and authenticity code)",
        ));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(refuse(
            "không được chứa tên đăng nhập hay mật khẩu",
            "it may not contain a user name or password",
        ));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ED: &str = "0199f0a2-7c3b-7d10-9e4a-2b1c3d4e5f60";
    const CONTENT: &str = "3f79bb7b435b05321651daefd374cdc681dc06faa65e374e38337b88ca046dea";

    #[test]
    fn the_text_form_round_trips_in_capitals() {
        let c = CopyCode::new(ED, 3, CONTENT, None);
        let text = c.encode();
        assert!(
            text.starts_with("SOTAY1:0199F0A2-7C3B-7D10-9E4A-2B1C3D4E5F60:003:"),
            "{text}"
        );
        assert_eq!(text.len(), 7 + 36 + 1 + 3 + 1 + DIGEST_LEN);
        // Only characters of the QR alphanumeric mode.
        assert!(text
            .chars()
            .all(|ch| ch.is_ascii_digit() || ch.is_ascii_uppercase() || " $%*+-./:".contains(ch)));
        let back = CopyCode::decode(&format!("  {}\n", text.to_lowercase())).unwrap();
        assert_eq!(back, c);
        assert!(back.matches(CONTENT));
    }

    #[test]
    fn the_url_form_carries_the_same_fields() {
        let c = CopyCode::new(
            ED,
            12,
            CONTENT,
            Some("https://txng.angiang.gov.vn/kiem-tra/"),
        );
        let text = c.encode();
        assert_eq!(
            text,
            format!(
                "https://txng.angiang.gov.vn/kiem-tra/{ED}/012?v=1&d={}",
                c.digest
            )
        );
        let back = CopyCode::decode(&text).unwrap();
        assert_eq!(back, c);
        assert_eq!(
            back.address.as_deref(),
            Some("https://txng.angiang.gov.vn/kiem-tra")
        );
        // An address at the root of its host.
        let root = CopyCode::new(ED, 1, CONTENT, Some("https://kt.vn"));
        assert_eq!(CopyCode::decode(&root.encode()).unwrap(), root);
    }

    #[test]
    fn the_digest_depends_on_edition_serial_and_content() {
        let d = digest(ED, 3, CONTENT);
        assert_eq!(d.len(), DIGEST_LEN);
        assert_eq!(d, digest(&ED.to_uppercase(), 3, &CONTENT.to_uppercase()));
        assert_ne!(d, digest(ED, 4, CONTENT));
        assert_ne!(
            d,
            digest("0199f0a2-7c3b-7d10-9e4a-2b1c3d4e5f61", 3, CONTENT)
        );
        let mut other = CONTENT.to_owned();
        other.replace_range(0..1, "4");
        assert_ne!(d, digest(ED, 3, &other));
        let c = CopyCode::new(ED, 3, CONTENT, None);
        let tampered = CopyCode {
            serial: 4,
            ..c.clone()
        };
        assert!(!tampered.matches(CONTENT));
        assert!(!c.matches(&other));
    }

    #[test]
    fn a_pinned_digest() {
        // sha256("SOTAY1\n<ED>\n3\n<CONTENT>"), first 8 bytes — computed independently with
        // `printf 'SOTAY1\n%s\n3\n%s' ED CONTENT | sha256sum`.
        assert_eq!(digest(ED, 3, CONTENT), "AE9CF243C28D67A6");
    }

    #[test]
    fn bad_texts_are_refused_with_a_reason() {
        let e = |t: &str| CopyCode::decode(t).unwrap_err().vi;
        assert!(e("").contains("Chưa có"));
        assert!(e("https://id.gs1.org/01/08931234567897").contains("không phải mã QR"));
        assert!(e("hello").contains("không phải mã QR"));
        assert!(e("SOTAY2:a:1:0000000000000000").contains("SOTAY2"));
        assert!(e("SOTAY1:abc:003").contains("thiếu trường"));
        assert!(e("SOTAY1:abc:0:0000000000000000").contains("Bản số"));
        assert!(e("SOTAY1:abc:x1:0000000000000000").contains("Bản số"));
        assert!(e("SOTAY1:abc:001:00000000000000").contains("Mã xác thực"));
        assert!(e("SOTAY1:abc:001:000000000000000G").contains("Mã xác thực"));
        assert!(e("SOTAY1:a b:001:0000000000000000").contains("Mã ấn bản"));
        assert!(e("https://kt.vn/abc/001?v=2&d=0000000000000000").contains("v=2"));
        assert!(e("https://kt.vn/e/abc/x?d=0000000000000000").contains("Bản số"));
        assert!(e("https://kt.vn/abc?d=0000000000000000").contains("không phải mã QR"));
    }

    #[test]
    fn addresses_are_https_urls_without_query() {
        assert_eq!(
            check_address(" https://txng.angiang.gov.vn/kiem-tra/ ").unwrap(),
            "https://txng.angiang.gov.vn/kiem-tra"
        );
        assert_eq!(check_address("https://kt.vn").unwrap(), "https://kt.vn");
        for bad in [
            "http://txng.angiang.gov.vn",
            "txng.angiang.gov.vn",
            "https://",
            "https://localhost/x",
            "https://sotay.invalid/e",
            "https://kt.vn/x?a=1",
            "https://kt.vn/x#a",
            "https://u:p@kt.vn/x",
            "ftp://kt.vn",
        ] {
            assert!(check_address(bad).is_err(), "{bad}");
        }
        assert!(check_address(&format!("https://kt.vn/{}", "a".repeat(200))).is_err());
        assert!(check_address("http://kt.vn")
            .unwrap_err()
            .vi
            .contains("https://"));
    }
}
