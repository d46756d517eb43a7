import type { QueryClient } from "@tanstack/react-query";
import type { Hex } from "viem";
import type { BindingEvent, KeyChangeEvent, MessageView } from "../client/ClientEvents.ts";
import type { HushlogClient } from "../client/HushlogClient.ts";
import type { TabCoordinator, TabNotice, TabTouch } from "./createTabCoordinator.ts";
import { initialBindingStatus, nextBindingStatus, type HushlogBindingStatus } from "./bindingStatus.ts";
import { hushlogQueryKeys, type HushlogScope } from "./queryKeys.ts";
import { initialSyncStatus, sameSyncStatus, syncStatusFromProgress, type HushlogSyncStatus } from "./syncStatus.ts";

/**
 * Keeps the TanStack Query cache of one scope in step with its client's events:
 *  - `message` and `status` patch the open conversation queries at once (a sent message shows as "preparing"
 *    before the wallet even answers; statuses move in place), then the touched queries are refetched from the
 *    store, coalesced, so order and block fields match what is stored;
 *  - `handshake` refreshes requests (and conversations once one is established), `pending` the transaction list,
 *    `group` and every message the group list (its unread counts and last messages);
 *  - `sync` and `error` become the `useSyncStatus` value, written only when it changed;
 *  - `binding`: ours becomes the `useKeyBinding` value; a peer's (revoked, restored) refreshes the conversations,
 *    whose status says it;
 *  - `appState` (another device's settings applied, or our own push read back) refreshes nicknames, blocks, mutes,
 *    the sync status, requests, conversations and the open conversations (read markers);
 *  - `keyChange` refreshes requests, conversations and safety numbers; a change already in effect (no request to
 *    answer: we started the handshake that brought the new key) is kept for `useKeyChanges` until dismissed.
 * With `tabs`, what changed is also posted to the account's other tabs, and their notices refresh the same queries
 * here (the store is shared, so a refetch shows what the other tab wrote); binding and key-change events are relayed
 * whole, since only the tab that reads the chain sees them.
 * Returns the unsubscribe function.
 */
