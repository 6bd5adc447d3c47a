//! Typed variable values: validating a handbook's variables against its template's
//! definitions, and reading `--set key=value` by the variable's type.

use std::collections::HashMap;

use regex::Regex;
use serde_json::{Map, Value};
use sotay_model::{gs1, lot, ColumnDef, Diagnostic, VariableDef, VariableKind};

use crate::values::variable_at;

/// Where variable diagnostics point.
pub const VARIABLES_FILE: &str = "variables";

/// Validates every variable of `defs` in `vars` (a nested JSON object). Each problem names the
/// variable by its path (`product.gtin`, `chain.sites[2].lat`) and says what is wrong in vi/en.
pub fn validate_vars(defs: &[VariableDef], vars: &Value) -> Vec<Diagnostic> {
    let mut v = Validator::default();
    for def in defs {
        let value = variable_at(vars, &def.key);
        let label = (def.label.vi.as_str(), def.label.en.as_str());
        if def.kind == VariableKind::Table {
            v.table(def, &def.key, value);
        } else {
            v.value(&def.as_column(), &def.key, label, value);
        }
    }
    for d in &mut v.out {
        if d.hint.is_none() {
            d.hint = hint_for(&d.code);
        }
    }
    v.out
}

/// What to do about a variable problem, by its code.
fn hint_for(code: &str) -> Option<sotay_model::Localized> {
    let (vi, en) = match code {
        "var.check_digit" => (
            "Chép lại mã từ giấy chứng nhận mã số mã vạch; chữ số cuối được tính theo GS1 mod-10.",
            "Copy the number again from the barcode certificate; the last digit is the GS1 mod-10 check digit.",
        ),
        "var.key_format" => (
            "GTIN gồm 8, 12, 13 hoặc 14 chữ số; GLN gồm 13 chữ số; không có dấu cách.",
            "A GTIN has 8, 12, 13 or 14 digits; a GLN has 13; no spaces.",
        ),
        "var.gs1_prefix" => (
            "Dùng mã doanh nghiệp ghi trên giấy chứng nhận của GS1 Việt Nam.",
            "Use the company prefix on the GS1 Vietnam certificate.",
        ),
        "var.date" => ("Nhập ngày dạng 2025-07-01.", "Enter the date as 2025-07-01."),
        "var.range" | "var.number" => (
            "Nhập một số trong khoảng cho phép (dùng dấu chấm hoặc phẩy cho phần thập phân).",
            "Enter a number within the allowed range (a point or comma for decimals).",
        ),
        "var.enum" => ("Chọn một trong các giá trị được liệt kê.", "Choose one of the listed values."),
        "var.pattern" | "var.too_long" => (
            "Sửa giá trị theo định dạng ghi trong phần hướng dẫn của biến.",
            "Fix the value to the format described in the variable's help.",
        ),
        "var.lot_pattern" => (
            "Dùng các thành phần {site}, {YYMMDD}, {seq}… với chữ in hoa, chữ số và dấu gạch ngang, ví dụ {site}-{YYMMDD}-{seq}.",
            "Use {site}, {YYMMDD}, {seq}… with capitals, digits and hyphens, e.g. {site}-{YYMMDD}-{seq}.",
        ),
        "var.unknown_column" => (
            "Xóa cột thừa hoặc kiểm tra lại tên cột trong template.toml.",
            "Remove the extra column or check the column names in template.toml.",
        ),
        "var.type" => (
            "Nhập giá trị đúng kiểu của biến (xem template.toml).",
            "Enter a value of the variable's type (see template.toml).",
        ),
        _ => return None,
    };
    Some(sotay_model::Localized::new(vi, en))
}

#[derive(Default)]
struct Validator {
    regexes: HashMap<String, Option<Regex>>,
    out: Vec<Diagnostic>,
}

fn is_blank(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.trim().is_empty(),
        Some(Value::Array(a)) => a.is_empty(),
        Some(Value::Object(o)) => o.values().all(|x| is_blank(Some(x))),
        _ => false,
    }
}

impl Validator {
    fn push(&mut self, path: &str, code: &str, vi: String, en: String) -> &mut Diagnostic {
        self.out.push(
            Diagnostic::error(code, vi, en)
                .in_file(VARIABLES_FILE)
                .for_key(path),
        );
        self.out.last_mut().expect("just pushed")
    }

