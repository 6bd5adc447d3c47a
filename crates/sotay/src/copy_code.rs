//! The copies' QR codes (issue 17): the verification address the department sets, the code
//! each distributed copy carries, and checking a scanned code offline against the editions and
//! the distribution log of this workspace. The format is `sotay_model::copy_code` (documented
//! in `docs/copy-code.md`).

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sotay_model::copy_code::{check_address, CopyCode};
use sotay_model::edition::{Edition, IssuedCopy};
use ts_rs::TS;

use crate::{Error, ErrorCode, Workspace};

/// The verification address printed in copies' QR codes (empty: none set).
const SETTING_ADDRESS: &str = "publish.verify_address";

/// What a scanned code turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum QrStatus {
    /// A copy of an edition of this workspace, with this serial, issued to someone.
    Genuine,
    /// No edition of this workspace has that id (another office's copy, or a made-up code).
    UnknownEdition,
    /// The edition is here but the check code does not match its serial: the serial, the
    /// edition or the check code was changed.
    Altered,
    /// The check code matches but the distribution log has no copy with this serial.
    NotIssued,
}

/// The result of `sotay verify --qr TEXT` and of the window's check of a pasted code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct QrVerifyReport {
    pub genuine: bool,
    pub status: QrStatus,
    /// The fields read from the code.
    pub code: CopyCode,
    /// The edition named, when it is in this workspace.
    pub edition: Option<Edition>,
    /// The copies with this serial in the distribution log (one per format); empty unless
    /// genuine.
    pub copies: Vec<IssuedCopy>,
}

/// The SHA-256 of an edition's frozen content (its snapshot as stored, serialised again):
/// what the copies' check codes are computed from.
pub(crate) fn content_hash(snapshot: &Value) -> String {
    crate::sha256_hex(&serde_json::to_vec(snapshot).unwrap_or_default())
}

fn bad(l: sotay_model::Localized) -> Error {
    Error::localized(ErrorCode::InvalidInput, l.vi, l.en)
}

impl Workspace {
    /// The verification address printed in copies' QR codes; `None` until the department sets
    /// one (copies then carry the offline `SOTAY1:…` code).
    pub fn verification_address(&self) -> Result<Option<String>, Error> {
        Ok(self
            .store
            .setting(SETTING_ADDRESS)?
            .filter(|a| !a.trim().is_empty()))
    }

    /// Sets (an `https://` address, checked) or clears (`None` or blank) the verification
    /// address. A refused address changes nothing.
    pub fn set_verification_address(
        &mut self,
        address: Option<&str>,
    ) -> Result<Option<String>, Error> {
        let clean = match address.map(str::trim).filter(|a| !a.is_empty()) {
            None => None,
            Some(a) => Some(check_address(a).map_err(bad)?),
        };
        self.store
            .set_setting(SETTING_ADDRESS, clean.as_deref().unwrap_or(""))?;
        Ok(clean)
    }

    /// The address a publishing run prints: the one asked for (`""`: none, the offline code),
    /// else the setting.
    pub(crate) fn copy_address(&self, asked: Option<&str>) -> Result<Option<String>, Error> {
        match asked.map(str::trim) {
            Some("") => Ok(None),
            Some(a) => Ok(Some(check_address(a).map_err(bad)?)),
            None => self.verification_address(),
        }
    }

