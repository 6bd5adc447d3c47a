//! The sample workspace a new user sees on first start: one handbook made from a built-in
//! template with its sample values, and the two pilot models those values describe.

use serde_json::Value;
use sotay_model::{Address, NewHandbook, NewPilotModel, PilotKind};

use crate::clock::{new_id, rfc3339};
use crate::{Error, ErrorCode, Workspace};

/// The meta flag set once the sample workspace has been offered.
pub(crate) const SAMPLE_FLAG: &str = "sample_workspace_created";

/// The template the sample handbook is made from.
const SAMPLE_TEMPLATE: &str = "tom-nuoc-lo";

pub(crate) fn sample_workspace(ws: &Workspace) -> Result<(NewHandbook, Vec<NewPilotModel>), Error> {
    let template = ws
        .builtin_templates()
        .iter()
        .find(|t| t.id() == SAMPLE_TEMPLATE)
        .or_else(|| ws.builtin_templates().first())
        .ok_or_else(|| Error::new(ErrorCode::Internal, "no built-in template"))?;
    let handbook = ws.new_handbook(template, template.sample_vars.clone(), None)?;
    let now = ws.now();
    let text = |row: &Value, key: &str| {
        row.get(key)
            .and_then(Value::as_str)
            .map(sotay_model::text::nfc)
            .unwrap_or_default()
    };
    let pilots = template
        .sample_vars
        .get("pilot_models")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .map(|row| {
            let kind = PilotKind::parse(&text(row, "kind")).ok_or_else(|| {
                Error::new(
                    ErrorCode::TemplateInvalid,
                    format!(
                        "{}: sample-vars.toml: pilot_models.kind {:?}",
                        template.id(),
                        row.get("kind")
                    ),
                )
            })?;
            let legacy = text(row, "legacy_district");
            Ok(NewPilotModel {
                id: new_id(now),
                name: text(row, "name"),
                kind,
                address: Address {
                    province: text(row, "province"),
                    commune: text(row, "commune"),
                    legacy_district: (!legacy.is_empty()).then_some(legacy),
                },
                contact: text(row, "contact"),
                handbook_id: Some(handbook.id.clone()),
                created_at: rfc3339(now),
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    Ok((handbook, pilots))
}
