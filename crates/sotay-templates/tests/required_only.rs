//! Issue 16: a handbook made from a built-in template with only its required variables (every
//! optional one left out) reads cleanly — no empty sentence, double space, dangling punctuation
//! or connector, empty list item, empty section or table — and so does one made with all the
//! sample values; and both templates pass the template lint (`sotay template check`) with no
//! warning.

use std::path::PathBuf;

use serde_json::{Map, Value};
use sotay_templates::{
    builtin, check_files, read_dir_files, render, set_at, validate_vars, variable_at, Template,
    VariableKind,
};

fn templates() -> Vec<Template> {
    let all = builtin().expect("the built-in templates load");
    let ids: Vec<&str> = all.iter().map(Template::id).collect();
    assert!(
        ids.contains(&"tom-nuoc-lo") && ids.contains(&"lua-gao"),
        "{ids:?}"
    );
    all
}

/// The sample values of the required variables only. A required address or person keeps only
/// the fields its type requires (a person's name; an address's province and commune).
fn required_only(t: &Template) -> Value {
    let mut vars = Value::Object(Map::new());
    for def in t.manifest.variables.iter().filter(|d| d.required) {
        let value = variable_at(&t.sample_vars, &def.key).unwrap_or_else(|| {
            panic!(
                "{}: the required variable {} has no sample value",
                t.id(),
                def.key
            )
        });
        let keep = |fields: &[&str]| {
            let object = value.as_object().expect("an address or person is a table");
            Value::Object(
                object
                    .iter()
                    .filter(|(k, _)| fields.contains(&k.as_str()))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
            )
        };
        let value = match def.kind {
            VariableKind::Person => keep(&["name"]),
            VariableKind::Address => keep(&["province", "commune"]),
            _ => value.clone(),
        };
        set_at(&mut vars, &def.key, value);
    }
    vars
}

/// Words that never end a line of prose: a line ending with one lost what came after it.
const CONNECTORS: [&str; 14] = [
    "và", "của", "hoặc", "là", "gồm", "tại", "theo", "cho", "với", "từ", "trong", "như", "bằng",
    "sang",
];

/// Character sequences that only an empty value leaves behind.
const DANGLING: [&str; 22] = [
    " .", " ,", " ;", " :", " )", "( ", "()", "“”", "“ ”", "\"\"", "``", "** **", "****", ",,",
    ", ,", ", .", ",.", ";.", ":.", ": ,", ": ;", "; ;",
];

fn is_table_row(line: &str) -> bool {
    line.trim_start().starts_with('|')
}

fn is_alignment_row(line: &str) -> bool {
    is_table_row(line)
        && line.contains('-')
        && line
            .trim()
            .chars()
            .all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

/// The cells of a table row, trimmed.
fn cells(line: &str) -> Vec<&str> {
    let t = line.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = t.strip_suffix('|').unwrap_or(t);
    t.split('|').map(str::trim).collect()
}

fn heading_level(line: &str) -> Option<usize> {
    let hashes = line.chars().take_while(|&c| c == '#').count();
    (hashes > 0 && line[hashes..].starts_with(' ')).then_some(hashes)
}

/// What may follow a line that ends with a colon.
fn introduced(line: &str) -> bool {
    let t = line.trim_start();
    let numbered = t
        .split_once(". ")
        .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    t.starts_with("- ")
        || t.starts_with("* ")
        || t.starts_with('|')
        || t.starts_with('`')
        || t.starts_with("> ")
        || t.starts_with("**")
        || numbered
}

/// The content of a list item, if the line is one.
fn list_item(line: &str) -> Option<&str> {
    let t = line.trim_start();
    if t == "-" || t == "*" {
        return Some("");
    }
    if let Some(rest) = t.strip_prefix("- ").or_else(|| t.strip_prefix("* ")) {
        return Some(rest);
    }
    let (n, rest) = t.split_once('.')?;
    (!n.is_empty()
        && n.chars().all(|c| c.is_ascii_digit())
        && (rest.is_empty() || rest.starts_with(' ')))
    .then_some(rest)
}

/// Every line of `text` that reads badly, as (1-based line, why, the line). In a chapter of
/// record forms, blank cells are there to be filled in by hand.
fn problems(text: &str, forms: bool) -> Vec<(usize, &'static str, String)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut in_code = false;
    let next_content = |i: usize| {
        lines[i + 1..]
            .iter()
            .find(|l| !l.trim().is_empty())
            .copied()
    };
    for (i, &line) in lines.iter().enumerate() {
        let mut bad = |why: &'static str| out.push((i + 1, why, line.to_owned()));
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            continue;
        }
        let t = line.trim();
        if t.is_empty() {
            if i > 0 && lines[i - 1].trim().is_empty() {
                bad("two blank lines in a row");
            }
            continue;
        }
        if ["{{", "}}", "{%", "%}", "{#", "#}"]
            .iter()
            .any(|m| line.contains(m))
        {
            bad("Tera left in the text");
        }
        if is_alignment_row(line) {
            // A table with a header and no rows.
            if !lines.get(i + 1).is_some_and(|l| is_table_row(l)) {
                bad("a table without rows");
            }
            continue;
        }
        if is_table_row(line) {
            let cells = cells(line);
            if cells.iter().any(|c| c.contains("  ")) {
                bad("a double space");
            }
            let blank = cells.iter().filter(|c| c.is_empty()).count();
            // A two-column table pairs a label with its value: the value is never blank.
            if !forms && cells.len() == 2 && blank == 1 {
                bad("an empty table cell");
            }
        } else if t.contains("  ") {
            bad("a double space");
        }
        if line.ends_with(' ') {
            bad("trailing space");
        }
        for d in DANGLING {
            if t.contains(d) {
                bad("dangling punctuation or an empty pair");
                break;
            }
        }
        if t.starts_with(['.', ',', ';', ':', ')']) {
            bad("a line that starts with punctuation");
        }
        if let Some(item) = list_item(line) {
            if !item.chars().any(char::is_alphanumeric) {
                bad("an empty list item");
            }
        }
        if !is_table_row(line) && heading_level(t).is_none() {
            if let Some(last) = t.split_whitespace().last() {
                if t.split_whitespace().count() > 1 && CONNECTORS.contains(&last) {
                    bad("a line that ends with a connector");
                }
            }
            if t.ends_with([',', '(', '“', '–', '-']) {
                bad("a line that ends in the middle of a sentence");
            }
            if t.ends_with(':') && !next_content(i).is_some_and(introduced) {
                bad("a colon that introduces nothing");
            }
        }
        if let Some(level) = heading_level(t) {
            if t[level..].trim().is_empty() {
                bad("an empty heading");
            }
            match next_content(i) {
                None => bad("a heading at the end of the chapter"),
                Some(n) => {
                    if heading_level(n).is_some_and(|l| l <= level) {
                        bad("an empty section");
                    }
                }
            }
        }
    }
    out
}

