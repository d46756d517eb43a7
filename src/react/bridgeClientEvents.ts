import type { QueryClient } from "@tanstack/react-query";
import type { Hex } from "viem";
import type { MessageView } from "../client/ClientEvents.ts";
import type { HushlogClient } from "../client/HushlogClient.ts";
import { hushlogQueryKeys, type HushlogScope } from "./queryKeys.ts";
import { initialSyncStatus, sameSyncStatus, syncStatusFromProgress, type HushlogSyncStatus } from "./syncStatus.ts";

/**
 * Keeps the TanStack Query cache of one scope in step with its client's events:
 *  - `message` and `status` patch the open conversation queries at once (a sent message shows as "preparing"
 *    before the wallet even answers; statuses move in place), then the touched queries are refetched from the
 *    store, coalesced, so order and block fields match what is stored;
 *  - `handshake` refreshes requests (and conversations once one is established), `pending` the transaction list;
 *  - `sync` and `error` become the `useSyncStatus` value, written only when it changed.
 * Returns the unsubscribe function.
 */
export function bridgeClientEvents(client: HushlogClient, scope: HushlogScope, queryClient: QueryClient): () => void {
  const keys = {
    conversations: hushlogQueryKeys.conversations(scope),
    requests: hushlogQueryKeys.requests(scope),
    pending: hushlogQueryKeys.pending(scope),
    sync: hushlogQueryKeys.sync(scope),
  };
  // Requests queries are keyed by status: invalidate them all through the shared prefix.
  const requestsPrefix = keys.requests.slice(0, -1);
  const dirty = new Set<string>();
  const dirtyConversations = new Set<Hex>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  const flush = () => {
    timer = undefined;
    if (closed) return;
    const invalidate = (queryKey: readonly unknown[]) => void queryClient.invalidateQueries({ queryKey }, { cancelRefetch: false });
    if (dirty.has("conversations")) invalidate(keys.conversations);
    if (dirty.has("requests")) invalidate(requestsPrefix);
    if (dirty.has("pending")) invalidate(keys.pending);
    for (const id of dirtyConversations) invalidate(hushlogQueryKeys.conversation(scope, id));
    dirty.clear();
    dirtyConversations.clear();
  };
  const touch = (what: "conversations" | "requests" | "pending", conversationIds: readonly Hex[] = []) => {
    dirty.add(what);
    for (const id of conversationIds) dirtyConversations.add(id);
    timer ??= setTimeout(flush, 0);
  };

  const patchMessages = (conversationId: Hex, patch: (messages: MessageView[]) => MessageView[]) =>
    queryClient.setQueriesData<MessageView[]>({ queryKey: hushlogQueryKeys.conversation(scope, conversationId) }, (messages) =>
      messages ? patch(messages) : messages,
    );

  const currentSync = () => queryClient.getQueryData<HushlogSyncStatus>(keys.sync) ?? initialSyncStatus;
  const setSync = (next: HushlogSyncStatus) => {
    if (!sameSyncStatus(currentSync(), next)) queryClient.setQueryData(keys.sync, next);
  };

  const offs = [
    client.on("message", (message) => {
      patchMessages(message.conversationId, (messages) => {
        const at = messages.findIndex((m) => m.id === message.id);
        if (at === -1) return [...messages, message];
        const next = [...messages];
        next[at] = message;
        return next;
      });
      touch("conversations", [message.conversationId]);
    }),
    client.on("status", ({ id, conversationId, status }) => {
      patchMessages(conversationId, (messages) => messages.map((m) => (m.id === id ? { ...m, status } : m)));
      touch("conversations", [conversationId]);
    }),
    client.on("handshake", (event) => {
      touch("requests");
      if (event.type === "established") touch("conversations", [event.conversationId]);
    }),
    client.on("pending", (event) => touch("pending", event.conversationIds)),
    client.on("sync", (progress) => setSync(syncStatusFromProgress(progress))),
    client.on("error", ({ error }) => setSync({ ...currentSync(), status: "error", error: error instanceof Error ? error : new Error(String(error)) })),
  ];

  return () => {
    closed = true;
    clearTimeout(timer);
    for (const off of offs) off();
  };
}

/** Marks a scope as syncing when its watch loop starts (the first progress event only comes after a step). */
export function markSyncStarting(queryClient: QueryClient, scope: HushlogScope): void {
  const key = hushlogQueryKeys.sync(scope);
  const current = queryClient.getQueryData<HushlogSyncStatus>(key) ?? initialSyncStatus;
  if (current.status === "idle") queryClient.setQueryData(key, { ...current, status: "syncing" });
}