    fn regex(&mut self, pattern: &str) -> Option<&Regex> {
        self.regexes
            .entry(pattern.to_owned())
            .or_insert_with(|| Regex::new(&format!("^(?:{pattern})$")).ok())
            .as_ref()
    }

    fn table(&mut self, def: &VariableDef, path: &str, value: Option<&Value>) {
        let (vi, en) = (&def.label.vi, &def.label.en);
        if is_blank(value) {
            if def.required {
                self.push(
                    path,
                    "var.required",
                    format!("Bảng “{vi}” ({path}) chưa có dòng nào nhưng là bắt buộc."),
                    format!("The table “{en}” ({path}) has no rows but is required."),
                );
            }
            return;
        }
        let Some(rows) = value.and_then(Value::as_array) else {
            self.push(
                path,
                "var.type",
                format!("“{vi}” ({path}) phải là một bảng (danh sách các dòng)."),
                format!("“{en}” ({path}) must be a table (a list of rows)."),
            );
            return;
        };
        for (i, row) in rows.iter().enumerate() {
            let row_path = format!("{path}[{}]", i + 1);
            let Some(cells) = row.as_object() else {
                self.push(
                    &row_path,
                    "var.type",
                    format!("Dòng {} của bảng “{vi}” không đúng dạng.", i + 1),
                    format!("Row {} of the table “{en}” is not a record.", i + 1),
                );
                continue;
            };
            for col in &def.columns {
                let cell_path = format!("{row_path}.{}", col.key);
                let label = (col.label.vi.as_str(), col.label.en.as_str());
                self.value(col, &cell_path, label, cells.get(&col.key));
            }
            for key in cells.keys() {
                if !def.columns.iter().any(|c| &c.key == key) {
                    let d = self.push(
                        &format!("{row_path}.{key}"),
                        "var.unknown_column",
                        format!("Bảng “{vi}” không có cột “{key}”."),
                        format!("The table “{en}” has no column “{key}”."),
                    );
                    d.severity = sotay_model::Severity::Warning;
                }
            }
        }
    }

    fn value(&mut self, col: &ColumnDef, path: &str, label: (&str, &str), value: Option<&Value>) {
        let (vi, en) = label;
        if is_blank(value) {
            if col.required {
                self.push(
                    path,
                    "var.required",
                    format!("Chưa nhập “{vi}” ({path}): đây là biến bắt buộc."),
                    format!("“{en}” ({path}) is required but empty."),
                )
                .hint = Some(sotay_model::Localized::new(
                    "Nhập giá trị trong biểu mẫu biến hoặc bằng --set.",
                    "Enter a value in the variables form or with --set.",
                ));
            }
            return;
        }
        let value = value.expect("not blank");
        match col.kind {
            VariableKind::Number => self.number(col, path, label, value),
            VariableKind::Address => self.record(path, label, value, &["province", "commune"]),
            VariableKind::Person => self.record(path, label, value, &["name"]),
            VariableKind::Table => {
                self.push(
                    path,
                    "var.type",
                    format!("“{vi}” ({path}): bảng lồng trong bảng không được hỗ trợ."),
                    format!("“{en}” ({path}): tables inside tables are not supported."),
                );
            }
            _ => {
                let Some(text) = value.as_str() else {
                    self.push(
                        path,
                        "var.type",
                        format!("“{vi}” ({path}) phải là văn bản."),
                        format!("“{en}” ({path}) must be text."),
                    );
                    return;
                };
                self.text(col, path, label, text.trim());
            }
        }
    }

