// The checklist's section titles as an assessment froze them (the template's checklist.toml,
// read by Rust: `assessment_sections`), in the interface language. Not a copy: asked for.
import { backend, type Localized } from "../backend";
import { i18n } from "../i18n/index.svelte";

export class SectionTitles {
  private titles = $state<Record<string, Localized>>({});

  /** Reads the titles of `assessmentId`'s checklist; a failure leaves ids alone. */
  async load(assessmentId: string): Promise<void> {
    try {
      const [sections] = await backend().assessmentSections(assessmentId);
      this.titles = Object.fromEntries(sections.map((s) => [s.id, s.title]));
    } catch {
      this.titles = {};
    }
  }

  /** "Định danh" for "S2"; the id itself while the titles load or for an unknown section. */
  of(id: string | undefined): string {
    if (!id) return "";
    const l = this.titles[id];
    if (!l) return id;
    return i18n.lang === "en" ? l.en || l.vi : l.vi;
  }
}
