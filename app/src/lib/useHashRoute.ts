import { useCallback, useSyncExternalStore } from "react";
import type { Hex } from "viem";

/** The screen the main pane shows; kept in the URL's hash so a reload reopens it. */
export type Route =
  | { view: "home" }
  | { view: "chat"; id: Hex }
  | { view: "group"; id: Hex }
  | { view: "requests" }
  | { view: "new-chat" }
  | { view: "new-group" }
  | { view: "settings" };

function parse(hash: string): Route {
  const [, view, id] = hash.replace(/^#/, "").split("/");
  if ((view === "chat" || view === "group") && id && /^0x[0-9a-fA-F]+$/.test(id)) return { view, id: id as Hex };
  if (view === "requests" || view === "new-chat" || view === "new-group" || view === "settings") return { view };
  return { view: "home" };
}

export function routeHash(route: Route): string {
  return route.view === "chat" || route.view === "group" ? `#/${route.view}/${route.id}` : route.view === "home" ? "#/" : `#/${route.view}`;
}

const subscribe = (onChange: () => void) => {
  window.addEventListener("hashchange", onChange);
  return () => window.removeEventListener("hashchange", onChange);
};

export function useHashRoute(): [Route, (route: Route) => void] {
  const hash = useSyncExternalStore(subscribe, () => location.hash);
  const navigate = useCallback((route: Route) => {
    location.hash = routeHash(route);
  }, []);
  return [parse(hash), navigate];
}
