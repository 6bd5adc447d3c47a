//! Rendering one chapter source (Markdown with Tera) with a handbook's variables.

use std::fmt;

use serde_json::Value;

/// A chapter that could not be rendered, with the place of the problem when Tera gives one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderError {
    /// 1-based line in the chapter source, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    pub message: String,
    /// What kind of problem, so that the diagnostics can say it in the user's language.
    pub kind: RenderErrorKind,
}

/// The problems Sotay finds itself, before Tera runs; everything else is Tera's.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum RenderErrorKind {
    /// Reported by Tera (syntax, undefined variable, a filter that failed…).
    #[default]
    Tera,
    /// An expression nested deeper than [`MAX_NESTING`] parentheses or brackets.
    TooDeep,
    /// A macro that calls itself, directly or through others.
    RecursiveMacro,
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, "{l}:{c}: {}", self.message),
            (Some(l), None) => write!(f, "{l}: {}", self.message),
            _ => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for RenderError {}

/// Renders `source` with `vars` (a JSON object) as the Tera context. Output is Markdown, so
/// nothing is HTML-escaped here: escaping is the HTML writers' job.
pub fn render(source: &str, vars: &Value) -> Result<String, RenderError> {
    let context = tera::Context::from_value(for_reading(vars)).map_err(|e| RenderError {
        line: None,
        column: None,
        message: chain(&e),
        kind: RenderErrorKind::Tera,
    })?;
    let mut tera = tera::Tera::default();
    tera.register_filter("gtin14", gtin14_filter);
    // Tera's own `range` would build any list asked for; a user's template could exhaust memory
    // or, with nested loops, never finish. One budget covers every call in this render.
    let budget = std::sync::Arc::new(std::sync::atomic::AtomicI64::new(MAX_RANGE_TOTAL));
    tera.register_function(
        "range",
        move |args: &std::collections::HashMap<String, tera::Value>| bounded_range(args, &budget),
    );
    // Tera's parser backtracks: its time doubles with each level of nested calls or filters
    // in an argument (`default(value=a | default(value=…))`), so such a chapter is refused
    // before Tera reads it.
    refuse_deep_expressions(source)?;
    tera.add_raw_template("chapter", source)
        .map_err(|e| locate(&e))?;
    // Tera has no recursion limit: a macro that calls itself would overflow the stack and
    // abort the whole app, so such a chapter is refused before it runs.
    refuse_recursive_macros(source)?;
    tera.render("chapter", &context).map_err(|e| locate(&e))
}

