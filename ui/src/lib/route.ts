// Routes of the five work areas, kept in the URL hash so the window can be reloaded in place.

export type Area = "handbooks" | "pilots" | "publishing" | "plan" | "settings";

/** The parts of an assessment: checklist runner, trace tests, findings and actions, verdict. */
export type AssessmentTab = "checklist" | "trace" | "findings" | "verdict";
export const ASSESSMENT_TABS: readonly AssessmentTab[] = ["checklist", "trace", "findings", "verdict"];

export type Route =
  | { area: "handbooks"; handbookId?: string; chapterKey?: string; line?: number }
  | { area: "pilots"; assessmentId?: string; tab?: AssessmentTab; compare?: boolean; item?: string; finding?: string }
  | { area: "publishing"; handbookId?: string; edition?: string; serial?: number }
  | { area: "plan"; planId?: string }
  | { area: "settings" };

export const AREAS: readonly Area[] = ["handbooks", "pilots", "publishing", "plan", "settings"];

/** Parses `#/handbooks/<id>/<chapter>`, `#/pilots/<assessment>/<tab>`, `#/pilots/compare` and the
 *  areas; anything unknown is the handbook library. */
export function parseRoute(hash: string): Route {
  const [path, query] = hash.replace(/^#\/?/, "").split("?", 2);
  const route = parsePath(path);
  // The place inside a screen (a search result's): `?line=12`, `?item=S1.1`, `?finding=…`,
  // `?edition=…&serial=3`.
  const q = new URLSearchParams(query ?? "");
  const n = (k: string) => (q.has(k) && /^\d+$/.test(q.get(k) ?? "") ? Number(q.get(k)) : undefined);
  if (route.area === "handbooks" && route.chapterKey && n("line")) route.line = n("line");
  if (route.area === "pilots" && route.assessmentId) {
    if (q.get("item")) route.item = q.get("item") ?? undefined;
    if (q.get("finding")) route.finding = q.get("finding") ?? undefined;
  }
  if (route.area === "publishing" && q.get("handbook")) {
    route.handbookId = q.get("handbook") ?? undefined;
    if (q.get("edition")) route.edition = q.get("edition") ?? undefined;
    if (n("serial")) route.serial = n("serial");
  }
  return route;
}

function parsePath(path: string): Route {
  const parts = path
    .split("/")
    .filter((p) => p.length > 0)
    .map((p) => {
      try {
        return decodeURIComponent(p);
      } catch {
        return p;
      }
    });
  const [area, id, chapter] = parts;
  switch (area) {
    case "pilots":
      if (id === "compare") return { area, compare: true };
      if (!id) return { area };
      return { area, assessmentId: id, tab: ASSESSMENT_TABS.find((t) => t === chapter) ?? "checklist" };
    case "plan":
      return id ? { area, planId: id } : { area };
    case "publishing":
    case "settings":
      return { area };
    case "handbooks":
      return { area: "handbooks", handbookId: id, chapterKey: chapter };
    default:
      return { area: "handbooks" };
  }
}

/** The hash for a route (the inverse of parseRoute). */
export function routeHash(route: Route): string {
  const q = new URLSearchParams();
  if (route.area === "handbooks" && route.chapterKey && route.line) q.set("line", String(route.line));
  if (route.area === "pilots" && route.assessmentId && route.item) q.set("item", route.item);
  if (route.area === "pilots" && route.assessmentId && route.finding) q.set("finding", route.finding);
  if (route.area === "publishing" && route.handbookId) {
    q.set("handbook", route.handbookId);
    if (route.edition) q.set("edition", route.edition);
    if (route.serial) q.set("serial", String(route.serial));
  }
  const query = q.toString();
  return pathHash(route) + (query ? `?${query}` : "");
}

function pathHash(route: Route): string {
  if (route.area === "pilots") {
    if (route.compare) return "#/pilots/compare";
    if (route.assessmentId) return `#/pilots/${encodeURIComponent(route.assessmentId)}/${route.tab ?? "checklist"}`;
  }
  if (route.area === "plan" && route.planId) return `#/plan/${encodeURIComponent(route.planId)}`;
  if (route.area !== "handbooks" || !route.handbookId) return `#/${route.area}`;
  const tail = route.chapterKey ? `/${encodeURIComponent(route.chapterKey)}` : "";
  return `#/handbooks/${encodeURIComponent(route.handbookId)}${tail}`;
}
