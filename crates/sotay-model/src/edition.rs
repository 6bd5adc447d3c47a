//! Editions (ấn bản) and the distribution log (nhật ký phát hành).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A frozen, immutable edition of a handbook.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Edition {
    pub id: String,
    pub handbook_id: String,
    /// E.g. "1.0", "2025-1".
    pub label: String,
    /// YYYY-MM-DD.
    pub date: String,
    pub version: u32,
    pub title: String,
    pub created_by: String,
    pub created_at: String,
}

/// One file handed out: the copy's serial, recipient, format and hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct IssuedCopy {
    pub edition_id: String,
    pub serial: u32,
    pub recipient: String,
    pub unit: String,
    /// pdf-print | pdf-screen | html | epub.
    pub format: String,
    pub file_name: String,
    #[ts(type = "number")]
    pub bytes: u64,
    pub sha256: String,
    pub issued_at: String,
    pub note: String,
    /// The serial this copy replaces (a reprint of a lost copy).
    pub replaces: Option<u32>,
}
