// Routes of the four work areas, kept in the URL hash so the window can be reloaded in place.

export type Area = "handbooks" | "pilots" | "publishing" | "settings";

export type Route =
  | { area: "handbooks"; handbookId?: string; chapterKey?: string }
  | { area: "pilots" }
  | { area: "publishing" }
  | { area: "settings" };

export const AREAS: readonly Area[] = ["handbooks", "pilots", "publishing", "settings"];

/** Parses `#/handbooks/<id>/<chapter>` and friends; anything unknown is the handbook library. */
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
  if (route.area !== "handbooks" || !route.handbookId) return `#/${route.area}`;
  const tail = route.chapterKey ? `/${encodeURIComponent(route.chapterKey)}` : "";
  return `#/handbooks/${encodeURIComponent(route.handbookId)}${tail}`;
}
