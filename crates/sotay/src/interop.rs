//! Interoperability exports (issue 8): EPCIS 2.0 JSON-LD of the handbook's CTE definitions and
//! of the trace tests of an assessment, the national-portal package of a product (Circular
//! 02/2024 minimum public information) and the trace-test CSV.

use std::path::Path;

use serde_json::{json, Value};
use sotay_model::gs1;
use sotay_model::verdict::Direction;
use sotay_templates::variable_at;

use crate::{Error, ErrorCode, Workspace};

fn bad(vi: impl Into<String>, en: impl Into<String>) -> Error {
    Error::localized(ErrorCode::InvalidInput, vi, en)
}

/// UN/ECE Recommendation 20 code and factor for a unit Sotay knows.
pub fn rec20(unit: &str) -> Option<(&'static str, f64)> {
    let u = sotay_model::text::nfc(unit.trim()).to_lowercase();
    Some(match u.as_str() {
        "kg" | "kilogam" | "kilogram" => ("KGM", 1.0),
        "g" | "gam" | "gram" => ("GRM", 1.0),
        "yến" => ("KGM", 10.0),
        "tạ" => ("DTN", 1.0),
        "t" | "tấn" | "tan" | "tonne" => ("TNE", 1.0),
        "con" | "cá thể" | "pcs" | "cái" => ("H87", 1.0),
        "thùng" | "case" => ("CS", 1.0),
        "bao" | "bag" => ("BG", 1.0),
        "l" | "lít" | "litre" | "liter" => ("LTR", 1.0),
        "ml" => ("MLT", 1.0),
        _ => return None,
    })
}

/// `urn:epc:id:sgln:` of a GLN, with the company prefix when it is known (else 7 digits, the
/// shortest Vietnamese prefix 893xxxx).
pub fn sgln(gln: &str, prefix: Option<&str>) -> Option<String> {
    gs1::validate_gln(gln).ok()?;
    let n = prefix
        .filter(|p| gln.starts_with(*p) && (6..=12).contains(&p.len()))
        .map_or(7, str::len);
    Some(format!("urn:epc:id:sgln:{}.{}.0", &gln[..n], &gln[n..12]))
}

fn event_time(date: &str) -> String {
    format!("{}T00:00:00+07:00", date.get(..10).unwrap_or("1970-01-01"))
}

/// The columns of `portal-events.csv`, one traceability event a row.
const EVENT_COLUMNS: [&str; 14] = [
    "event_type",
    "biz_step",
    "step",
    "event_time",
    "lot",
    "gtin",
    "location_gln",
    "source",
    "destination",
    "quantity",
    "uom",
    "reference_document",
    "pilot",
    "direction",
];

/// The CBV business step, action and event type for a CTE named in Vietnamese or English.
fn classify(event: &str) -> (&'static str, &'static str, Option<&'static str>, bool) {
    let e = event.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| e.contains(w));
    if has(&[
        "chế biến",
        "sơ chế",
        "xay",
        "sấy",
        "cấp đông",
        "lột",
        "phân cỡ",
        "transform",
        "process",
        "mill",
    ]) {
        ("commissioning", "ADD", Some("active"), true)
    } else if has(&[
        "thu hoạch",
        "harvest",
        "tạo lô",
        "xuất bán giống",
        "sản xuất giống",
        "commission",
    ]) {
        ("commissioning", "ADD", Some("active"), false)
    } else if has(&["đóng gói", "đóng thùng", "pack", "dán nhãn"]) {
        ("packing", "OBSERVE", Some("in_progress"), false)
    } else if has(&["tiếp nhận", "nhận", "nhập", "thu mua", "receiv"]) {
        ("receiving", "OBSERVE", Some("active"), false)
    } else if has(&["xuất", "giao", "bán", "vận chuyển", "ship", "dispatch"]) {
        ("shipping", "OBSERVE", Some("in_transit"), false)
    } else if has(&["kiểm tra", "quan trắc", "theo dõi", "inspect"]) {
        ("inspecting", "OBSERVE", None, false)
    } else {
        ("other", "OBSERVE", None, false)
    }
}