export function bridgeClientEvents(client: HushlogClient, scope: HushlogScope, queryClient: QueryClient, tabs?: TabCoordinator): () => void {
  const keys = {
    conversations: hushlogQueryKeys.conversations(scope),
    requests: hushlogQueryKeys.requests(scope),
    pending: hushlogQueryKeys.pending(scope),
    sync: hushlogQueryKeys.sync(scope),
    groups: hushlogQueryKeys.groups(scope),
    binding: hushlogQueryKeys.binding(scope),
    keyChanges: hushlogQueryKeys.keyChanges(scope),
    safetyNumbers: [...hushlogQueryKeys.scope(scope), "safetyNumber"],
    nicknames: hushlogQueryKeys.nicknames(scope),
    blocked: hushlogQueryKeys.blocked(scope),
    muted: hushlogQueryKeys.muted(scope),
    appState: hushlogQueryKeys.appState(scope),
  };
  // Requests queries are keyed by status: invalidate them all through the shared prefix.
  const requestsPrefix = keys.requests.slice(0, -1);
  const dirty = new Set<TabTouch>();
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
    if (dirty.has("groups")) invalidate(keys.groups);
    if (dirty.has("safetyNumbers")) invalidate(keys.safetyNumbers);
    if (dirty.has("settings")) {
      invalidate(keys.nicknames);
      invalidate(keys.blocked);
      invalidate(keys.muted);
      invalidate(keys.appState);
    }
    for (const id of dirtyConversations) invalidate(hushlogQueryKeys.conversation(scope, id));
    dirty.clear();
    dirtyConversations.clear();
  };
  const mark = (what: readonly TabTouch[], conversationIds: readonly Hex[]) => {
    for (const w of what) dirty.add(w);
    for (const id of conversationIds) dirtyConversations.add(id);
    timer ??= setTimeout(flush, 0);
  };
  const touch = (what: readonly TabTouch[], conversationIds: readonly Hex[] = []) => {
    mark(what, conversationIds);
    tabs?.post({ type: "touch", what, conversationIds });
  };

  const patchMessages = (conversationId: Hex, patch: (messages: MessageView[]) => MessageView[]) =>
    queryClient.setQueriesData<MessageView[]>({ queryKey: hushlogQueryKeys.conversation(scope, conversationId) }, (messages) =>
      messages ? patch(messages) : messages,
    );

  const currentSync = () => queryClient.getQueryData<HushlogSyncStatus>(keys.sync) ?? initialSyncStatus;
  const setSync = (next: HushlogSyncStatus) => {
    if (!sameSyncStatus(currentSync(), next)) queryClient.setQueryData(keys.sync, next);
  };

  const publishSync = (status: HushlogSyncStatus) => {
    setSync(status);
    // Only the short, public part of an error crosses to the other tabs (an RPC error's details may hold URLs).
    const error = status.error && ((status.error as { shortMessage?: string }).shortMessage ?? status.error.message.split("\n")[0]!);
    tabs?.post({ type: "sync", status: { ...status, error: error || null } });
  };

  const applyBinding = (event: BindingEvent) => {
    if (event.type === "peer-revoked" || event.type === "peer-restored") return mark(["conversations"], [event.conversationId]);
    const current = queryClient.getQueryData<HushlogBindingStatus>(keys.binding) ?? initialBindingStatus;
    queryClient.setQueryData(keys.binding, nextBindingStatus(current, event, Math.floor(Date.now() / 1000)));
  };
  const applyKeyChange = (event: KeyChangeEvent) => {
    if (event.requestId === null) {
      const seen = queryClient.getQueryData<KeyChangeEvent[]>(keys.keyChanges) ?? [];
      const others = seen.filter((e) => e.conversationId !== event.conversationId);
      queryClient.setQueryData(keys.keyChanges, [...others, event]);
    }
    mark(["requests", "conversations", "safetyNumbers"], [event.conversationId]);
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
      // The conversation id may be a group's: the group list shows unread counts and last messages too.
      touch(["conversations", "groups"], [message.conversationId]);
    }),
    client.on("status", ({ id, conversationId, status }) => {
      patchMessages(conversationId, (messages) => messages.map((m) => (m.id === id ? { ...m, status } : m)));
      touch(["conversations", "groups"], [conversationId]);
    }),
    client.on("handshake", (event) => {
      if (event.type === "established") touch(["requests", "conversations", "safetyNumbers"], [event.conversationId]);
      else touch(["requests"]);
    }),
    client.on("pending", (event) => touch(["pending"], event.conversationIds)),
    // Another device's settings arrived: names, blocks, and read markers (unread counts, open conversations).
    client.on("appState", () => {
      touch(["settings", "conversations", "requests"]);
      void queryClient.invalidateQueries({ queryKey: [...hushlogQueryKeys.scope(scope), "conversation"] }, { cancelRefetch: false });
    }),
    client.on("group", (event) => touch(["groups"], [event.groupId])),
    client.on("sync", (progress) => publishSync(syncStatusFromProgress(progress))),
    client.on("binding", (event) => {
      applyBinding(event);
      tabs?.post({ type: "binding", event });
    }),
    client.on("keyChange", (event) => {
      applyKeyChange(event);
      tabs?.post({ type: "keyChange", event });
    }),
    client.on("error", ({ error }) => publishSync({ ...currentSync(), status: "error", error: error instanceof Error ? error : new Error(String(error)) })),
  ];
  // Another tab's notice: its sync status (only the syncing tab sends those), or the queries its client changed.
  const onNotice = (notice: TabNotice) => {
    if (closed) return;
    if (notice.type === "touch") mark(notice.what, notice.conversationIds);
    else if (notice.type === "binding") applyBinding(notice.event);
    else if (notice.type === "keyChange") applyKeyChange(notice.event);
    else setSync({ ...notice.status, error: notice.status.error === null ? null : new Error(notice.status.error) });
  };
  const unlisten = tabs?.listen(onNotice);

  return () => {
    closed = true;
    clearTimeout(timer);
    unlisten?.();
    for (const off of offs) off();
  };
}

/** Marks a scope as syncing when its watch loop starts (the first progress event only comes after a step). */
export function markSyncStarting(queryClient: QueryClient, scope: HushlogScope): void {
  const key = hushlogQueryKeys.sync(scope);
  const current = queryClient.getQueryData<HushlogSyncStatus>(key) ?? initialSyncStatus;
  if (current.status === "idle") queryClient.setQueryData(key, { ...current, status: "syncing" });
}