/// The variables as a reader sees them: every date (a `YYYY-MM-DD` text, as date variables
/// are stored) written dd/mm/yyyy, so a chapter prints "áp dụng từ ngày 15/12/2025", never the
/// stored form (issue 17: one date format wherever a date is shown).
pub fn for_reading(vars: &Value) -> Value {
    match vars {
        Value::String(s) if sotay_model::text::iso_date(s).is_some() => {
            Value::String(sotay_model::text::display_date(s))
        }
        Value::Array(items) => Value::Array(items.iter().map(for_reading).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), for_reading(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// `{{ product.gtin | gtin14 }}`: a valid GTIN left-padded to 14 digits (as GS1 Digital Link
/// and EPCIS write it). An invalid GTIN is an error, so a handbook never prints a wrong key.
fn gtin14_filter(
    value: &tera::Value,
    _: &std::collections::HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    let s = value
        .as_str()
        .ok_or_else(|| tera::Error::msg("gtin14: the value is not text"))?;
    sotay_model::gs1::gtin14(s)
        .map(tera::Value::String)
        .map_err(|e| tera::Error::msg(format!("gtin14: {s}: {e}")))
}

/// The most items one `range()` call may produce.
const MAX_RANGE: i64 = 10_000;
/// The most items all `range()` calls of one render may produce together (nested loops).
const MAX_RANGE_TOTAL: i64 = 100_000;

/// `range(end=…, start=0, step_by=1)` as Tera's, refused beyond [`MAX_RANGE`] items in one
/// call or [`MAX_RANGE_TOTAL`] items in the whole render (`budget` holds what is left).
fn bounded_range(
    args: &std::collections::HashMap<String, tera::Value>,
    budget: &std::sync::atomic::AtomicI64,
) -> tera::Result<tera::Value> {
    let get = |k: &str, default: Option<i64>| -> tera::Result<i64> {
        match args.get(k) {
            Some(v) => v
                .as_i64()
                .ok_or_else(|| tera::Error::msg(format!("range: `{k}` must be a whole number"))),
            None => default.ok_or_else(|| tera::Error::msg(format!("range: `{k}` is required"))),
        }
    };
    let (start, end, step) = (
        get("start", Some(0))?,
        get("end", None)?,
        get("step_by", Some(1))?,
    );
    if step <= 0 {
        return Err(tera::Error::msg("range: `step_by` must be positive"));
    }
    let count = if end > start {
        (end - start + step - 1) / step
    } else {
        0
    };
    if count > MAX_RANGE {
        return Err(tera::Error::msg(format!(
            "range: {count} items is more than the {MAX_RANGE} allowed"
        )));
    }
    let left = budget.fetch_sub(count, std::sync::atomic::Ordering::Relaxed) - count;
    if left < 0 {
        return Err(tera::Error::msg(format!(
            "range: the loops of this chapter go over {MAX_RANGE_TOTAL} items in all (nested loops?)"
        )));
    }
    Ok(tera::Value::Array(
        (0..count)
            .map(|i| tera::Value::from(start + i * step))
            .collect(),
    ))
}

/// Refuses a chapter whose macros call themselves, directly or through each other
/// (`{% macro a() %}{{ self::b() }}{% endmacro %}` …). Read from the source text, so a call
/// inside a comment counts too: a false alarm is a clear message, a missed one a crash.
fn refuse_recursive_macros(source: &str) -> Result<(), RenderError> {
    use std::collections::{BTreeMap, BTreeSet};
    static DEF: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"\{%-?\s*(macro\s+(\w+)|endmacro)\b").expect("valid regex")
    });
    static CALL: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"self::(\w+)\s*\(").expect("valid regex"));
    if !source.contains("self::") {
        return Ok(());
    }
    // Each macro's name, the offset of its definition and the calls in its body.
    let mut calls: BTreeMap<&str, (usize, BTreeSet<&str>)> = BTreeMap::new();
    let mut open: Option<(&str, usize)> = None;
    for m in DEF.captures_iter(source) {
        let at = m.get(0).map_or(0, |g| g.start());
        if let Some(name) = m.get(2) {
            open = Some((name.as_str(), at));
        } else if let Some((name, start)) = open.take() {
            let body = &source[start..at];
            let callees = CALL
                .captures_iter(body)
                .filter_map(|c| c.get(1).map(|g| g.as_str()))
                .collect();
            calls.insert(name, (start, callees));
        }
    }
    // Depth-first search for a cycle from every macro.
    for (&root, &(start, _)) in &calls {
        let mut stack = vec![root];
        let mut seen = BTreeSet::new();
        while let Some(name) = stack.pop() {
            for &callee in calls.get(name).map(|c| &c.1).into_iter().flatten() {
                if callee == root {
                    let line = source[..start].matches('\n').count() + 1;
                    let column = start - source[..start].rfind('\n').map_or(0, |i| i + 1) + 1;
                    return Err(RenderError {
                        line: Some(line),
                        column: Some(column),
                        message: format!(
                            "macro `{root}` calls itself (directly or through other macros); recursive macros are not allowed"
                        ),
                        kind: RenderErrorKind::RecursiveMacro,
                    });
                }
                if seen.insert(callee) {
                    stack.push(callee);
                }
            }
        }
    }
    Ok(())
}

/// The deepest nesting of parentheses and brackets one `{{ … }}` or `{% … %}` may have.
/// The built-in templates need one (`{{ s.area_code | default(value="") }}`), a careful author
/// two (`{{ a | default(value=b | default(value="—")) }}`). Tera's time grows about fourfold
/// with each level; at two, 64 KB of such expressions parse in 0.7 s in a debug build (60 ms
/// optimised), at three in 1.7 s, at thirty in minutes.
pub const MAX_NESTING: usize = 2;