fn document(events: Vec<Value>, created: &str) -> Value {
    json!({
        "@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": created,
        "epcisBody": { "eventList": events },
    })
}

/// What a file for other systems is written from (`write_interop`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum InteropKind {
    Assessment,
    Handbook,
}

/// Files for other systems: EPCIS 2.0 JSON-LD, or the trace-test spreadsheet (CSV).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum DataFormat {
    Jsonld,
    Csv,
}

impl Workspace {
    fn product_keys(&self, vars: &Value) -> (Option<String>, Option<String>, Option<String>) {
        let s = |k: &str| {
            variable_at(vars, k)
                .and_then(Value::as_str)
                .map(str::to_owned)
                .filter(|x| !x.is_empty())
        };
        (
            s("product.gtin"),
            s("organization.gln"),
            s("organization.gs1_prefix"),
        )
    }

    /// EPCIS 2.0 JSON-LD of a handbook's CTE definitions: one event per row of its CTE table.
    pub fn epcis_handbook(&self, handbook: &str) -> Result<Value, Error> {
        let id = self.resolve_handbook(handbook)?;
        let h = self.store.handbook(&id)?;
        let (gtin, gln, prefix) = self.product_keys(&h.variables);
        let date = variable_at(&h.variables, "edition.date")
            .and_then(Value::as_str)
            .unwrap_or(&h.summary.updated_at)
            .to_owned();
        let time = event_time(&date);
        let location = gln.as_deref().and_then(|g| sgln(g, prefix.as_deref()));
        let class = gtin
            .as_deref()
            .and_then(|g| gs1::gtin14(g).ok())
            .map(|g| format!("https://id.gs1.org/01/{g}"));
        let rows = variable_at(&h.variables, "cte_table")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let mut events = Vec::new();
        for row in rows {
            let name = row.get("event").and_then(Value::as_str).unwrap_or_default();
            let (step, action, disposition, transformation) = classify(name);
            let mut e = if transformation {
                json!({"type": "TransformationEvent", "eventTime": time, "eventTimeZoneOffset": "+07:00"})
            } else {
                json!({"type": "ObjectEvent", "eventTime": time, "eventTimeZoneOffset": "+07:00", "action": action})
            };
            e["bizStep"] = json!(step);
            if let Some(d) = disposition {
                e["disposition"] = json!(d);
            }
            if let Some(loc) = &location {
                e["readPoint"] = json!({"id": loc});
                e["bizLocation"] = json!({"id": loc});
            }
            let product = class
                .clone()
                .unwrap_or_else(|| "urn:sotay:class:product".to_owned());
            if transformation {
                // The inputs of a defined CTE are the lots it consumes, named by the CTE.
                let input = format!("urn:sotay:class:input:{}", sotay_model::text::slug(name));
                e["inputQuantityList"] = json!([{ "epcClass": input }]);
                e["outputQuantityList"] = json!([{ "epcClass": product }]);
            } else {
                e["quantityList"] = json!([{ "epcClass": product }]);
            }
            events.push(e);
        }
        Ok(document(events, &event_time(&date)))
    }

