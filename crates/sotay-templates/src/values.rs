//! Variable values: TOML as authors write them, JSON as the store and Tera use them.

use serde_json::{Map, Value};

/// Converts TOML values to JSON. Dates and times become their RFC 3339 text.
pub fn toml_to_json(v: &toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(sotay_model::text::nfc(s)),
        toml::Value::Integer(i) => Value::from(*i),
        toml::Value::Float(f) => {
            serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number)
        }
        toml::Value::Boolean(b) => Value::Bool(*b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => Value::Object(
            t.iter()
                .map(|(k, v)| (k.clone(), toml_to_json(v)))
                .collect::<Map<_, _>>(),
        ),
    }
}

/// The value at a dotted path (`product.gtin`) of a nested JSON object.
pub fn variable_at<'a>(vars: &'a Value, key: &str) -> Option<&'a Value> {
    key.split('.').try_fold(vars, |v, part| v.get(part))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_nested_toml_and_finds_dotted_keys() {
        let t: toml::Value = toml::from_str(
            "[product]\nname = \"Tôm sú\"\ngtin = \"8931234567897\"\n[trace_test]\ntarget_minutes = 240\nsince = 2025-07-01\n",
        )
        .unwrap();
        let j = toml_to_json(&t);
        assert_eq!(variable_at(&j, "product.name").unwrap(), "Tôm sú");
        assert_eq!(variable_at(&j, "trace_test.target_minutes").unwrap(), 240);
        assert_eq!(variable_at(&j, "trace_test.since").unwrap(), "2025-07-01");
        assert!(variable_at(&j, "product.lot").is_none());
    }
}

/// A chapter's source as a reader of the search results should see it, line for line: each
/// `{{ variable }}` replaced by the variable's value (its filters dropped; "…" when it has no
/// plain value), and the template's statements (`{% … %}`) and comments (`{# … #}`) left out.
/// Only their line breaks stay, so line N is still line N of the source the editor opens.
pub fn readable_source(source: &str, vars: &Value) -> String {
    let mut out = String::with_capacity(source.len());
    let mut rest = source;
    while let Some(start) = rest.find('{') {
        let (before, tag) = rest.split_at(start);
        out.push_str(before);
        let close = match tag.as_bytes().get(1) {
            Some(b'{') => "}}",
            Some(b'%') => "%}",
            Some(b'#') => "#}",
            _ => {
                out.push('{');
                rest = &tag[1..];
                continue;
            }
        };
        let Some(end) = tag[2..].find(close) else {
            out.push_str(tag);
            return out;
        };
        let inner = &tag[2..2 + end];
        if close == "}}" {
            let key = inner.split('|').next().unwrap_or_default().trim();
            match variable_at(vars, key) {
                Some(Value::String(s)) => out.push_str(&sotay_model::text::display_date(s)),
                Some(v @ (Value::Number(_) | Value::Bool(_))) => out.push_str(&v.to_string()),
                _ => out.push('…'),
            }
        }
        out.extend(inner.chars().filter(|&c| c == '\n'));
        rest = &tag[2 + end + 2..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod readable_tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn variables_show_their_values_and_statements_leave_only_their_line_breaks() {
        let vars = json!({"product": {"name": "Tôm sú"}, "records": {"retention_years": 3}});
        let src = "Sản phẩm {{ product.name | upper }}{% if x == \"a\" %}, lưu\n{{ records.retention_years }} năm{% endif %}\n{# ghi\nchú #}{{ missing.key }} {x} {";
        let got = readable_source(src, &vars);
        assert_eq!(got, "Sản phẩm Tôm sú, lưu\n3 năm\n\n… {x} {");
        assert_eq!(got.lines().count(), src.lines().count());
    }
}
