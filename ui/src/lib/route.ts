// Routes of the five work areas, kept in the URL hash so the window can be reloaded in place.

export type Area = "handbooks" | "pilots" | "publishing" | "plan" | "settings";

/** The parts of an assessment: checklist runner, trace tests, findings and actions, verdict. */
export type AssessmentTab = "checklist" | "trace" | "findings" | "verdict";
export const ASSESSMENT_TABS: readonly AssessmentTab[] = ["checklist", "trace", "findings", "verdict"];

export type Route =
  | { area: "handbooks"; handbookId?: string; chapterKey?: string }
  | { area: "pilots"; assessmentId?: string; tab?: AssessmentTab; compare?: boolean }
  | { area: "publishing" }
  | { area: "plan"; planId?: string }
  | { area: "settings" };

export const AREAS: readonly Area[] = ["handbooks", "pilots", "publishing", "plan", "settings"];

/** Parses `#/handbooks/<id>/<chapter>`, `#/pilots/<assessment>/<tab>`, `#/pilots/compare` and the
 *  areas; anything unknown is the handbook library. */
export function parseRoute(hash: string): Route {
  const parts = hash
    .replace(/^#\/?/, "")
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
  if (route.area === "pilots") {
    if (route.compare) return "#/pilots/compare";
    if (route.assessmentId) return `#/pilots/${encodeURIComponent(route.assessmentId)}/${route.tab ?? "checklist"}`;
  }
  if (route.area === "plan" && route.planId) return `#/plan/${encodeURIComponent(route.planId)}`;
  if (route.area !== "handbooks" || !route.handbookId) return `#/${route.area}`;
  const tail = route.chapterKey ? `/${encodeURIComponent(route.chapterKey)}` : "";
  return `#/handbooks/${encodeURIComponent(route.handbookId)}${tail}`;
}
