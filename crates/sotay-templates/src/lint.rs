//! The template lint (issue 16): what keeps a template signable once it is fixed. Each finding
//! is a warning with file:line:column:
//!
//! - an optional variable printed outside a guard that tests it (`{% if province.legacy_name %}`,
//!   or `| default(…)`): an empty optional value would leave "vùng đất  cũ" or a bare "- .";
//! - a literal name (province, organisation, issuing body) where a variable for it exists, so a
//!   copy for another unit needs no search-and-replace;
//! - a legal reference (Quyết định, Thông tư, Nghị định, Luật, TCVN, QCVN + its number) that is
//!   not in the template's own `legal_bases`, so a new one is added deliberately;
//! - a spelling that the house list (`spelling.toml`) says to write another way.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;
use serde_json::Value;
use sotay_model::diagnostic::line_col;
use sotay_model::{Diagnostic, VariableDef, VariableKind};

use crate::values::variable_at;

/// The house spelling list: one spelling per loanword or term.
const SPELLING: &str = include_str!("spelling.toml");

#[derive(Debug, Deserialize)]
struct Spelling {
    rule: Vec<SpellingRule>,
}

#[derive(Debug, Deserialize)]
struct SpellingRule {
    /// How to write it.
    write: String,
    /// Spellings to replace (matched case-insensitively, as whole words).
    not: Vec<String>,
    #[serde(default)]
    why: String,
}

/// The variables whose literal values should not appear in chapter text.
const NAMED: [&str; 5] = [
    "province.name",
    "province.legacy_name",
    "organization.name",
    "organization.short_name",
    "issuing_body",
];

/// A piece of a chapter source: text, `{{ expression }}`, `{% statement %}` or a comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Expr,
    Stmt,
}

/// Splits a Tera source into (kind, byte offset of the inner text, inner text).
fn pieces(src: &str) -> Vec<(Kind, usize, &str)> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < src.len() {
        let next = ["{{", "{%", "{#"]
            .iter()
            .filter_map(|o| src[at..].find(o).map(|i| (at + i, *o)))
            .min_by_key(|x| x.0);
        let Some((start, open)) = next else {
            out.push((Kind::Text, at, &src[at..]));
            break;
        };
        if start > at {
            out.push((Kind::Text, at, &src[at..start]));
        }
        let close = match open {
            "{{" => "}}",
            "{%" => "%}",
            _ => "#}",
        };
        let inner_start = start + 2;
        let Some(end) = src[inner_start..].find(close).map(|i| inner_start + i) else {
            break; // unclosed: the renderer reports it
        };
        let inner = src[inner_start..end].trim_matches('-');
        let kind = match open {
            "{{" => Some(Kind::Expr),
            "{%" => Some(Kind::Stmt),
            _ => None,
        };
        if let Some(k) = kind {
            // Positions point at the opening braces, where a reader looks.
            out.push((k, start, inner));
        }
        at = end + 2;
    }
    out
}

/// Dotted names an expression refers to, without string literals, filter and function names.
fn references(expr: &str) -> Vec<String> {
    static STRINGS: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#""[^"]*"|'[^']*'|`[^`]*`"#).expect("regex"));
    static NAMES: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*").expect("regex")
    });
    let cleaned = STRINGS.replace_all(expr, "\"\"");
    let names = &*NAMES;
    let mut out = Vec::new();
    for m in names.find_iter(&cleaned) {
        let before = cleaned[..m.start()].trim_end();
        let after = cleaned[m.end()..].trim_start();
        if before.ends_with('|') || after.starts_with('(') || before.ends_with(" is") {
            continue; // a filter, a function or a test
        }
        out.push(m.as_str().to_owned());
    }
    out
}

/// The optional variable a reference prints, if any (a field of an optional address or
/// person counts as its variable).
fn optional_of<'a>(reference: &str, defs: &'a [VariableDef]) -> Option<&'a VariableDef> {
    defs.iter().find(|d| {
        !d.required
            && d.kind != VariableKind::Table
            && (reference == d.key || reference.starts_with(&format!("{}.", d.key)))
    })
}

fn mentions(cond: &str, key: &str, reference: &str) -> bool {
    references(cond)
        .iter()
        .any(|r| r == key || r == reference || reference.starts_with(&format!("{r}.")))
}

fn warn(file: &str, src: &str, at: usize, code: &str, vi: String, en: String) -> Diagnostic {
    let (l, c) = line_col(src, at);
    Diagnostic::warning(code, vi, en)
        .in_file(file.to_owned())
        .at(Some(l), Some(c))
}

