// Numbers, percentages and durations in the interface language (vi: "98,5", en: "98.5").
import { i18n, t } from "../i18n/index.svelte";

export function num(x: number, digits = 2): string {
  return new Intl.NumberFormat(i18n.lang === "vi" ? "vi-VN" : "en-GB", { maximumFractionDigits: digits }).format(x);
}

export function pct(x: number): string {
  return `${num(x, 1)} %`;
}

/** "3 giờ 20 phút" / "3 h 20 min"; under an hour only minutes. */
export function duration(minutes: number): string {
  const m = Math.round(minutes);
  const h = Math.floor(m / 60);
  return h > 0 ? t("time.hm", { h, m: m % 60 }) : t("time.m", { m });
}