    /// EPCIS 2.0 JSON-LD of the trace tests of an assessment: one observation per test of the
    /// lot it started from, with its quantity (UN/ECE Rec 20 unit) at the pilot's location.
    pub fn epcis_assessment(&self, assessment: &str) -> Result<Value, Error> {
        let a = self.store.assessment(assessment)?.summary;
        let vars = match &a.handbook_id {
            Some(h) => self.store.handbook(h)?.variables,
            None => Value::Null,
        };
        let (gtin, gln, prefix) = self.product_keys(&vars);
        let location = gln.as_deref().and_then(|g| sgln(g, prefix.as_deref()));
        let gtin14 = gtin.as_deref().and_then(|g| gs1::gtin14(g).ok());
        let mut events = Vec::new();
        for t in self.trace_tests(assessment)? {
            let offset = t
                .finished
                .get(t.finished.len().saturating_sub(6)..)
                .filter(|o| o.starts_with(['+', '-']))
                .unwrap_or("+00:00");
            let lot = utf8_percent(&t.lot);
            let class = match &gtin14 {
                Some(g) => format!("https://id.gs1.org/01/{g}/10/{lot}"),
                None => format!("urn:sotay:lot:{lot}"),
            };
            let mut q = json!({ "epcClass": class, "quantity": t.input_qty });
            if let Some((code, factor)) = rec20(&t.unit) {
                q["quantity"] = json!(t.input_qty * factor);
                q["uom"] = json!(code);
            }
            let mut e = json!({
                "type": "ObjectEvent",
                "eventTime": if t.finished.ends_with('Z') || t.finished.len() > 19 { t.finished.clone() } else { format!("{}Z", t.finished) },
                "eventTimeZoneOffset": if offset == "Z" { "+00:00" } else { offset },
                "action": "OBSERVE",
                "bizStep": "inspecting",
                "quantityList": [q],
            });
            if let Some(loc) = &location {
                e["readPoint"] = json!({"id": loc});
                e["bizLocation"] = json!({"id": loc});
            }
            if t.direction == Direction::Forward {
                e["disposition"] = json!("active");
            }
            // The lots the test found, as one more observation listing each lot and quantity.
            if !t.lots.is_empty() {
                let list: Vec<Value> = t
                    .lots
                    .iter()
                    .map(|l| {
                        let lot = utf8_percent(&l.lot);
                        let class = match &gtin14 {
                            Some(g) => format!("https://id.gs1.org/01/{g}/10/{lot}"),
                            None => format!("urn:sotay:lot:{lot}"),
                        };
                        let unit = if l.unit.is_empty() { &t.unit } else { &l.unit };
                        let mut q = json!({ "epcClass": class });
                        if let Some(qty) = l.quantity {
                            q["quantity"] = json!(qty);
                            if let Some((code, factor)) = rec20(unit) {
                                q["quantity"] = json!(qty * factor);
                                q["uom"] = json!(code);
                            }
                        }
                        q
                    })
                    .collect();
                let mut found = e.clone();
                found["quantityList"] = json!(list);
                events.push(e);
                events.push(found);
                continue;
            }
            events.push(e);
        }
        Ok(document(events, &event_time(&a.date)))
    }