/// Refuses an expression nested deeper than [`MAX_NESTING`], at the bracket that goes too
/// deep. Comments (`{# … #}`), string literals and `{% raw %}` blocks are not expressions;
/// a tag left open runs to the end of the source, as Tera would read it.
fn refuse_deep_expressions(source: &str) -> Result<(), RenderError> {
    let bytes = source.as_bytes();
    let mut i = 0;
    while i + 1 < bytes.len() {
        let opener = &bytes[i..i + 2];
        if opener == b"{#" {
            i = find(bytes, i + 2, b"#}").map_or(bytes.len(), |e| e + 2);
            continue;
        }
        if opener != b"{{" && opener != b"{%" {
            i += 1;
            continue;
        }
        let closer: &[u8] = if opener == b"{{" { b"}}" } else { b"%}" };
        let start = i;
        let mut depth = 0usize;
        let mut quote: Option<u8> = None;
        i += 2;
        while i < bytes.len() {
            let b = bytes[i];
            match quote {
                Some(q) if b == q => quote = None,
                Some(_) => {}
                None if bytes[i..].starts_with(closer) => break,
                None if matches!(b, b'"' | b'\'' | b'`') => quote = Some(b),
                None if matches!(b, b'(' | b'[') => {
                    depth += 1;
                    if depth > MAX_NESTING {
                        let line = source[..i].matches('\n').count() + 1;
                        let column = source[..i].rfind('\n').map_or(i, |n| i - n - 1) + 1;
                        return Err(RenderError {
                            line: Some(line),
                            column: Some(column),
                            message: format!(
                                "an expression is nested more than {MAX_NESTING} levels deep (parentheses or brackets); split it with {{% set %}}"
                            ),
                            kind: RenderErrorKind::TooDeep,
                        });
                    }
                }
                None if matches!(b, b')' | b']') => depth = depth.saturating_sub(1),
                None => {}
            }
            i += 1;
        }
        let body = &source[start + 2..i.min(source.len())];
        i += 2;
        // `{% raw %}…{% endraw %}` is text: skip to its end.
        if opener == b"{%" && body.trim_matches(|c: char| c == '-' || c.is_whitespace()) == "raw" {
            i = find(bytes, i, b"endraw").map_or(bytes.len(), |e| e + 6);
        }
    }
    Ok(())
}

/// The offset of `needle` in `bytes` at or after `from`.
fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// Tera reports parse errors as text with a ` --> line:col` marker; pull the position out.
fn locate(e: &tera::Error) -> RenderError {
    let message = chain(e);
    let position = message.split("--> ").skip(1).find_map(|rest| {
        let token = rest.split_whitespace().next()?;
        let (line, col) = token.split_once(':')?;
        Some((line.parse().ok()?, col.parse().ok()?))
    });
    RenderError {
        line: position.map(|p: (usize, usize)| p.0),
        column: position.map(|p| p.1),
        message: message
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::trim)
            .collect::<Vec<_>>()
            .join(" "),
        kind: RenderErrorKind::Tera,
    }
}