    fn number(&mut self, col: &ColumnDef, path: &str, label: (&str, &str), value: &Value) {
        let (vi, en) = label;
        let Some(n) = value.as_f64().filter(|n| n.is_finite()) else {
            self.push(
                path,
                "var.number",
                format!("“{vi}” ({path}) phải là một số."),
                format!("“{en}” ({path}) must be a number."),
            );
            return;
        };
        let limit = sotay_model::template::NUMBER_LIMIT;
        if col.min.is_none() && col.max.is_none() && n.abs() > limit {
            self.push(
                path,
                "var.range",
                format!("“{vi}” ({path}) = {n} vượt quá giới hạn ±{limit} của một số."),
                format!("“{en}” ({path}) = {n} is beyond the limit of ±{limit} for a number."),
            );
        }
        let unit_in = |lang| {
            col.unit
                .as_deref()
                .map(|u| format!(" {}", sotay_model::text::unit_label(u, lang)))
                .unwrap_or_default()
        };
        let (unit, unit_en) = (
            unit_in(sotay_model::Lang::Vi),
            unit_in(sotay_model::Lang::En),
        );
        if let Some(min) = col.min.filter(|m| n < *m) {
            self.push(
                path,
                "var.range",
                format!("“{vi}” ({path}) = {n}{unit} nhỏ hơn mức tối thiểu {min}{unit}."),
                format!("“{en}” ({path}) = {n}{unit_en} is below the minimum {min}{unit_en}."),
            );
        }
        if let Some(max) = col.max.filter(|m| n > *m) {
            self.push(
                path,
                "var.range",
                format!("“{vi}” ({path}) = {n}{unit} lớn hơn mức tối đa {max}{unit}."),
                format!("“{en}” ({path}) = {n}{unit_en} is above the maximum {max}{unit_en}."),
            );
        }
    }

    fn record(&mut self, path: &str, label: (&str, &str), value: &Value, required: &[&str]) {
        let (vi, en) = label;
        let Some(o) = value.as_object() else {
            self.push(
                path,
                "var.type",
                format!(
                    "“{vi}” ({path}) phải có các trường {}.",
                    required.join(", ")
                ),
                format!(
                    "“{en}” ({path}) must have the fields {}.",
                    required.join(", ")
                ),
            );
            return;
        };
        for field in required {
            if is_blank(o.get(*field)) {
                let (fvi, fen) = field_label(field);
                self.push(
                    &format!("{path}.{field}"),
                    "var.required",
                    format!("“{vi}” ({path}) thiếu {fvi}."),
                    format!("“{en}” ({path}) has no {fen}."),
                );
            }
        }
    }

    fn text(&mut self, col: &ColumnDef, path: &str, label: (&str, &str), text: &str) {
        let (vi, en) = label;
        if let Some(max) = col.max_len.filter(|m| text.chars().count() > *m as usize) {
            self.push(
                path,
                "var.too_long",
                format!(
                    "“{vi}” ({path}) dài {} ký tự, tối đa {max}.",
                    text.chars().count()
                ),
                format!(
                    "“{en}” ({path}) is {} characters long; at most {max}.",
                    text.chars().count()
                ),
            );
        }
        if let Some(pattern) = col.pattern.clone() {
            match self.regex(&pattern) {
                Some(re) if !re.is_match(text) => {
                    self.push(
                        path,
                        "var.pattern",
                        format!("“{vi}” ({path}) = “{text}” không đúng định dạng {pattern}."),
                        format!("“{en}” ({path}) = “{text}” does not match {pattern}."),
                    );
                }
                Some(_) => {}
                None => {
                    self.push(
                        path,
                        "template.pattern",
                        format!("Biểu thức kiểm tra của “{vi}” không hợp lệ: {pattern}"),
                        format!("The validation pattern of “{en}” is invalid: {pattern}"),
                    );
                }
            }
        }
        match col.kind {
            VariableKind::Date => {
                let format = time::macros::format_description!("[year]-[month]-[day]");
                if time::Date::parse(text, format).is_err() {
                    self.push(
                        path,
                        "var.date",
                        format!("“{vi}” ({path}) = “{text}” không phải ngày hợp lệ dạng NNNN-TT-NN (ví dụ 2025-07-01)."),
                        format!("“{en}” ({path}) = “{text}” is not a valid date YYYY-MM-DD (e.g. 2025-07-01)."),
                    );
                }
            }
            VariableKind::Enum if !col.options.iter().any(|o| o.value == text) => {
                let choices: Vec<_> = col.options.iter().map(|o| o.value.as_str()).collect();
                self.push(
                    path,
                    "var.enum",
                    format!(
                        "“{vi}” ({path}) = “{text}” không thuộc các lựa chọn: {}.",
                        choices.join(", ")
                    ),
                    format!(
                        "“{en}” ({path}) = “{text}” is not one of: {}.",
                        choices.join(", ")
                    ),
                );
            }
            VariableKind::Gtin | VariableKind::Gln => {
                let (name, result) = if col.kind == VariableKind::Gtin {
                    ("GTIN", gs1::validate_gtin(text))
                } else {
                    ("GLN", gs1::validate_gln(text))
                };
                if let Err(e) = result {
                    let (evi, een) = key_error_text(&e);
                    let code = match e {
                        gs1::KeyError::BadCheckDigit { .. } => "var.check_digit",
                        _ => "var.key_format",
                    };
                    self.push(
                        path,
                        code,
                        format!("“{vi}” ({path}) = “{text}” không phải mã {name} hợp lệ: {evi}."),
                        format!("“{en}” ({path}) = “{text}” is not a valid {name}: {een}."),
                    );
                }
            }
            VariableKind::Gs1Prefix if gs1::validate_vn_company_prefix(text).is_err() => {
                self.push(
                        path,
                        "var.gs1_prefix",
                        format!("“{vi}” ({path}) = “{text}”: mã doanh nghiệp GS1 Việt Nam gồm 7–10 chữ số, bắt đầu bằng 893."),
                        format!("“{en}” ({path}) = “{text}”: a Vietnamese GS1 company prefix is 7–10 digits starting with 893."),
                    );
            }
            VariableKind::LotPattern => {
                if let Err(e) = lot::validate_lot_pattern(text) {
                    self.push(
                        path,
                        "var.lot_pattern",
                        format!(
                            "“{vi}” ({path}) = “{text}” không phải quy tắc mã lô hợp lệ: {}.",
                            lot_error_vi(&e)
                        ),
                        format!("“{en}” ({path}) = “{text}” is not a valid lot-code pattern: {e}."),
                    );
                }
            }
            _ => {}
        }
    }
}