fn render_all(t: &Template, vars: &Value, what: &str) -> Vec<String> {
    let mut report = Vec::new();
    match render(&t.manifest.title, vars) {
        Ok(title) => {
            for (line, why, text) in problems(&title, false) {
                report.push(format!("{} {what}: title:{line}: {why}: {text}", t.id()));
            }
        }
        Err(e) => report.push(format!("{} {what}: title does not render: {e}", t.id())),
    }
    for (key, source) in &t.chapters {
        let forms = t.manifest.forms.iter().any(|f| &f.chapter == key);
        match render(source, vars) {
            Ok(text) => {
                for (line, why, text) in problems(&text, forms) {
                    report.push(format!("{} {what}: {key}:{line}: {why}: {text}", t.id()));
                }
            }
            Err(e) => report.push(format!("{} {what}: {key} does not render: {e}", t.id())),
        }
    }
    report
}

#[test]
fn only_the_required_variables_give_a_clean_handbook() {
    let mut report = Vec::new();
    for t in templates() {
        let vars = required_only(&t);
        let errors: Vec<String> = validate_vars(&t.manifest.variables, &vars)
            .into_iter()
            .filter(|d| d.severity == sotay_model::Severity::Error)
            .map(|d| format!("{} required only: {:?}: {}", t.id(), d.key, d.message.en))
            .collect();
        report.extend(errors);
        report.extend(render_all(&t, &vars, "required only"));
    }
    assert!(report.is_empty(), "\n{}\n", report.join("\n"));
}

#[test]
fn the_full_sample_values_give_a_clean_handbook() {
    let mut report = Vec::new();
    for t in templates() {
        report.extend(
            validate_vars(&t.manifest.variables, &t.sample_vars)
                .into_iter()
                .map(|d| format!("{} sample: {:?}: {}", t.id(), d.key, d.message.en)),
        );
        report.extend(render_all(&t, &t.sample_vars, "sample"));
    }
    assert!(report.is_empty(), "\n{}\n", report.join("\n"));
}

#[test]
fn the_built_in_templates_pass_the_lint_without_a_warning() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../handbook-templates");
    let mut report = Vec::new();
    for t in templates() {
        let (files, unreadable) = read_dir_files(&root.join(t.id())).expect("the folder reads");
        let check = check_files(&files, &unreadable);
        report.extend(check.diagnostics.iter().map(|d| {
            format!(
                "{}: {} {:?} [{}] {}",
                t.id(),
                d.location(),
                d.severity,
                d.code,
                d.message.en
            )
        }));
        assert!(check.template.is_some(), "{}: the template loads", t.id());
    }
    assert!(report.is_empty(), "\n{}\n", report.join("\n"));
}

#[test]
fn the_checks_catch_what_an_empty_value_leaves() {
    let bad = [
        "Vùng đất  cũ.",
        "- .",
        "-",
        "Tên ().",
        "Đầu mối ( , điện thoại ).",
        "Liên hệ: “”.",
        "Sản phẩm của",
        "# A\n\n# B\n\nx",
        "Bảng:\n\n## Tiếp",
        "| a | b |\n|---|---|\n\nSau bảng.",
        "{{ x }}",
        "| Nhãn hiệu |  |",
        "| Thị trường | Xuất khẩu () |",
        "Một.\n\n\nHai.",
    ];
    for b in bad {
        assert!(!problems(b, false).is_empty(), "not caught: {b:?}");
    }
    let good =
        "# A\n\nCác bước:\n\n1. Một.\n2. Hai.\n\n| a | b |\n|---|---|\n| | |\n\n```\nx  y\n```\n";
    assert_eq!(problems(good, false), vec![]);
    assert_eq!(problems("| Ngày |  |", true), vec![]);
}
