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
    let context = tera::Context::from_value(vars.clone()).map_err(|e| RenderError {
        line: None,
        column: None,
        message: chain(&e),
    })?;
    let mut tera = tera::Tera::default();
    tera.register_filter("gtin14", gtin14_filter);
    // Tera's own `range` would build any list asked for; a user's template could exhaust memory.
    tera.register_function("range", bounded_range);
    tera.add_raw_template("chapter", source)
        .map_err(|e| locate(&e))?;
    tera.render("chapter", &context).map_err(|e| locate(&e))
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

/// The most items `range()` may produce in a chapter.
const MAX_RANGE: i64 = 10_000;

/// `range(end=…, start=0, step_by=1)` as Tera's, refused beyond [`MAX_RANGE`] items.
fn bounded_range(
    args: &std::collections::HashMap<String, tera::Value>,
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
    Ok(tera::Value::Array(
        (0..count)
            .map(|i| tera::Value::from(start + i * step))
            .collect(),
    ))
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
    fn undefined_variables_are_errors() {
        let err = render("{{ product.gtin }}", &json!({"product": {}})).unwrap_err();
        assert!(err.message.contains("product.gtin"), "{}", err.message);
    }
}
