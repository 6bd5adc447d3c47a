//! Pilot models (mô hình thí điểm): the cooperative and the enterprise that apply the handbook.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::Localized;

/// What kind of organisation runs a pilot model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PilotKind {
    /// Hợp tác xã (HTX).
    Cooperative,
    /// Doanh nghiệp (DN).
    Enterprise,
    /// Tổ hợp tác / nhóm hộ.
    HouseholdGroup,
}

impl PilotKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PilotKind::Cooperative => "cooperative",
            PilotKind::Enterprise => "enterprise",
            PilotKind::HouseholdGroup => "household_group",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "cooperative" => Some(PilotKind::Cooperative),
            "enterprise" => Some(PilotKind::Enterprise),
            "household_group" => Some(PilotKind::HouseholdGroup),
            _ => None,
        }
    }

    pub fn label(self) -> Localized {
        match self {
            PilotKind::Cooperative => Localized::new("Hợp tác xã", "Cooperative"),
            PilotKind::Enterprise => Localized::new("Doanh nghiệp", "Enterprise"),
            PilotKind::HouseholdGroup => Localized::new("Tổ hợp tác", "Household group"),
        }
    }
}

/// A Vietnamese address after the 2025 reform: province and commune/ward, with the district of
/// the old three-tier system kept only for reference (Kiên Giang became part of An Giang in 2025).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
pub struct Address {
    pub province: String,
    pub commune: String,
    pub legacy_district: Option<String>,
}

impl Address {
    /// As a document writes it: "xã An Minh, An Giang (trước đây: huyện An Minh)"; blank parts
    /// left out.
    pub fn written(&self) -> String {
        let mut out = [self.commune.trim(), self.province.trim()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ");
        if let Some(d) = &self.legacy_district {
            out.push_str(&format!(" (trước đây: {d})"));
        }
        out
    }
}

/// A pilot model as listed and shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PilotModel {
    pub id: String,
    pub name: String,
    pub kind: PilotKind,
    pub address: Address,
    pub contact: String,
    /// The handbook this pilot applies, if chosen.
    pub handbook_id: Option<String>,
    /// RFC 3339, UTC.
    pub created_at: String,
}

/// A pilot model about to be stored.
#[derive(Debug, Clone, PartialEq)]
pub struct NewPilotModel {
    pub id: String,
    pub name: String,
    pub kind: PilotKind,
    pub address: Address,
    pub contact: String,
    pub handbook_id: Option<String>,
    pub created_at: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_written_with_its_former_district() {
        let a = Address {
            province: "An Giang".into(),
            commune: "xã An Minh".into(),
            legacy_district: Some("huyện An Minh".into()),
        };
        assert_eq!(
            a.written(),
            "xã An Minh, An Giang (trước đây: huyện An Minh)"
        );
        let bare = Address {
            province: "An Giang".into(),
            ..Address::default()
        };
        assert_eq!(bare.written(), "An Giang");
    }
}
