import { useCallback, useSyncExternalStore } from "react";
import type { Address, Hex } from "viem";

/** The screen the main pane shows; kept in the URL's hash so a reload reopens it. */
export type Route =
  | { view: "home" }
  | { view: "chat"; id: Hex }
  | { view: "group"; id: Hex }
  | { view: "requests" }
  | { view: "verify"; peer: Address }
  | { view: "new-chat" }
  | { view: "new-group" }
  | { view: "settings" }
  | { view: "devices" };

function parse(hash: string): Route {
  const [, view, id] = hash.replace(/^#/, "").split("/");
  if ((view === "chat" || view === "group") && id && /^0x[0-9a-fA-F]+$/.test(id)) return { view, id: id as Hex };
  if (view === "verify" && id && /^0x[0-9a-fA-F]{40}$/.test(id)) return { view, peer: id as Address };
  if (view === "requests" || view === "new-chat" || view === "new-group" || view === "settings" || view === "devices") return { view };
  return { view: "home" };
}

export function routeHash(route: Route): string {
  if (route.view === "chat" || route.view === "group") return `#/${route.view}/${route.id}`;
  if (route.view === "verify") return `#/verify/${route.peer}`;
  return route.view === "home" ? "#/" : `#/${route.view}`;
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