    /// The national-portal package of a handbook's product: `portal.json` and `portal.csv`
    /// with the minimum public information of Circular 02/2024, checked before anything is written.
    pub fn portal_package(&self, handbook: &str, dir: &Path) -> Result<Vec<String>, Error> {
        let id = self.resolve_handbook(handbook)?;
        let h = self.store.handbook(&id)?;
        let v = &h.variables;
        let s = |k: &str| {
            variable_at(v, k)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        let n = |k: &str| variable_at(v, k).and_then(Value::as_f64);
        let address = variable_at(v, "organization.address")
            .cloned()
            .unwrap_or(Value::Null);
        let address_text = ["street", "commune", "province"]
            .iter()
            .filter_map(|k| {
                address
                    .get(*k)
                    .and_then(Value::as_str)
                    .filter(|x| !x.is_empty())
            })
            .collect::<Vec<_>>()
            .join(", ");
        let record = json!({
            "product_name": s("product.name"),
            "gtin": s("product.gtin"),
            "brand": s("product.brand"),
            "producer": s("organization.name"),
            "producer_gln": s("organization.gln"),
            "producer_address": address_text,
            "net_quantity": n("product.net_weight"),
            "unit": "KGM",
            "shelf_life_months": n("product.shelf_life_months"),
            "storage_conditions": s("product.storage_conditions"),
            "standards": s("product.standards"),
            "lot_example": s("lot_rule.example_pack"),
            "image": match s("product.image_url") {
                i if i.is_empty() => self.catalogue_image(&id)?,
                i => i,
            },
            "handbook_title": h.summary.title,
        });
        let mut problems: Vec<(String, String)> = Vec::new();
        for (key, vi) in [
            ("product_name", "tên sản phẩm"),
            ("producer", "tên tổ chức"),
            ("producer_address", "địa chỉ"),
        ] {
            if record[key].as_str().unwrap_or_default().is_empty() {
                problems.push((format!("thiếu {vi}"), format!("{key} is missing")));
            }
        }
        if let Err(e) = gs1::validate_gtin(&s("product.gtin")) {
            problems.push((format!("GTIN: {}", e.vi()), format!("GTIN: {e}")));
        }
        if let Err(e) = gs1::validate_gln(&s("organization.gln")) {
            problems.push((format!("GLN: {}", e.vi()), format!("GLN: {e}")));
        }
        if record["net_quantity"].is_null() {
            problems.push((
                "thiếu khối lượng tịnh".into(),
                "net quantity is missing".into(),
            ));
        }
        // Circular 02/2024 Art. 6.5: the product image is part of the minimum information.
        if record["image"].as_str().unwrap_or_default().is_empty() {
            problems.push((
                "thiếu ảnh sản phẩm (product.image_url)".into(),
                "the product image is missing (product.image_url)".into(),
            ));
        }
        let (lots, events) = self.portal_lots(&id, &record, &mut problems)?;
        if lots.is_empty() && problems.is_empty() {
            problems.push((
                "chưa có lô, sự kiện truy xuất nào ghi thời gian sản xuất, kinh doanh (ghi lần truy xuất thử của mô hình áp dụng sổ tay này)".into(),
                "no lot or traceability event with its time (record a trace test of a pilot applying this handbook)".into(),
            ));
        }
        if !problems.is_empty() {
            return Err(bad(
                format!(
                    "Gói dữ liệu cho Cổng chưa đủ điều kiện, không ghi gì: {}.",
                    problems
                        .iter()
                        .map(|p| p.0.clone())
                        .collect::<Vec<_>>()
                        .join("; ")
                ),
                format!(
                    "The portal package is not ready; nothing was written: {}.",
                    problems
                        .iter()
                        .map(|p| p.1.clone())
                        .collect::<Vec<_>>()
                        .join("; ")
                ),
            ));
        }
        let mut w = crate::sheet::Sheet::new();
        const COLUMNS: [&str; 14] = [
            "product_name",
            "gtin",
            "brand",
            "producer",
            "producer_gln",
            "producer_address",
            "net_quantity",
            "unit",
            "shelf_life_months",
            "storage_conditions",
            "standards",
            "lot_example",
            "image",
            "handbook_title",
        ];
        w.row(COLUMNS)?;
        w.row(COLUMNS.iter().map(|k| match &record[*k] {
            Value::String(s) => s.clone(),
            Value::Null => String::new(),
            other => other.to_string(),
        }))?;
        let csv_bytes = w.into_bytes()?;
        std::fs::create_dir_all(dir).map_err(|e| {
            bad(
                format!("Không tạo được thư mục “{}”: {e}", dir.display()),
                format!("Cannot create “{}”: {e}", dir.display()),
            )
        })?;
        let mut ev = crate::sheet::Sheet::new();
        ev.row(EVENT_COLUMNS)?;
        for e in &events {
            ev.row(EVENT_COLUMNS.iter().map(|k| match &e[*k] {
                Value::String(s) => s.clone(),
                Value::Null => String::new(),
                other => other.to_string(),
            }))?;
        }
        let events_csv = ev.into_bytes()?;
        let json_bytes = serde_json::to_vec_pretty(&json!({
            "format": "sotay-portal",
            "version": 2,
            "products": [record],
            "lots": lots,
            "events": events,
        }))
        .unwrap_or_default();
        crate::output::write_output(&dir.join("portal.json"), &json_bytes)?;
        crate::output::write_output(&dir.join("portal.csv"), &csv_bytes)?;
        crate::output::write_output(&dir.join("portal-events.csv"), &events_csv)?;
        Ok(vec![
            "portal.json".into(),
            "portal.csv".into(),
            "portal-events.csv".into(),
        ])
    }

    /// The lots the trace tests of the handbook's pilots recorded, and one traceability event
    /// per lot (what, when, where, from, to), for the portal package. A lot without its code or
    /// a valid date is named in `problems` (Vietnamese, English).
    fn portal_lots(
        &self,
        handbook_id: &str,
        product: &Value,
        problems: &mut Vec<(String, String)>,
    ) -> Result<(Vec<Value>, Vec<Value>), Error> {
        let gtin = product["gtin"].as_str().unwrap_or_default().to_owned();
        let gln = product["producer_gln"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let (mut lots, mut events) = (Vec::new(), Vec::new());
        let mut assessments = self.store.assessments(None)?;
        assessments.retain(|a| a.handbook_id.as_deref() == Some(handbook_id));
        assessments.sort_by(|a, b| a.date.cmp(&b.date).then(a.id.cmp(&b.id)));
        for a in &assessments {
            for t in self.trace_tests(&a.id)? {
                let direction = match t.direction {
                    Direction::Backward => ("truy xuất ngược", "backward"),
                    Direction::Forward => ("truy xuất xuôi", "forward"),
                };
                let rows: Vec<sotay_model::assessment::TraceLot> = if t.lots.is_empty() {
                    vec![sotay_model::assessment::TraceLot {
                        lot: t.lot.clone(),
                        quantity: Some(t.input_qty),
                        unit: t.unit.clone(),
                        date: t.finished.get(..10).unwrap_or_default().to_owned(),
                        product: String::new(),
                        from: String::new(),
                        to: String::new(),
                        reference: t.note.clone(),
                        step: String::new(),
                    }]
                } else {
                    t.lots.clone()
                };
                for (i, l) in rows.iter().enumerate() {
                    let at_vi = format!(
                        "lô thứ {} của lần {} ngày {} ({})",
                        i + 1,
                        direction.0,
                        crate::plan_report::dmy(&a.date),
                        a.pilot_name
                    );
                    let at_en = format!(
                        "lot {} of the {} trace test of {} ({})",
                        i + 1,
                        direction.1,
                        a.date,
                        a.pilot_name
                    );
                    if l.lot.trim().is_empty() {
                        problems.push((
                            format!("{at_vi}: thiếu mã lô"),
                            format!("{at_en}: the lot code is missing"),
                        ));
                    } else if !gs1::is_ai10_lot(&l.lot) {
                        problems.push((
                            format!(
                                "{at_vi}: mã lô “{}” không mã hóa được theo GS1 AI (10) (tối đa 20 ký tự chữ, số và !\"%&'()*+,-./:;<=>?_)",
                                l.lot
                            ),
                            format!(
                                "{at_en}: the lot code “{}” cannot be carried as GS1 AI (10) (at most 20 letters, digits and !\"%&'()*+,-./:;<=>?_)",
                                l.lot
                            ),
                        ));
                    }
                    if crate::plan::date_string(&l.date).is_err() {
                        problems.push((
                            format!("{at_vi}: thiếu thời gian sự kiện (ngày)"),
                            format!("{at_en}: the event time (date) is missing or not a date"),
                        ));
                    }
                    let unit = if l.unit.is_empty() { &t.unit } else { &l.unit };
                    let (uom, quantity) = match (rec20(unit), l.quantity) {
                        (Some((code, factor)), Some(q)) => (json!(code), json!(q * factor)),
                        (None, Some(q)) => (json!(unit), json!(q)),
                        (_, None) => (Value::Null, Value::Null),
                    };
                    let step = if l.step.is_empty() {
                        match t.direction {
                            Direction::Backward => "tiếp nhận",
                            Direction::Forward => "xuất bán",
                        }
                        .to_owned()
                    } else {
                        l.step.clone()
                    };
                    let (biz_step, action, _, transformation) = classify(&step);
                    lots.push(json!({
                        "lot": l.lot,
                        "gtin": gtin,
                        "product": if l.product.is_empty() { product["product_name"].clone() } else { json!(l.product) },
                        "quantity": quantity,
                        "uom": uom,
                        "date": l.date,
                        "pilot": a.pilot_name,
                    }));
                    events.push(json!({
                        "event_type": if transformation { "TransformationEvent" } else { "ObjectEvent" },
                        "action": if transformation { Value::Null } else { json!(action) },
                        "biz_step": biz_step,
                        "step": step,
                        "event_time": event_time(&l.date),
                        "lot": l.lot,
                        "gtin": gtin,
                        "location_gln": gln,
                        "source": l.from,
                        "destination": l.to,
                        "quantity": quantity,
                        "uom": uom,
                        "reference_document": l.reference,
                        "pilot": a.pilot_name,
                        "direction": direction.1,
                    }));
                }
            }
        }
        Ok((lots, events))
    }

    /// The "sortable spreadsheet" of an assessment's trace tests.
    pub fn trace_csv(&self, assessment: &str) -> Result<String, Error> {
        let a = self.store.assessment(assessment)?.summary;
        let product = a
            .handbook_id
            .as_deref()
            .and_then(|h| self.store.handbook(h).ok())
            .map(|h| h.summary.product)
            .unwrap_or_default();
        let mut w = crate::sheet::Sheet::new();
        w.row([
            "lot",
            "product",
            "quantity",
            "unit",
            "date",
            "from",
            "to",
            "reference_document",
            "direction",
            "links_found",
            "links_expected",
            "step",
        ])?;
        for t in self.trace_tests(assessment)? {
            let dir = match t.direction {
                Direction::Backward => "backward",
                Direction::Forward => "forward",
            };
            // Recorded lot by lot: the sortable spreadsheet itself, one row per lot found.
            if !t.lots.is_empty() {
                for l in &t.lots {
                    w.row([
                        l.lot.clone(),
                        if l.product.is_empty() {
                            product.clone()
                        } else {
                            l.product.clone()
                        },
                        l.quantity.map(|q| format!("{q}")).unwrap_or_default(),
                        if l.unit.is_empty() {
                            t.unit.clone()
                        } else {
                            l.unit.clone()
                        },
                        l.date.clone(),
                        l.from.clone(),
                        l.to.clone(),
                        l.reference.clone(),
                        dir.to_owned(),
                        t.links_found.to_string(),
                        t.links_expected.to_string(),
                        l.step.clone(),
                    ])?;
                }
                continue;
            }
            let (from, to) = match t.direction {
                Direction::Backward => (
                    "nhà cung cấp liền trước / immediate suppliers".to_owned(),
                    a.pilot_name.clone(),
                ),
                Direction::Forward => (
                    a.pilot_name.clone(),
                    "khách hàng liền sau / immediate customers".to_owned(),
                ),
            };
            w.row([
                t.lot.clone(),
                product.clone(),
                format!("{}", t.input_qty),
                t.unit.clone(),
                t.finished.get(..10).unwrap_or_default().to_owned(),
                from,
                to,
                t.note.clone(),
                match t.direction {
                    Direction::Backward => "backward".into(),
                    Direction::Forward => "forward".into(),
                },
                t.links_found.to_string(),
                t.links_expected.to_string(),
                String::new(),
            ])?;
        }
        w.into_string()
    }
}

/// Percent-encodes what a GS1 Digital Link path segment must not hold.
fn utf8_percent(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sgln_and_units() {
        assert_eq!(sgln("8931234567890", None), None, "bad check digit");
        let gln = format!("893123456789{}", gs1::check_digit(b"893123456789"));
        assert_eq!(
            sgln(&gln, Some("8931234")).unwrap(),
            "urn:epc:id:sgln:8931234.56789.0"
        );
        assert_eq!(rec20("tấn"), Some(("TNE", 1.0)));
        assert_eq!(rec20("con").unwrap().0, "H87");
        assert_eq!(classify("Thu hoạch tôm").0, "commissioning");
        assert_eq!(classify("Xuất bán cho thương lái").0, "shipping");
        assert!(classify("Chế biến, cấp đông").3);
    }
}

impl Workspace {
    /// Writes an interoperability file for the window: `format` `jsonld` is EPCIS 2.0 (of an
    /// assessment's trace tests, or of a handbook's CTE definitions: `kind`), `csv` the trace
    /// tests' spreadsheet (assessments only). Written atomically, like every export.
    pub fn write_interop(
        &self,
        kind: InteropKind,
        id: &str,
        format: DataFormat,
        path: &Path,
    ) -> Result<crate::ExportReport, Error> {
        let bytes = match (kind, format) {
            (InteropKind::Assessment, DataFormat::Jsonld) => {
                serde_json::to_vec_pretty(&self.epcis_assessment(id)?).unwrap_or_default()
            }
            (InteropKind::Handbook, DataFormat::Jsonld) => {
                serde_json::to_vec_pretty(&self.epcis_handbook(id)?).unwrap_or_default()
            }
            (InteropKind::Assessment, DataFormat::Csv) => self.trace_csv(id)?.into_bytes(),
            (InteropKind::Handbook, DataFormat::Csv) => {
                return Err(bad(
                    "Bảng truy xuất thử (csv) chỉ cho đợt đánh giá; sổ tay xuất được EPCIS (jsonld).",
                    "The trace-test spreadsheet (csv) is for assessments only; a handbook exports as EPCIS (jsonld).",
                ))
            }
        };
        crate::output::write_output(path, &bytes)?;
        Ok(crate::ExportReport {
            path: path.to_owned(),
            bytes: bytes.len() as u64,
            diagnostics: Vec::new(),
        })
    }
}

#[cfg(test)]
mod window_exports {
    use super::*;

    #[test]
    fn an_assessment_exports_as_epcis_and_csv_and_a_wrong_pair_is_refused() {
        let (dir, ws, a) = crate::verification::tests::assessment();
        let h = ws.pilots().unwrap().remove(0).handbook_id.unwrap();
        let json = dir.path().join("a.jsonld");
        let r = ws
            .write_interop(InteropKind::Assessment, &a, DataFormat::Jsonld, &json)
            .unwrap();
        let doc: Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
        assert_eq!(doc["type"], "EPCISDocument");
        assert_eq!(r.bytes, std::fs::metadata(&json).unwrap().len());
        let csv = dir.path().join("a.csv");
        ws.write_interop(InteropKind::Assessment, &a, DataFormat::Csv, &csv)
            .unwrap();
        assert!(std::fs::read_to_string(&csv).unwrap().starts_with("lot,"));
        let hb = dir.path().join("h.jsonld");
        ws.write_interop(InteropKind::Handbook, &h, DataFormat::Jsonld, &hb)
            .unwrap();
        let e = ws
            .write_interop(
                InteropKind::Handbook,
                &h,
                DataFormat::Csv,
                &dir.path().join("h.csv"),
            )
            .unwrap_err();
        assert!(e
            .message(sotay_model::Lang::Vi)
            .contains("chỉ cho đợt đánh giá"));
        assert!(!dir.path().join("h.csv").exists());
    }
}
