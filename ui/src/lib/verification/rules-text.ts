// The assessment's frozen rules in words, for the screens that state them next to a grade or a
// verdict. These only print the numbers Rust froze; they decide nothing.
import type { Rules } from "../backend/bindings";
import { t } from "../i18n/index.svelte";
import { num } from "./format";
import type { MetricKey } from "./trace-draft.svelte";

/** A span of minutes in words: "4 giờ", "1 giờ 30 phút", "45 phút". */
export function span(minutes: number): string {
  const m = Math.round(minutes);
  const h = Math.floor(m / 60);
  if (h === 0) return t("time.m", { m });
  return m % 60 === 0 ? t("time.h", { h }) : t("time.hm", { h, m: m % 60 });
}

/** How a trace-test metric is graded under `r`. */
export function metricRule(k: MetricKey, r: Rules): string {
  switch (k) {
    case "time":
      return t("trace.rule.time", { pass: span(r.trace_pass_minutes), minor: span(r.trace_minor_minutes) });
    case "links":
      return t("trace.rule.links");
    case "quantity":
      return t("trace.rule.quantity", { pass: num(r.qty_pass_pct), minor: num(r.qty_minor_pct) });
    case "kde":
      return t("trace.rule.kde", { pass: num(r.kde_pass_pct), minor: num(r.kde_minor_pct) });
    case "consistency":
      return r.typos_minor > 0 ? t("trace.rule.consistency", { n: r.typos_minor }) : t("trace.rule.consistency.none");
  }
}

/** The score thresholds of the verdict under `r`. */
export function verdictRule(r: Rules): string {
  return t("verdict.thresholds", { effective: num(r.effective_score), notEffective: num(r.not_effective_score) });
}