fn field_label(field: &str) -> (&'static str, &'static str) {
    match field {
        "province" => ("tỉnh, thành phố", "the province"),
        "commune" => ("xã, phường", "the commune or ward"),
        "name" => ("họ tên", "the name"),
        _ => ("một trường bắt buộc", "a required field"),
    }
}

/// A GS1 key error in Vietnamese and English.
pub fn key_error_text(e: &gs1::KeyError) -> (String, String) {
    (e.vi(), e.to_string())
}

fn lot_error_vi(e: &lot::LotPatternError) -> String {
    use lot::LotPatternError::*;
    match e {
        Empty => "quy tắc để trống".into(),
        UnknownPlaceholder(p) => format!("không có thành phần {{{p}}}"),
        Unclosed => "thiếu dấu “}”".into(),
        BadCharacter(c) => format!("ký tự “{c}” không được dùng (chỉ A–Z, 0–9, -)"),
        TooLong(n) => format!("mã tạo ra có thể dài {n} ký tự, tối đa 20"),
        NoSequence => "thiếu {seq}: các lô cùng ngày sẽ trùng mã".into(),
    }
}

/// A `--set key=value` that could not be applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetError {
    pub key: String,
    pub message: sotay_model::Localized,
}

/// Applies one `key=value` to `vars`, converting the text by the variable's type: numbers
/// (a decimal comma is accepted), text for the others; `organization.address.commune=…`
/// sets one field of an address or person. Tables are set from a `--vars` file.
pub fn apply_set(defs: &[VariableDef], vars: &mut Value, assignment: &str) -> Result<(), SetError> {
    let (key, raw) = assignment.split_once('=').ok_or_else(|| SetError {
        key: assignment.to_owned(),
        message: sotay_model::Localized::new(
            format!("“{assignment}” phải có dạng khóa=giá_trị, ví dụ product.gtin=8931234567897"),
            format!("“{assignment}” must be key=value, e.g. product.gtin=8931234567897"),
        ),
    })?;
    let key = key.trim();
    let raw = sotay_model::text::nfc(raw.trim());
    let exact = defs.iter().find(|d| d.key == key);
    let parent = defs.iter().find(|d| {
        matches!(d.kind, VariableKind::Address | VariableKind::Person)
            && key
                .strip_prefix(d.key.as_str())
                .is_some_and(|r| r.starts_with('.'))
    });
    let value = match (exact, parent) {
        (Some(d), _) if d.kind == VariableKind::Table => {
            return Err(SetError {
                key: key.to_owned(),
                message: sotay_model::Localized::new(
                    format!("“{key}” là một bảng: hãy khai báo trong tệp --vars."),
                    format!("“{key}” is a table: give it in a --vars file."),
                ),
            })
        }
        (Some(d), _) if matches!(d.kind, VariableKind::Address | VariableKind::Person) => {
            return Err(SetError {
                key: key.to_owned(),
                message: sotay_model::Localized::new(
                    format!(
                        "“{key}” gồm nhiều trường: đặt từng trường, ví dụ {key}.{}=…",
                        if d.kind == VariableKind::Person {
                            "name"
                        } else {
                            "commune"
                        }
                    ),
                    format!(
                        "“{key}” has several fields: set each, e.g. {key}.{}=…",
                        if d.kind == VariableKind::Person {
                            "name"
                        } else {
                            "commune"
                        }
                    ),
                ),
            })
        }
        (Some(d), _) if d.kind == VariableKind::Number => {
            let n: f64 = raw.replace(',', ".").parse().map_err(|_| SetError {
                key: key.to_owned(),
                message: sotay_model::Localized::new(
                    format!(
                        "“{}” ({key}) phải là một số, không phải “{raw}”.",
                        d.label.vi
                    ),
                    format!("“{}” ({key}) must be a number, not “{raw}”.", d.label.en),
                ),
            })?;
            let (lo, hi) = (
                d.min.unwrap_or(-sotay_model::template::NUMBER_LIMIT),
                d.max.unwrap_or(sotay_model::template::NUMBER_LIMIT),
            );
            if !n.is_finite() || n < lo || n > hi {
                return Err(SetError {
                    key: key.to_owned(),
                    message: sotay_model::Localized::new(
                        format!(
                            "“{}” ({key}) phải là một số từ {lo} đến {hi}, không phải “{raw}”.",
                            d.label.vi
                        ),
                        format!(
                            "“{}” ({key}) must be a number from {lo} to {hi}, not “{raw}”.",
                            d.label.en
                        ),
                    ),
                });
            }
            if n.fract() == 0.0 {
                Value::from(n as i64)
            } else {
                serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number)
            }
        }
        (Some(_), _) | (None, Some(_)) => Value::String(raw),
        (None, None) => {
            let near: Vec<&str> = defs
                .iter()
                .map(|d| d.key.as_str())
                .filter(|k| {
                    let last = key.rsplit('.').next().unwrap_or(key);
                    k.contains(last) || key.split('.').next().is_some_and(|f| k.starts_with(f))
                })
                .take(5)
                .collect();
            let (svi, sen) = if near.is_empty() {
                (String::new(), String::new())
            } else {
                (
                    format!(" Có phải: {}?", near.join(", ")),
                    format!(" Did you mean: {}?", near.join(", ")),
                )
            };
            return Err(SetError {
                key: key.to_owned(),
                message: sotay_model::Localized::new(
                    format!("Mẫu không có biến “{key}”.{svi}"),
                    format!("The template has no variable “{key}”.{sen}"),
                ),
            });
        }
    };
    set_at(vars, key, value);
    Ok(())
}

