// The current route as reactive state, following the URL hash.
import { parseRoute, routeHash, type Route } from "./route";

class Router {
  route = $state<Route>(parseRoute(typeof location === "undefined" ? "" : location.hash));

  constructor() {
    if (typeof window !== "undefined") {
      window.addEventListener("hashchange", () => {
        this.route = parseRoute(location.hash);
      });
    }
  }

  go(route: Route): void {
    const hash = routeHash(route);
    if (location.hash !== hash) location.hash = hash;
    this.route = route;
  }
}

export const router = new Router();
