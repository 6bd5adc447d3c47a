//! What the rest of the app knows of a handbook template (mẫu sổ tay); the template files
//! themselves are read by the `sotay-templates` crate.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::Localized;

/// One template in the catalogue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TemplateSummary {
    pub id: String,
    pub name: Localized,
    pub description: Localized,
    pub version: String,
    /// aquatic | crop | processed
    pub category: String,
    pub chapter_count: u32,
    pub variable_count: u32,
    /// Shipped with Sotay (as opposed to a user's folder).
    pub builtin: bool,
}