/// Sets the value at a dotted path, creating the objects on the way.
pub fn set_at(vars: &mut Value, key: &str, value: Value) {
    let mut parts = key.split('.').peekable();
    let mut here = vars;
    while let Some(part) = parts.next() {
        if !here.is_object() {
            *here = Value::Object(Map::new());
        }
        let map = here.as_object_mut().expect("made an object");
        if parts.peek().is_none() {
            map.insert(part.to_owned(), value);
            return;
        }
        here = map
            .entry(part.to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn defs() -> Vec<VariableDef> {
        let manifest = r#"
[[variables]]
key = "product.gtin"
type = "gtin"
required = true
label = { vi = "Mã GTIN", en = "GTIN" }
[[variables]]
key = "organization.gln"
type = "gln"
label = { vi = "GLN", en = "GLN" }
[[variables]]
key = "product.shelf_life_months"
type = "number"
unit = "tháng"
min = 0
max = 60
label = { vi = "Hạn sử dụng", en = "Shelf life" }
[[variables]]
key = "edition.date"
type = "date"
label = { vi = "Ngày", en = "Date" }
[[variables]]
key = "product.species"
type = "enum"
label = { vi = "Loài", en = "Species" }
options = [{ value = "su", label = { vi = "Sú", en = "Tiger" } }]
[[variables]]
key = "lot_rule.pattern"
type = "lot_pattern"
label = { vi = "Mã lô", en = "Lot code" }
[[variables]]
key = "organization.address"
type = "address"
label = { vi = "Địa chỉ", en = "Address" }
[[variables]]
key = "chain.sites"
type = "table"
label = { vi = "Địa điểm", en = "Sites" }
columns = [
  { key = "code", type = "text", pattern = "[A-Z0-9]{2,8}", label = { vi = "Mã", en = "Code" }, required = true },
  { key = "lat", type = "number", min = -90, max = 90, label = { vi = "Vĩ độ", en = "Latitude" } },
]
"#;
        #[derive(serde::Deserialize)]
        struct M {
            variables: Vec<VariableDef>,
        }
        toml::from_str::<M>(manifest).unwrap().variables
    }

    fn codes(vars: &Value) -> Vec<(String, String)> {
        validate_vars(&defs(), vars)
            .into_iter()
            .map(|d| (d.key.unwrap_or_default(), d.code))
            .collect()
    }

    #[test]
    fn good_values_pass() {
        let vars = json!({
            "product": {"gtin": "8931234567897", "shelf_life_months": 24, "species": "su"},
            "organization": {"gln": "8931234567897", "address": {"province": "An Giang", "commune": "Thạnh Đông"}},
            "edition": {"date": "2025-07-01"},
            "lot_rule": {"pattern": "{site}-{YYMMDD}-{seq}"},
            "chain": {"sites": [{"code": "AO01", "lat": 9.8}]}
        });
        assert_eq!(codes(&vars), vec![]);
    }

    #[test]
    fn every_type_reports_its_own_problem() {
        let vars = json!({
            "product": {"gtin": "8934567000014", "shelf_life_months": 72, "species": "the"},
            "organization": {"gln": "893123", "address": {"province": "An Giang"}},
            "edition": {"date": "2025-02-30"},
            "lot_rule": {"pattern": "{pond}-{seq}"},
            "chain": {"sites": [{"code": "ao 1", "lat": 99, "depth": 2}, {"lat": 9}]}
        });
        assert_eq!(
            codes(&vars),
            [
                ("product.gtin", "var.check_digit"),
                ("organization.gln", "var.key_format"),
                ("product.shelf_life_months", "var.range"),
                ("edition.date", "var.date"),
                ("product.species", "var.enum"),
                ("lot_rule.pattern", "var.lot_pattern"),
                ("organization.address.commune", "var.required"),
                ("chain.sites[1].code", "var.pattern"),
                ("chain.sites[1].lat", "var.range"),
                ("chain.sites[1].depth", "var.unknown_column"),
                ("chain.sites[2].code", "var.required"),
            ]
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
        );
        let d = validate_vars(&defs(), &vars);
        assert!(
            d[0].message.vi.contains("chữ số kiểm tra là 4"),
            "{}",
            d[0].message.vi
        );
    }

    #[test]
    fn set_converts_by_type_and_names_unknown_keys() {
        let defs = defs();
        let mut vars = json!({});
        apply_set(&defs, &mut vars, "product.shelf_life_months=1,5").unwrap();
        apply_set(&defs, &mut vars, "product.gtin= 8931234567897 ").unwrap();
        apply_set(&defs, &mut vars, "organization.address.commune=Thạnh Đông").unwrap();
        assert_eq!(
            vars,
            json!({"product": {"shelf_life_months": 1.5, "gtin": "8931234567897"},
                   "organization": {"address": {"commune": "Thạnh Đông"}}})
        );
        let e = apply_set(&defs, &mut vars, "product.gtn=1").unwrap_err();
        assert!(e.message.en.contains("product.gtin"), "{}", e.message.en);
        assert!(apply_set(&defs, &mut vars, "chain.sites=x").is_err());
        assert!(apply_set(&defs, &mut vars, "product.shelf_life_months=abc").is_err());
        assert!(apply_set(&defs, &mut vars, "no-equals-sign").is_err());
    }
}
