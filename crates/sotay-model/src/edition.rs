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

/// The kind of a recipient of handbook copies, for counting the copies issued by kind in the
/// annual report. A recipients list may leave it out (the copy then counts as not classified).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RecipientKind {
    /// A provincial department or sector (sở, ngành).
    Department,
    /// A commune-level People's Committee (UBND cấp xã).
    Commune,
    /// A cooperative (hợp tác xã).
    Cooperative,
    /// An enterprise (doanh nghiệp).
    Enterprise,
    /// Anyone else (khác).
    Other,
}

impl RecipientKind {
    pub const ALL: [RecipientKind; 5] = [
        RecipientKind::Department,
        RecipientKind::Commune,
        RecipientKind::Cooperative,
        RecipientKind::Enterprise,
        RecipientKind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RecipientKind::Department => "department",
            RecipientKind::Commune => "commune",
            RecipientKind::Cooperative => "cooperative",
            RecipientKind::Enterprise => "enterprise",
            RecipientKind::Other => "other",
        }
    }

    pub fn label(self) -> crate::Localized {
        let (vi, en) = match self {
            RecipientKind::Department => ("Sở, ngành", "Department or sector"),
            RecipientKind::Commune => ("UBND cấp xã", "Commune People's Committee"),
            RecipientKind::Cooperative => ("Hợp tác xã", "Cooperative"),
            RecipientKind::Enterprise => ("Doanh nghiệp", "Enterprise"),
            RecipientKind::Other => ("Khác", "Other"),
        };
        crate::Localized::new(vi, en)
    }

    /// Every kind with its label, in the order a list offers them (the window's select).
    pub fn options() -> Vec<RecipientKindOption> {
        Self::ALL
            .iter()
            .map(|&kind| RecipientKindOption {
                kind,
                label: kind.label(),
            })
            .collect()
    }

    /// Reads a kind as a list gives it: its id ("cooperative"), its Vietnamese label or a
    /// usual short form ("htx", "dn", "ubnd xã", "sở"), marks and case ignored.
    pub fn parse(s: &str) -> Option<Self> {
        let f = crate::search::fold(s.trim()).text;
        let f = f.split_whitespace().collect::<Vec<_>>().join(" ");
        Some(match f.as_str() {
            "department" | "so" | "nganh" | "so, nganh" | "so/nganh" | "so nganh" => {
                RecipientKind::Department
            }
            "commune" | "xa" | "ubnd xa" | "ubnd cap xa" | "ubnd" => RecipientKind::Commune,
            "cooperative" | "htx" | "hop tac xa" => RecipientKind::Cooperative,
            "enterprise" | "dn" | "doanh nghiep" | "cong ty" => RecipientKind::Enterprise,
            "other" | "khac" => RecipientKind::Other,
            _ => return None,
        })
    }
}

/// A kind of recipient and its label (Vietnamese and English), as the window offers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RecipientKindOption {
    pub kind: RecipientKind,
    pub label: crate::Localized,
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
    /// The recipient's kind, when the recipients list gave it.
    #[serde(default)]
    pub kind: Option<RecipientKind>,
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

#[cfg(test)]
mod recipient_kind_tests {
    use super::RecipientKind as K;

    #[test]
    fn kinds_read_from_ids_labels_and_short_forms() {
        for k in K::ALL {
            assert_eq!(K::parse(k.as_str()), Some(k));
            assert_eq!(K::parse(&k.label().vi), Some(k));
        }
        assert_eq!(K::parse(" HTX "), Some(K::Cooperative));
        assert_eq!(K::parse("Doanh nghiệp"), Some(K::Enterprise));
        assert_eq!(K::parse("UBND  cấp xã"), Some(K::Commune));
        assert_eq!(K::parse("sở/ngành"), Some(K::Department));
        assert_eq!(K::parse("khác"), Some(K::Other));
        assert_eq!(K::parse("hộ gia đình"), None);
        assert_eq!(K::parse(""), None);
    }

    #[test]
    fn options_list_every_kind_once_with_its_label() {
        let options = K::options();
        assert_eq!(options.iter().map(|o| o.kind).collect::<Vec<_>>(), K::ALL);
        assert_eq!(options[2].label.vi, "Hợp tác xã");
        assert_eq!(options[0].label.en, "Department or sector");
    }
}
