import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useMemo } from "react";
import type { Address, Hex } from "viem";
import type { KeyChangeEvent } from "../client/ClientEvents.ts";
import { useHushlogSnapshot } from "./HushlogContext.ts";
import { hushlogQueryKeys } from "./queryKeys.ts";
import { useHandshakeRequests } from "./useHandshakeRequests.ts";

/** An account whose identity key is not the one pinned for it: show it where the user cannot miss it. */
export type KeyChangeWarning = {
  peer: Address;
  conversationId: Hex;
  /** The number under the key we had (null when it cannot be computed any more). */
  previousSafetyNumber: string | null;
  /** The number under the new key: compare it with the peer over another channel. */
  newSafetyNumber: string | null;
  /**
   * The request to accept or decline: nothing under the new key is shown until the user accepts. Null when the
   * change is already in effect (we started the handshake the peer answered with the new key): only comparing the
   * new number tells whether it is really them.
   */
  requestId: string | null;
};

export type UseKeyChangesReturnType = {
  data: KeyChangeWarning[];
  /** Hides a warning already in effect (the user compared the numbers); a pending request's stays until answered. */
  dismiss: (conversationId: Hex) => void;
};

/**
 * Every key change to show: the pending requests under a changed key (they survive reloads) and the changes already
 * in effect seen while the provider runs (the client's `keyChange` events without a request), newest last.
 *
 * @example
 * const { data: warnings } = useKeyChanges();
 * warnings.map((w) => `${w.peer}: ${w.previousSafetyNumber} -> ${w.newSafetyNumber}`);
 */
export function useKeyChanges(): UseKeyChangesReturnType {
  const queryClient = useQueryClient();
  const { scope, client } = useHushlogSnapshot();
  const requests = useHandshakeRequests();
  // Stable across renders for one scope (the key is rebuilt each render).
  const queryKey = useMemo(() => hushlogQueryKeys.keyChanges(scope), [scope]);
  const inEffect = useQuery({
    queryKey,
    queryFn: () => queryClient.getQueryData<KeyChangeEvent[]>(queryKey) ?? [],
    initialData: [] as KeyChangeEvent[],
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: Number.POSITIVE_INFINITY,
  });
  const data = useMemo(() => {
    const pending: KeyChangeWarning[] = client
      ? (requests.data ?? [])
          .filter((r) => r.keyChanged)
          .map((r) => ({
            peer: r.from,
            conversationId: client.conversationWith(r.from),
            previousSafetyNumber: r.previousSafetyNumber,
            newSafetyNumber: r.safetyNumber,
            requestId: r.id,
          }))
      : [];
    const effective: KeyChangeWarning[] = inEffect.data.map((e) => ({
      peer: e.peer,
      conversationId: e.conversationId,
      previousSafetyNumber: e.previousSafetyNumber,
      newSafetyNumber: e.newSafetyNumber,
      requestId: null,
    }));
    return [...pending, ...effective];
  }, [client, requests.data, inEffect.data]);
  const dismiss = useCallback(
    (conversationId: Hex) =>
      queryClient.setQueryData<KeyChangeEvent[]>(queryKey, (seen) => (seen ?? []).filter((e) => e.conversationId.toLowerCase() !== conversationId.toLowerCase())),
    [queryClient, queryKey],
  );
  return { data, dismiss };
}