fn chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        out.push_str(": ");
        out.push_str(&s.to_string());
        source = s.source();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fills_variables_and_loops_without_escaping() {
        let vars = json!({"product": {"name": "Tôm <sú> & thẻ"}, "sites": [{"code": "AO-01"}, {"code": "AO-02"}]});
        let out = render(
            "# {{ product.name }}\n{% for s in sites %}- {{ s.code }}\n{% endfor %}",
            &vars,
        )
        .unwrap();
        assert_eq!(out, "# Tôm <sú> & thẻ\n- AO-01\n- AO-02\n");
    }

    #[test]
    fn syntax_errors_carry_line_and_column() {
        let err = render("Dòng một\n\n{% if x %}chưa đóng", &json!({})).unwrap_err();
        assert_eq!(err.line, Some(3), "{err:?}");
        assert!(err.column.is_some());
    }

    #[test]
    fn gtin14_pads_valid_gtins_and_refuses_wrong_ones() {
        let out = render("{{ g | gtin14 }}", &json!({"g": "8931234567897"})).unwrap();
        assert_eq!(out, "08931234567897");
        assert!(render("{{ g | gtin14 }}", &json!({"g": "8931234567890"})).is_err());
    }

    #[test]
    fn range_is_bounded_and_includes_cannot_reach_files() {
        assert_eq!(
            render("{% for i in range(end=3) %}{{ i }}{% endfor %}", &json!({})).unwrap(),
            "012"
        );
        let e = render(
            "{% for i in range(end=1000000000) %}x{% endfor %}",
            &json!({}),
        )
        .unwrap_err();
        assert!(e.message.contains("more than"), "{}", e.message);
        assert!(render("{% include \"../../../../etc/passwd\" %}", &json!({})).is_err());
    }

    #[test]
    fn dates_print_day_first_wherever_they_are() {
        let vars = json!({
            "edition": {"date": "2025-12-15", "version": "1.0"},
            "plan_refs": [{"number": "69/KH-UBND", "date": "2021-04-07"}],
            "note": "2025-13-45 không phải ngày",
        });
        let out = render(
            "{{ edition.date }} · {% for p in plan_refs %}{{ p.number }} ngày {{ p.date }}{% endfor %} · {{ note }} · {{ edition.version }}",
            &vars,
        )
        .unwrap();
        assert_eq!(
            out,
            "15/12/2025 · 69/KH-UBND ngày 07/04/2021 · 2025-13-45 không phải ngày · 1.0"
        );
    }

    #[test]
    fn undefined_variables_are_errors() {
        let err = render("{{ product.gtin }}", &json!({"product": {}})).unwrap_err();
        assert!(err.message.contains("product.gtin"), "{}", err.message);
    }

    #[test]
    fn recursive_macros_are_refused_before_they_run() {
        let direct =
            "intro\n{% macro f(n) %}{{ self::f(n=n+1) }}{% endmacro f %}{{ self::f(n=1) }}";
        let err = render(direct, &json!({})).unwrap_err();
        assert_eq!((err.line, err.column), (Some(2), Some(1)), "{err}");
        assert!(err.message.contains("`f`"), "{}", err.message);
        let mutual = "{% macro a() %}{{ self::b() }}{% endmacro a %}\
                      {%- macro b() -%}{{ self::a() }}{%- endmacro b -%}{{ self::a() }}";
        assert!(render(mutual, &json!({})).is_err());
        // A macro that calls another, without a cycle, still works.
        let fine = "{% macro b() %}B{% endmacro b %}{% macro a() %}A{{ self::b() }}{% endmacro a %}{{ self::a() }}";
        assert_eq!(render(fine, &json!({})).unwrap(), "AB");
    }

    #[test]
    fn deeply_nested_expressions_are_refused_before_tera_parses_them() {
        // Two levels, as a handbook writes them, render.
        let two = "{{ a | default(value=b | default(value=\"—\")) }}";
        assert_eq!(render(two, &json!({"b": "x"})).unwrap(), "x");
        // Thirty levels take Tera minutes; refused at once, at the bracket that goes too deep.
        let deep = format!(
            "Dòng một\n{{% if a | default(value={}x %}}y{{% endif %}}",
            "_n | default(value=".repeat(30)
        );
        let started = std::time::Instant::now();
        let err = render(&deep, &json!({})).unwrap_err();
        assert!(started.elapsed() < std::time::Duration::from_millis(100));
        assert_eq!(err.kind, RenderErrorKind::TooDeep, "{err}");
        assert_eq!((err.line, err.column), (Some(2), Some(56)), "{err}");
        let calls = format!("{{{{ {}1{} }}}}", "range(end=".repeat(3), ")".repeat(3));
        assert_eq!(
            render(&calls, &json!({})).unwrap_err().kind,
            RenderErrorKind::TooDeep
        );
        // Brackets in strings, comments and raw blocks are text, not nesting.
        let text = "{{ \"((((((\" }}{# [[[[[[ #}{% raw %}{{ ((((((( }}{% endraw %}(((((";
        assert_eq!(
            render(text, &json!({})).unwrap(),
            "(((((({{ ((((((( }}((((("
        );
    }

    #[test]
    fn nested_loops_share_one_budget() {
        let src = "{% for i in range(end=10000) %}{% for j in range(end=10000) %}{% endfor %}{% endfor %}";
        let err = render(src, &json!({})).unwrap_err();
        assert!(err.message.contains("100000"), "{}", err.message);
        // Loops within the budget render.
        let ok =
            "{% for i in range(end=100) %}{% for j in range(end=100) %}.{% endfor %}{% endfor %}";
        assert_eq!(render(ok, &json!({})).unwrap().len(), 10_000);
    }
}