    /// The address an edition's copies carry: the one recorded when it was first published
    /// (so reprints and reproductions carry the same kind of code, byte for byte), else
    /// `address` (what the run asked for or the setting). A run that asks (`asked`) for
    /// another than the recorded one is refused.
    pub(crate) fn edition_copy_address(
        &self,
        edition: &Edition,
        address: Option<String>,
        asked: bool,
    ) -> Result<Option<String>, Error> {
        let Some(recorded) = self.store.edition_qr_address(&edition.id)? else {
            return Ok(address);
        };
        let recorded = (!recorded.is_empty()).then_some(recorded);
        if asked && recorded != address {
            let said = |a: &Option<String>, vi: bool| match (a, vi) {
                (Some(a), _) => a.clone(),
                (None, true) => "mã xác thực ngoại tuyến SOTAY1".to_owned(),
                (None, false) => "the offline code SOTAY1".to_owned(),
            };
            return Err(Error::localized(
                ErrorCode::InvalidInput,
                format!(
                    "Các bản của ấn bản “{}” đã mang mã QR theo {}; bản in thêm hay tái tạo giữ như vậy. Bỏ --qr-base, hoặc phát hành ấn bản mới với nhãn mới. Không tạo tệp nào.",
                    edition.label,
                    said(&recorded, true)
                ),
                format!(
                    "The copies of edition “{}” carry QR codes with {}; reprints and reproductions keep it. Leave out --qr-base, or publish a new edition with a new label. Nothing was produced.",
                    edition.label,
                    said(&recorded, false)
                ),
            ));
        }
        Ok(recorded)
    }