/// Optional variables printed outside a guard that tests them.
pub fn unguarded_optionals(file: &str, src: &str, defs: &[VariableDef]) -> Vec<Diagnostic> {
    // The conditions of the open blocks; `None` for a block that guards nothing (an else
    // branch, a loop, a macro).
    let mut stack: Vec<Option<String>> = Vec::new();
    let mut out = Vec::new();
    for (kind, at, inner) in pieces(src) {
        let text = inner.trim();
        let word = text.split_whitespace().next().unwrap_or("");
        match (kind, word) {
            (Kind::Stmt, "if") => stack.push(Some(text[2..].to_owned())),
            (Kind::Stmt, "elif") => {
                stack.pop();
                stack.push(Some(text[4..].to_owned()));
            }
            (Kind::Stmt, "else") => {
                stack.pop();
                stack.push(None);
            }
            (Kind::Stmt, "for" | "macro" | "filter" | "block") => stack.push(None),
            (Kind::Stmt, w) if w.starts_with("end") => {
                stack.pop();
            }
            (Kind::Expr, _) | (Kind::Stmt, "set") => {
                if text.contains("default(") {
                    continue;
                }
                for r in references(text) {
                    let Some(def) = optional_of(&r, defs) else {
                        continue;
                    };
                    let guarded = stack
                        .iter()
                        .flatten()
                        .any(|cond| mentions(cond, &def.key, &r));
                    if !guarded {
                        out.push(warn(
                            file,
                            src,
                            at,
                            "lint.unguarded_optional",
                            format!(
                                "Biến không bắt buộc “{r}” được in mà không có điều kiện kiểm tra ({{% if {r} %}}…{{% endif %}} hoặc | default): khi bỏ trống sẽ để lại câu thiếu chữ."
                            ),
                            format!(
                                "The optional variable “{r}” is printed outside a guard that tests it ({{% if {r} %}}…{{% endif %}} or | default): left empty, it leaves a broken sentence."
                            ),
                        ).for_key(r.clone()));
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// Literal names in the text where a variable holds them (`values` are the sample values).
pub fn literal_names(file: &str, src: &str, values: &Value) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let texts: Vec<(usize, &str)> = pieces(src)
        .into_iter()
        .filter(|p| p.0 == Kind::Text)
        .map(|p| (p.1, p.2))
        .collect();
    for key in NAMED {
        let Some(value) = variable_at(values, key).and_then(Value::as_str) else {
            continue;
        };
        let value = value.trim();
        if value.chars().count() < 5 {
            continue;
        }
        for (at, text) in &texts {
            if let Some(i) = text.find(value) {
                out.push(warn(
                    file,
                    src,
                    at + i,
                    "lint.literal_name",
                    format!("“{value}” được viết cố định; hãy dùng {{{{ {key} }}}} để bản sao cho đơn vị khác không phải sửa tay."),
                    format!("“{value}” is written literally; use {{{{ {key} }}}} so a copy for another unit needs no hand edits."),
                ));
            }
        }
    }
    out
}

/// The identity of a legal reference: the number of a decision, circular, decree or law
/// (`100/QĐ-TTg`), or the standard without its year (`TCVN 12850`).
pub fn legal_key(reference: &str) -> Option<String> {
    let re = legal_regex();
    let c = re.captures(reference)?;
    let kind = c.get(1)?.as_str();
    let number = c.get(2)?.as_str();
    Some(if matches!(kind, "TCVN" | "QCVN") {
        format!("{kind} {}", number.split(':').next().unwrap_or(number))
    } else {
        number.to_owned()
    })
}

fn legal_regex() -> &'static Regex {
    static LEGAL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(Quyết định|Thông tư|Nghị định|Luật|TCVN|QCVN)(?:\s+số)?\s+([0-9][0-9A-Za-zĐđ/.:\-]*[0-9A-Za-zĐđ])")
            .expect("regex")
    });
    &LEGAL
}

/// Legal references not in the template's list of legal bases.
pub fn unlisted_references(file: &str, src: &str, bases: &BTreeSet<String>) -> Vec<Diagnostic> {
    let re = legal_regex();
    let mut out = Vec::new();
    for m in re.find_iter(src) {
        let Some(key) = legal_key(m.as_str()) else {
            continue;
        };
        if !bases.contains(&key) {
            out.push(warn(
                file,
                src,
                m.start(),
                "lint.legal_reference",
                format!("“{}” không có trong danh sách căn cứ pháp lý của mẫu (legal_bases trong template.toml); thêm vào đó nếu cần dẫn.", m.as_str()),
                format!("“{}” is not in the template's legal bases (legal_bases in template.toml); add it there if it is meant.", m.as_str()),
            ));
        }
    }
    out
}

/// Spellings the house list says to write another way.
pub fn spellings(file: &str, src: &str) -> Vec<Diagnostic> {
    static LIST: LazyLock<Spelling> =
        LazyLock::new(|| toml::from_str(SPELLING).expect("spelling.toml is valid"));
    let list = &*LIST;
    let lower = src.to_lowercase();
    let mut out = Vec::new();
    for rule in &list.rule {
        for bad in &rule.not {
            let bad_l = bad.to_lowercase();
            let mut from = 0;
            while let Some(i) = lower[from..].find(&bad_l).map(|i| from + i) {
                from = i + bad_l.len();
                let before = lower[..i].chars().next_back();
                let after = lower[from..].chars().next();
                let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '-');
                if word(before) || word(after) {
                    continue;
                }
                // Offsets of the lower-cased text match the source for the scripts we use
                // only when lengths agree; recompute the position on the source to be safe.
                let at = src
                    .char_indices()
                    .nth(lower[..i].chars().count())
                    .map_or(i, |(b, _)| b);
                out.push(warn(
                    file,
                    src,
                    at,
                    "lint.spelling",
                    format!(
                        "Viết “{}” thay cho “{bad}”{}.",
                        rule.write,
                        if rule.why.is_empty() {
                            String::new()
                        } else {
                            format!(" ({})", rule.why)
                        }
                    ),
                    format!(
                        "Write “{}” instead of “{bad}”{}.",
                        rule.write,
                        if rule.why.is_empty() {
                            String::new()
                        } else {
                            format!(" ({})", rule.why)
                        }
                    ),
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use sotay_model::Localized;

    fn def(key: &str, required: bool) -> VariableDef {
        VariableDef {
            key: key.into(),
            kind: VariableKind::Text,
            label: Localized::new(key, key),
            help: Localized::default(),
            required,
            unit: None,
            min: None,
            max: None,
            max_len: None,
            pattern: None,
            options: Vec::new(),
            columns: Vec::new(),
            default: None,
        }
    }

    #[test]
    fn optional_variables_need_a_guard() {
        let defs = [
            def("province.name", true),
            def("province.legacy_name", false),
        ];
        let src = "Tỉnh {{ province.name }}, vùng đất {{ province.legacy_name }} cũ.\n\
                   {% if province.legacy_name %}(trước đây {{ province.legacy_name }}){% else %}{{ province.legacy_name }}{% endif %}\n\
                   {{ province.legacy_name | default(value=\"\") }}";
        let d = unguarded_optionals("c.md", src, &defs);
        assert_eq!(d.len(), 2, "{d:?}");
        assert_eq!((d[0].line, d[0].column), (Some(1), Some(36)));
        assert_eq!(d[1].line, Some(2), "the else branch is not guarded");
    }

    #[test]
    fn literal_names_legal_references_and_spellings() {
        let vars =
            serde_json::json!({"province": {"name": "An Giang", "legacy_name": "Kiên Giang"}});
        let d = literal_names("c.md", "Tại {{ province.name }} (Kiên Giang cũ).", &vars);
        assert_eq!(d.len(), 1);
        let bases: BTreeSet<String> = ["100/QĐ-TTg", "TCVN 12850"].map(String::from).into();
        let src = "Quyết định 100/QĐ-TTg, Quyết định số 2979/QĐ-BKHCN và TCVN 12850:2019, TCVN 13274:2020.";
        let d = unlisted_references("c.md", src, &bases);
        let which: Vec<&str> = d
            .iter()
            .map(|x| x.message.en.split('”').next().unwrap())
            .collect();
        assert_eq!(which, ["“Quyết định số 2979/QĐ-BKHCN", "“TCVN 13274:2020"]);
        assert_eq!(legal_key("TCVN 12850:2019").as_deref(), Some("TCVN 12850"));
        let d = spellings("c.md", "Xếp lên côngtenơ; số seri; tiếng Anh series.");
        assert_eq!(d.len(), 2, "{d:?}");
        assert!(d[0].message.vi.contains("công-te-nơ"));
    }
}
