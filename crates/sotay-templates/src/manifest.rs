//! `template.toml`: a template's identity, typed variables, chapters and record forms.
//! The format is documented for template authors in `docs/templates.md`.

use serde::Deserialize;
use sotay_model::{ChapterLevel, Localized};

/// The parsed manifest of one template.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub id: String,
    pub version: String,
    pub category: Category,
    /// Tera expression for a new handbook's default title.
    pub title: String,
    pub name: Localized,
    #[serde(default)]
    pub description: Localized,
    #[serde(default)]
    pub variables: Vec<VariableDef>,
    pub chapters: Vec<ChapterDef>,
    #[serde(default)]
    pub forms: Vec<FormDef>,
}

/// The product family a template is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Aquatic,
    Crop,
    Processed,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Aquatic => "aquatic",
            Category::Crop => "crop",
            Category::Processed => "processed",
        }
    }
}

/// One typed variable (biến) of a template.
#[derive(Debug, Clone, Deserialize)]
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
    /// Regular-expression-free constraints on `text`.
    #[serde(default)]
    pub max_len: Option<usize>,
    #[serde(default)]
    pub pattern: Option<String>,
    /// Choices of an `enum`.
    #[serde(default)]
    pub options: Vec<EnumOption>,
    /// Columns of a `table`.
    #[serde(default)]
    pub columns: Vec<ColumnDef>,
    #[serde(default)]
    pub default: Option<toml::Value>,
}

/// The type of a variable or of a table column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
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

/// One choice of an `enum` variable.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnumOption {
    pub value: String,
    pub label: Localized,
}

/// One column of a `table` variable.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnDef {
    pub key: String,
    #[serde(rename = "type")]
    pub kind: VariableKind,
    pub label: Localized,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub options: Vec<EnumOption>,
}

/// One chapter of the template, in order.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChapterDef {
    pub key: String,
    pub file: String,
    pub level: ChapterLevelDef,
    pub title: Localized,
}

/// `M`, `R` or `O` in the manifest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum ChapterLevelDef {
    M,
    R,
    O,
}

impl From<ChapterLevelDef> for ChapterLevel {
    fn from(l: ChapterLevelDef) -> Self {
        match l {
            ChapterLevelDef::M => ChapterLevel::M,
            ChapterLevelDef::R => ChapterLevel::R,
            ChapterLevelDef::O => ChapterLevel::O,
        }
    }
}

/// A record form (biểu mẫu) printed in the handbook's annex.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormDef {
    pub id: String,
    pub chapter: String,
    pub title: Localized,
    #[serde(default)]
    pub columns: Vec<ColumnDef>,
}
