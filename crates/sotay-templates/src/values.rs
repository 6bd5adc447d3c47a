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
