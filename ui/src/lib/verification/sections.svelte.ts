// The checklist's section titles as an assessment froze them (the template's checklist.toml,
// read by Rust: `assessment_sections`), in the interface language. Not a copy: asked for.
import { backend, type ChecklistSection, type Localized } from "../backend";
import { i18n } from "../i18n/index.svelte";

export class SectionTitles {
  private titles = $state<Record<string, Localized>>({});

  /** Reads the titles of `assessmentId`'s checklist; a failure leaves ids alone. */
  async load(assessmentId: string): Promise<void> {
    try {
      this.set((await backend().assessmentSections(assessmentId))[0]);
    } catch {
      this.titles = {};
    }
  }

  /** Takes the sections a caller already asked for (no second call). */
  set(sections: readonly ChecklistSection[]): void {
    this.titles = Object.fromEntries(sections.map((s) => [s.id, s.title]));
  }

  /** "Định danh" for "S2"; the id itself while the titles load or for an unknown section. */
  of(id: string | undefined): string {
    if (!id) return "";
    const l = this.titles[id];
    if (!l) return id;
    return i18n.lang === "en" ? l.en || l.vi : l.vi;
  }
}
