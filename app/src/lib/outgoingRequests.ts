import { useCallback, useSyncExternalStore } from "react";
import type { Address, Hex } from "viem";

/**
 * Conversations this tab asked for and that are not accepted yet, to show them as waiting. The client lists only
 * incoming requests, so these live in sessionStorage (public facts: a handshake's sender and recipient are on chain)
 * and vanish with the tab; the conversation itself appears anyway once the peer accepts.
 */
export type OutgoingRequest = { peer: Address; conversationId: Hex; handshakeId: Hex; sentAt: number };

const listeners = new Set<() => void>();
const cache = new Map<string, { raw: string | null; value: OutgoingRequest[] }>();

function read(key: string): OutgoingRequest[] {
  const raw = sessionStorage.getItem(key);
  const cached = cache.get(key);
  if (cached && cached.raw === raw) return cached.value;
  let value: OutgoingRequest[] = [];
  try {
    value = raw ? (JSON.parse(raw) as OutgoingRequest[]) : [];
  } catch {
    value = [];
  }
  cache.set(key, { raw, value });
  return value;
}

export function useOutgoingRequests(scopeKey: string): [OutgoingRequest[], (request: OutgoingRequest) => void] {
  const key = `hushlog.outgoing.${scopeKey}`;
  const subscribe = useCallback((listener: () => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }, []);
  const requests = useSyncExternalStore(subscribe, () => read(key));
  const add = useCallback(
    (request: OutgoingRequest) => {
      const next = [...read(key).filter((r) => r.conversationId !== request.conversationId), request];
      sessionStorage.setItem(key, JSON.stringify(next));
      for (const listener of listeners) listener();
    },
    [key],
  );
  return [requests, add];
}
