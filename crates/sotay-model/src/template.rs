//! What the rest of the app knows of a handbook template (mẫu sổ tay); the template files
//! themselves are read by the `sotay-templates` crate.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::Localized;

/// The largest magnitude a number variable may have when its template declares no `min`/`max`
/// (a trillion: more than any weight, area or count in a handbook, small enough to print).
/// Numbers are always finite: NaN and infinities are refused at input.
pub const NUMBER_LIMIT: f64 = 1e12;

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

/// The type of a template variable or of a table column (DOMAIN.md §B).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum VariableKind {
    Text,
    Multiline,
    Date,
    Number,
    Enum,
    Gtin,
    Gln,
    Gs1Prefix,
    LotPattern,
    Address,
    Person,
    Table,
}

impl VariableKind {
    /// The name used in `template.toml`.
    pub fn as_str(self) -> &'static str {
        match self {
            VariableKind::Text => "text",
            VariableKind::Multiline => "multiline",
            VariableKind::Date => "date",
            VariableKind::Number => "number",
            VariableKind::Enum => "enum",
            VariableKind::Gtin => "gtin",
            VariableKind::Gln => "gln",
            VariableKind::Gs1Prefix => "gs1_prefix",
            VariableKind::LotPattern => "lot_pattern",
            VariableKind::Address => "address",
            VariableKind::Person => "person",
            VariableKind::Table => "table",
        }
    }
}

/// One choice of an `enum` variable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct EnumOption {
    pub value: String,
    pub label: Localized,
}

/// One column of a `table` variable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ColumnDef {
    pub key: String,
    #[serde(rename = "type")]
    pub kind: VariableKind,
    pub label: Localized,
    #[serde(default)]
    pub help: Localized,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub min: Option<f64>,
    #[serde(default)]
    pub max: Option<f64>,
    #[serde(default)]
    pub max_len: Option<u32>,
    /// A regular expression the whole text must match.
    #[serde(default)]
    pub pattern: Option<String>,
    #[serde(default)]
    pub options: Vec<EnumOption>,
}

/// One typed variable (biến) of a template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct VariableDef {
    /// Dotted path, e.g. `product.gtin`.
    pub key: String,
    #[serde(rename = "type")]
    pub kind: VariableKind,
    #[serde(default)]
    pub required: bool,
    pub label: Localized,
    #[serde(default)]
    pub help: Localized,
    /// Unit of a `number` (e.g. `kg`, `ha`, `giờ`).
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub min: Option<f64>,
    #[serde(default)]
    pub max: Option<f64>,
    #[serde(default)]
    pub max_len: Option<u32>,
    /// A regular expression the whole text must match.
    #[serde(default)]
    pub pattern: Option<String>,
    /// Choices of an `enum`.
    #[serde(default)]
    pub options: Vec<EnumOption>,
    /// Columns of a `table`.
    #[serde(default)]
    pub columns: Vec<ColumnDef>,
    #[serde(default)]
    #[ts(type = "unknown")]
    pub default: Option<serde_json::Value>,
}

impl VariableDef {
    /// The same constraints seen as a column (to validate a scalar value and a table cell alike).
    pub fn as_column(&self) -> ColumnDef {
        ColumnDef {
            key: self.key.clone(),
            kind: self.kind,
            label: self.label.clone(),
            help: self.help.clone(),
            required: self.required,
            unit: self.unit.clone(),
            min: self.min,
            max: self.max,
            max_len: self.max_len,
            pattern: self.pattern.clone(),
            options: self.options.clone(),
        }
    }
}

/// One chapter of a template, as the new-handbook wizard shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TemplateChapter {
    pub key: String,
    pub title: Localized,
    pub level: crate::ChapterLevel,
}

/// A record form (biểu mẫu) of a template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TemplateForm {
    /// As printed on the form, e.g. `BM-03`.
    pub id: String,
    pub title: Localized,
    /// The chapter that holds its printable table.
    pub chapter: String,
}

/// A template with everything the new-handbook wizard needs: its typed variables, chapters and
/// sample values (the defaults of the wizard's form).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TemplateDetail {
    pub summary: TemplateSummary,
    pub variables: Vec<VariableDef>,
    pub chapters: Vec<TemplateChapter>,
    /// The record forms (biểu mẫu) of the annex.
    pub forms: Vec<TemplateForm>,
    #[ts(type = "Record<string, unknown>")]
    pub sample_vars: serde_json::Value,
}
