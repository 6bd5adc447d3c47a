//! `template.toml`: a template's identity, typed variables, chapters and record forms.
//! The format is documented for template authors in `docs/templates.md`.

use serde::Deserialize;
use sotay_model::{ChapterLevel, Localized};
pub use sotay_model::{ColumnDef, EnumOption, VariableDef, VariableKind};

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
    /// The legal documents and standards the template cites (`Quyết định 100/QĐ-TTg`,
    /// `TCVN 12850:2019`…): the lint warns about a citation not listed here.
    #[serde(default)]
    pub legal_bases: Vec<String>,
    /// The language the template's chapters are written in (`vi` unless `lang = "en"`): the
    /// documents built from it declare it (HTML `lang`, EPUB and PDF metadata).
    #[serde(default)]
    pub lang: sotay_model::Lang,
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

/// One chapter of the template, in order.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChapterDef {
    pub key: String,
    pub file: String,
    pub level: ChapterLevelDef,
    pub title: Localized,
    /// Front matter (a foreword: unnumbered), the body (numbered chapters, the default) or an
    /// annex (Phụ lục A, B…).
    #[serde(default)]
    pub role: ChapterRoleDef,
}

/// Where a chapter stands in the book.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChapterRoleDef {
    Front,
    #[default]
    Body,
    Annex,
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
