import { useSyncExternalStore } from "react";

const key = "hushlog.readReceipts";
const listeners = new Set<() => void>();

function read(): boolean {
  try {
    return localStorage.getItem(key) === "on";
  } catch {
    return false;
  }
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  // Another tab of this browser changing it.
  window.addEventListener("storage", listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", listener);
  };
}

/**
 * Whether this browser sends read receipts: off unless the person turns it on, since each receipt is a message
 * on chain that they pay gas for. Kept in localStorage (a preference, not a secret), shared by the tabs.
 */
export function useReadReceiptsSetting(): [boolean, (on: boolean) => void] {
  const on = useSyncExternalStore(subscribe, read, () => false);
  const set = (value: boolean) => {
    try {
      if (value) localStorage.setItem(key, "on");
      else localStorage.removeItem(key);
    } catch {
      // Storage refused (private mode quota): the setting stays as it was, and the checkbox shows that.
    }
    for (const listener of listeners) listener();
  };
  return [on, set];
}
