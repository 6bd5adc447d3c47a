// The checklist's sections (DOMAIN.md §C.2) by id, in the interface language. The commands give
// items their section id only; titles follow the templates' checklist.toml.
import { t, type MessageKey } from "../i18n/index.svelte";

const KNOWN = ["S1", "S2", "S3", "S4", "S5", "S6", "S7", "S8", "S9"] as const;

export function sectionTitle(id: string | undefined): string {
  if (!id) return "";
  return (KNOWN as readonly string[]).includes(id) ? t(`section.${id}` as MessageKey) : id;
}
