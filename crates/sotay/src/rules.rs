//! The verification rules as workspace settings (issue 14): every number DOMAIN.md proposes —
//! weights, score thresholds, trace-test limits and tolerances, KDE bands, due days — with
//! DOMAIN's values as defaults. An assessment freezes the rules when it is created (with its
//! handbook's own trace-test targets); changing a setting later never changes it.

use serde_json::Value;
use sotay_model::verdict::Rules;

use crate::{Error, ErrorCode, Workspace};

const SETTING_RULES: &str = "verification.rules";

fn bad(vi: String, en: String) -> Error {
    Error::localized(ErrorCode::InvalidInput, vi, en)
}

impl Workspace {
    /// The workspace's rules for new assessments (DOMAIN's defaults until changed).
    pub fn rules(&self) -> Result<Rules, Error> {
        match self.store.setting(SETTING_RULES)? {
            None => Ok(Rules::default()),
            Some(text) => serde_json::from_str(&text).map_err(|e| {
                Error::localized(
                    ErrorCode::Internal,
                    format!("Không đọc được quy tắc đánh giá đã lưu ({e}); hãy đặt lại bằng “sotay rules reset”."),
                    format!("The stored verification rules cannot be read ({e}); reset them with “sotay rules reset”."),
                )
            }),
        }
    }

    /// Sets one rule: `key` is the dotted path of a number in the rules' JSON (`sotay rules
    /// show --json`), `value` a number (a decimal comma is accepted). An unknown key, a value
    /// that is not a number, or rules that no longer make sense are refused; nothing changes.
    pub fn set_rule(&mut self, key: &str, value: &str) -> Result<Rules, Error> {
        self.atomically(|ws| {
            let mut json = serde_json::to_value(ws.rules()?)
                .map_err(|e| Error::new(ErrorCode::Internal, e.to_string()))?;
            let key = key.trim();
            let known = {
                let mut keys = Vec::new();
                number_paths("", &json, &mut keys);
                keys
            };
            let Some(slot) = key
                .split('.')
                .try_fold(&mut json, |v, part| v.get_mut(part))
                .filter(|v| v.is_number())
            else {
                return Err(bad(
                    format!("Không có quy tắc “{key}”. Các khóa: {}.", known.join(", ")),
                    format!("There is no rule “{key}”. The keys: {}.", known.join(", ")),
                ));
            };
            let n: f64 = value
                .trim()
                .replace(',', ".")
                .parse()
                .ok()
                .filter(|n: &f64| n.is_finite() && *n >= 0.0)
                .ok_or_else(|| {
                    bad(
                        format!("“{value}” không phải số không âm hợp lệ cho “{key}”."),
                        format!("“{value}” is not a valid non-negative number for “{key}”."),
                    )
                })?;
            let whole = slot.is_u64();
            if whole && (n.fract() != 0.0 || n > f64::from(u32::MAX)) {
                return Err(bad(
                    format!("“{key}” cần một số nguyên, không phải “{value}”."),
                    format!("“{key}” needs a whole number, not “{value}”."),
                ));
            }
            *slot = if whole {
                Value::from(n as u64)
            } else {
                serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number)
            };
            let rules: Rules = serde_json::from_value(json)
                .map_err(|e| Error::new(ErrorCode::Internal, e.to_string()))?;
            let problems = rules.problems();
            if !problems.is_empty() {
                let vi: Vec<&str> = problems.iter().map(|p| p.vi.as_str()).collect();
                let en: Vec<&str> = problems.iter().map(|p| p.en.as_str()).collect();
                return Err(bad(
                    format!("Không lưu “{key}” = {value}: {}.", vi.join("; ")),
                    format!("“{key}” = {value} was not saved: {}.", en.join("; ")),
                ));
            }
            ws.store_rules(&rules)?;
            Ok(rules)
        })
    }

    /// Sets the whole rules at once (the settings page), after the same checks.
    pub fn set_rules(&mut self, rules: &Rules) -> Result<Rules, Error> {
        let problems = rules.problems();
        if let Some(p) = problems.first() {
            return Err(bad(
                format!("Quy tắc không được lưu: {}.", p.vi),
                format!("The rules were not saved: {}.", p.en),
            ));
        }
        self.store_rules(rules)?;
        Ok(rules.clone())
    }

    /// Back to DOMAIN's defaults.
    pub fn reset_rules(&mut self) -> Result<Rules, Error> {
        self.store_rules(&Rules::default())?;
        Ok(Rules::default())
    }

    fn store_rules(&mut self, rules: &Rules) -> Result<(), Error> {
        let text = serde_json::to_string(rules)
            .map_err(|e| Error::new(ErrorCode::Internal, e.to_string()))?;
        Ok(self.store.set_setting(SETTING_RULES, &text)?)
    }

    /// The rules a new assessment against a handbook freezes: the workspace's, with the
    /// handbook's own trace-test targets (its `trace_test.target_minutes` and
    /// `trace_test.tolerance_pct`) in place of the time and quantity limits.
    pub(crate) fn rules_for(&self, handbook_vars: &Value) -> Result<Rules, Error> {
        let mut r = self.rules()?;
        let num = |k: &str| {
            sotay_templates::variable_at(handbook_vars, k)
                .and_then(Value::as_f64)
                .filter(|n| n.is_finite() && *n > 0.0)
        };
        if let Some(m) = num("trace_test.target_minutes") {
            r.trace_pass_minutes = m;
            r.trace_minor_minutes = r.trace_minor_minutes.max(m);
        }
        if let Some(t) = num("trace_test.tolerance_pct") {
            r.qty_pass_pct = t;
            r.qty_minor_pct = r.qty_minor_pct.max(t);
        }
        Ok(r)
    }
}

