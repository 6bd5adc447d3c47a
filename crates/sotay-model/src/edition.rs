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

/// What a non-commercial publication prints in its colophon (Luật Xuất bản 2012, Điều 27),
/// given per edition when it is first published; every field may be left empty (its line is
/// then left out, never invented).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct PublicationInfo {
    /// Giấy phép xuất bản: its number ("125/GP-STTTT") and date (YYYY-MM-DD).
    pub licence_number: String,
    pub licence_date: String,
    /// Chịu trách nhiệm xuất bản (the person, with their position).
    pub publishing_responsible: String,
    /// Chịu trách nhiệm nội dung.
    pub content_responsible: String,
    /// Khổ: "14,8 × 21 cm"; when empty the edition's paper.
    pub size: String,
    /// Số lượng in; when not given, the copies the recipients list asks for.
    #[ts(optional)]
    pub print_run: Option<u32>,
    /// Cơ sở in: name and address.
    pub printer: String,
    pub printer_address: String,
    /// Nộp lưu chiểu (YYYY-MM-DD).
    pub deposit_date: String,
}

impl PublicationInfo {
    /// Nothing given.
    pub fn is_empty(&self) -> bool {
        *self == PublicationInfo::default()
    }
}