    /// Checks a copy's QR code as scanned (either form), offline: the edition must be in this
    /// workspace, the check code must be the one its content gives for that serial, and the
    /// serial must be in the distribution log. A text that is no copy's code at all is bad
    /// input.
    pub fn verify_qr(&self, text: &str) -> Result<QrVerifyReport, Error> {
        let code = CopyCode::decode(text).map_err(bad)?;
        let (edition, snapshot) = match self.store.edition(&code.edition_id) {
            Ok(found) => found,
            Err(sotay_store::StoreError::NotFound { .. }) => {
                return Ok(QrVerifyReport {
                    genuine: false,
                    status: QrStatus::UnknownEdition,
                    code,
                    edition: None,
                    copies: Vec::new(),
                })
            }
            Err(e) => return Err(e.into()),
        };
        let status = if !code.matches(&content_hash(&snapshot)) {
            QrStatus::Altered
        } else if self
            .store
            .copies(&edition.id)?
            .iter()
            .any(|c| c.serial == code.serial)
        {
            QrStatus::Genuine
        } else {
            QrStatus::NotIssued
        };
        let copies = if status == QrStatus::Genuine {
            self.store
                .copies(&edition.id)?
                .into_iter()
                .filter(|c| c.serial == code.serial)
                .collect()
        } else {
            Vec::new()
        };
        Ok(QrVerifyReport {
            genuine: status == QrStatus::Genuine,
            status,
            code,
            edition: Some(edition),
            copies,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ws() -> (tempfile::TempDir, Workspace) {
        let dir = tempfile::TempDir::new().unwrap();
        let ws = Workspace::open(
            &dir.path().join("w.db"),
            std::sync::Arc::new(crate::SystemClock),
        )
        .unwrap();
        (dir, ws)
    }

    #[test]
    fn the_address_is_checked_stored_and_cleared() {
        let (_dir, mut ws) = ws();
        assert_eq!(ws.verification_address().unwrap(), None);
        assert_eq!(ws.copy_address(None).unwrap(), None);
        let err = ws
            .set_verification_address(Some("http://txng.angiang.gov.vn"))
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidInput);
        assert_eq!(ws.verification_address().unwrap(), None, "nothing stored");
        let set = ws
            .set_verification_address(Some(" https://txng.angiang.gov.vn/kiem-tra/ "))
            .unwrap();
        assert_eq!(set.as_deref(), Some("https://txng.angiang.gov.vn/kiem-tra"));
        assert_eq!(ws.verification_address().unwrap(), set);
        // A run uses the setting unless it names another address, or "" for none.
        assert_eq!(ws.copy_address(None).unwrap(), set);
        assert_eq!(ws.copy_address(Some("")).unwrap(), None);
        assert_eq!(
            ws.copy_address(Some("https://kt.vn/e")).unwrap().as_deref(),
            Some("https://kt.vn/e")
        );
        assert!(ws.copy_address(Some("https://sotay.invalid/e")).is_err());
        assert_eq!(ws.set_verification_address(Some("  ")).unwrap(), None);
        assert_eq!(ws.verification_address().unwrap(), None);
    }

    #[test]
    fn a_published_copys_code_is_genuine_and_every_other_code_is_not() {
        let (dir, mut ws) = ws();
        let h = ws
            .create_handbook(&crate::NewHandbookRequest {
                template_id: "lua-gao".into(),
                ..Default::default()
            })
            .unwrap()
            .id;
        ws.set_status(&h, sotay_model::HandbookStatus::Review, "")
            .unwrap();
        ws.set_status(&h, sotay_model::HandbookStatus::Approved, "")
            .unwrap();
        let req: crate::PublishRequest = serde_json::from_value(serde_json::json!({
            "handbook": h, "label": "1.0", "date": "2026-01-15", "formats": ["html"],
            "paper": "a4", "out_dir": dir.path().join("ra"),
            "recipients": [{ "name": "HTX Thuận Hòa", "unit": "", "copies": 2 }],
        }))
        .unwrap();
        let report = ws
            .publish(&req, &|_, _| {}, &std::sync::atomic::AtomicBool::new(false))
            .unwrap();
        let edition = report.edition.id.clone();
        let qr = report.files[1].qr.clone().unwrap();
        let genuine = ws.verify_qr(&qr).unwrap();
        assert_eq!(genuine.status, QrStatus::Genuine);
        assert_eq!(genuine.copies[0].serial, 2);
        assert_eq!(genuine.copies[0].recipient, "HTX Thuận Hòa");
        // The check code is the one the frozen content gives.
        let content = content_hash(&ws.store.edition(&edition).unwrap().1);
        assert_eq!(
            CopyCode::new(&edition, 2, &content, None).encode(),
            qr,
            "the code is computed from the edition's content"
        );
        // A correct code for a serial the log never issued.
        let unissued = CopyCode::new(&edition, 7, &content, None).encode();
        assert_eq!(ws.verify_qr(&unissued).unwrap().status, QrStatus::NotIssued);
        // The same serial with the code of another content.
        let other = CopyCode::new(&edition, 2, &"0".repeat(64), None).encode();
        let altered = ws.verify_qr(&other).unwrap();
        assert_eq!(altered.status, QrStatus::Altered);
        assert!(!altered.genuine && altered.copies.is_empty());
        assert_eq!(altered.edition.unwrap().label, "1.0");
        // The edition's kind of code was recorded with it.
        assert_eq!(
            ws.store.edition_qr_address(&edition).unwrap().as_deref(),
            Some("")
        );
    }

    #[test]
    fn the_offline_code_fits_a_small_qr_symbol() {
        // 64 characters of the alphanumeric mode: version 4 (33 × 33 modules) at level M, as
        // docs/copy-code.md says; in bytes it would need version 5.
        let code = CopyCode::new("0199f0a2-7c3b-7d10-9e4a-2b1c3d4e5f60", 3, "ab", None).encode();
        assert_eq!(code.len(), 64);
        assert_eq!(sotay_doc::qr::matrix(&code).unwrap().width, 33);
        assert_eq!(
            sotay_doc::qr::matrix(&code.to_lowercase()).unwrap().width,
            37
        );
    }

    #[test]
    fn a_code_of_no_edition_here_is_unknown_and_garbage_is_bad_input() {
        let (_dir, ws) = ws();
        let code = CopyCode::new("0199f0a2-7c3b-7d10-9e4a-2b1c3d4e5f60", 3, "ab", None);
        let r = ws.verify_qr(&code.encode()).unwrap();
        assert_eq!(r.status, QrStatus::UnknownEdition);
        assert!(!r.genuine);
        assert_eq!(r.code.serial, 3);
        let e = ws
            .verify_qr("https://id.gs1.org/01/08931234567897")
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidInput);
    }
}