/// The dotted paths of the numbers in `v`.
fn number_paths(prefix: &str, v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(o) => {
            for (k, x) in o {
                let p = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                number_paths(&p, x, out);
            }
        }
        Value::Number(_) => out.push(prefix.to_owned()),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn ws() -> (tempfile::TempDir, Workspace) {
        let dir = tempfile::TempDir::new().unwrap();
        let ws = Workspace::open(&dir.path().join("w.db"), Arc::new(crate::SystemClock)).unwrap();
        (dir, ws)
    }

    #[test]
    fn rules_are_settings_with_domain_defaults_and_checked_changes() {
        let (_d, mut ws) = ws();
        assert_eq!(ws.rules().unwrap(), Rules::default());
        let r = ws.set_rule("effective_score", "90").unwrap();
        assert_eq!(r.effective_score, 90.0);
        assert_eq!(ws.rules().unwrap().effective_score, 90.0);
        ws.set_rule("qty_pass_pct", "1,5").unwrap();
        assert_eq!(ws.rules().unwrap().qty_pass_pct, 1.5);
        for (k, v, word) in [
            ("khong_co", "1", "no rule"),
            ("effective_score", "abc", "not a valid"),
            ("effective_score", "-1", "not a valid"),
            ("effective_score", "NaN", "not a valid"),
            ("major_due_days", "2.5", "whole number"),
            ("not_effective_score", "95", "threshold"),
            ("weight_m", "0", "weights"),
        ] {
            let e = ws.set_rule(k, v).unwrap_err();
            assert!(
                e.message(sotay_model::Lang::En).contains(word),
                "{k}={v}: {e:?}"
            );
        }
        assert_eq!(ws.rules().unwrap().effective_score, 90.0, "nothing changed");
        assert_eq!(ws.reset_rules().unwrap(), Rules::default());
        assert_eq!(ws.rules().unwrap(), Rules::default());
    }

    #[test]
    fn a_handbooks_targets_become_the_thresholds() {
        let (_d, ws) = ws();
        let vars = serde_json::json!({"trace_test": {"target_minutes": 120, "tolerance_pct": 8}});
        let r = ws.rules_for(&vars).unwrap();
        assert_eq!(
            (r.trace_pass_minutes, r.qty_pass_pct, r.qty_minor_pct),
            (120.0, 8.0, 8.0)
        );
        assert!(r.problems().is_empty());
    }
}
