// Where a search result opens: the route of its place (the place and its ids come from Rust).
import type { SearchHit, SearchPlace } from "./backend";
import type { MessageKey } from "./i18n/index.svelte";
import type { Route } from "./route";

export type SearchKind = SearchPlace["kind"];

/** The kinds in the order the palette groups them, with their headings. */
export const SEARCH_KINDS: readonly { kind: SearchKind; label: MessageKey }[] = [
  { kind: "handbook", label: "search.kind.handbook" },
  { kind: "chapter", label: "search.kind.chapter" },
  { kind: "item", label: "search.kind.item" },
  { kind: "finding", label: "search.kind.finding" },
  { kind: "edition", label: "search.kind.edition" },
  { kind: "recipient", label: "search.kind.recipient" },
];

/** The route that opens a result's place. */
export function placeRoute(place: SearchPlace): Route {
  switch (place.kind) {
    case "handbook":
      return { area: "handbooks", handbookId: place.handbook_id };
    case "chapter":
      return { area: "handbooks", handbookId: place.handbook_id, chapterKey: place.chapter_key, line: place.line };
    case "item":
      return { area: "pilots", assessmentId: place.assessment_id, tab: "checklist", item: place.item_id };
    case "finding":
      return { area: "pilots", assessmentId: place.assessment_id, tab: "findings", finding: place.finding_id };
    case "edition":
      return { area: "publishing", handbookId: place.handbook_id, edition: place.label };
    case "recipient":
      return { area: "publishing", handbookId: place.handbook_id, edition: place.label, serial: place.serial };
  }
}

/** The hits in groups of one kind, in the fixed order of kinds (Rust sends them so ordered). */
export function groupHits(hits: SearchHit[]): { kind: SearchKind; label: MessageKey; hits: SearchHit[] }[] {
  return SEARCH_KINDS.map((k) => ({ ...k, hits: hits.filter((h) => h.place.kind === k.kind) })).filter(
    (g) => g.hits.length > 0,
  );
}
