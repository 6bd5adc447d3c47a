//! Diagnostics (chẩn đoán): what `check` and `template check` report, each with a severity,
//! a place, a message in Vietnamese and English, and a hint.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::Localized;

/// How serious a diagnostic is. Errors block approval; `check` exits 1 when there is one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }

    pub fn label(self) -> Localized {
        match self {
            Severity::Error => Localized::new("lỗi", "error"),
            Severity::Warning => Localized::new("cảnh báo", "warning"),
            Severity::Info => Localized::new("thông tin", "info"),
        }
    }
}

/// One problem found in a handbook or a template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable code, e.g. `var.gtin.check_digit`, `chapter.empty`, `tera.undefined`.
    pub code: String,
    /// Where: a chapter key, `variables`, or a template file such as `template.toml`.
    pub file: Option<String>,
    /// The variable concerned, as a path: `product.gtin`, `chain.sites[2].gln`.
    pub key: Option<String>,
    /// 1-based line in the file or chapter source.
    pub line: Option<u32>,
    /// 1-based column (in characters).
    pub column: Option<u32>,
    pub message: Localized,
    /// What to do about it.
    pub hint: Option<Localized>,
}

impl Diagnostic {
    pub fn new(severity: Severity, code: &str, message: Localized) -> Self {
        Diagnostic {
            severity,
            code: code.to_owned(),
            file: None,
            key: None,
            line: None,
            column: None,
            message,
            hint: None,
        }
    }

    pub fn error(code: &str, vi: impl Into<String>, en: impl Into<String>) -> Self {
        Diagnostic::new(Severity::Error, code, Localized::new(vi, en))
    }

    pub fn warning(code: &str, vi: impl Into<String>, en: impl Into<String>) -> Self {
        Diagnostic::new(Severity::Warning, code, Localized::new(vi, en))
    }

    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }

    pub fn at(mut self, line: Option<u32>, column: Option<u32>) -> Self {
        self.line = line;
        self.column = column;
        self
    }

    pub fn for_key(mut self, key: impl Into<String>) -> Self {
        self.key = Some(key.into());
        self
    }

    pub fn hint(mut self, vi: impl Into<String>, en: impl Into<String>) -> Self {
        self.hint = Some(Localized::new(vi, en));
        self
    }

    /// `file:line:column` (as much of it as is known), or the key.
    pub fn location(&self) -> String {
        let mut out = self.file.clone().unwrap_or_default();
        if let Some(l) = self.line {
            out.push_str(&format!(":{l}"));
            if let Some(c) = self.column {
                out.push_str(&format!(":{c}"));
            }
        }
        if let Some(k) = &self.key {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(k);
        }
        out
    }
}

/// Whether any diagnostic is an error.
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(|d| d.severity == Severity::Error)
}

/// 1-based line and column (in characters) of byte offset `at` in `text`.
pub fn line_col(text: &str, at: usize) -> (u32, u32) {
    let at = at.min(text.len());
    let at = (0..=at)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line as u32, column as u32)
}

/// [`line_col`] of many byte offsets (in any order) in one pass over `text`: for the many
/// diagnostics a large text may have, without a pass over it for each.
pub fn line_cols(text: &str, offsets: &[usize]) -> Vec<(u32, u32)> {
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_by_key(|&i| offsets[i]);
    let mut out = vec![(1, 1); offsets.len()];
    let (mut line, mut column) = (1u32, 1u32);
    let mut chars = text.char_indices().peekable();
    for i in order {
        while let Some((_, c)) = chars.next_if(|&(p, _)| p < offsets[i]) {
            if c == '\n' {
                line += 1;
                column = 1;
            } else {
                column += 1;
            }
        }
        out[i] = (line, column);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_read_like_compiler_output() {
        let d = Diagnostic::error("x", "a", "b")
            .in_file("template.toml")
            .at(Some(3), Some(12));
        assert_eq!(d.location(), "template.toml:3:12");
        let d = Diagnostic::error("x", "a", "b")
            .in_file("variables")
            .for_key("product.gtin");
        assert_eq!(d.location(), "variables product.gtin");
    }

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let t = "dòng một\nchữ ở đây";
        let at = t.find("đây").unwrap();
        assert_eq!(line_col(t, at), (2, 7));
        assert_eq!(line_col(t, 0), (1, 1));
    }

    #[test]
    fn line_cols_agree_with_line_col_in_any_order() {
        let t = "dòng một\nchữ ở [x](#y) đây\n\nhết";
        let offsets = [t.find("đây").unwrap(), 0, t.find("(#y").unwrap(), t.len()];
        let want: Vec<(u32, u32)> = offsets.iter().map(|&o| line_col(t, o)).collect();
        assert_eq!(line_cols(t, &offsets), want);
    }
}
