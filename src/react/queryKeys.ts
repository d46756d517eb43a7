import type { Address, Hex } from "viem";
import type { HandshakeRequestStatus } from "../store/HandshakeRequestStore.ts";

/** Who and where: one account on one chain and contract. Every Hushlog query is keyed under its scope. */
export type HushlogScope = { chainId: number; contract: Address; account: Address };

const scopeKey = (scope: HushlogScope | undefined) =>
  ["hushlog", scope?.chainId ?? null, scope?.contract.toLowerCase() ?? null, scope?.account.toLowerCase() ?? null] as const;

/**
 * TanStack Query keys of the Hushlog hooks (strings and numbers only, so any key hash works). Use them to
 * invalidate or prefetch, e.g. `queryClient.invalidateQueries({ queryKey: hushlogQueryKeys.scope(scope) })`.
 */
export const hushlogQueryKeys = {
  all: ["hushlog"] as const,
  scope: scopeKey,
  conversations: (scope: HushlogScope | undefined) => [...scopeKey(scope), "conversations"] as const,
  /** Prefix of every `useConversation(conversationId)` query, whatever its options. */
  conversation: (scope: HushlogScope | undefined, conversationId: Hex | undefined) =>
    [...scopeKey(scope), "conversation", conversationId?.toLowerCase() ?? null] as const,
  messages: (scope: HushlogScope | undefined, conversationId: Hex | undefined, limit: number) =>
    [...hushlogQueryKeys.conversation(scope, conversationId), { limit }] as const,
  requests: (scope: HushlogScope | undefined, status?: HandshakeRequestStatus) =>
    [...scopeKey(scope), "requests", status ?? "all"] as const,
  pending: (scope: HushlogScope | undefined) => [...scopeKey(scope), "pending"] as const,
  groups: (scope: HushlogScope | undefined) => [...scopeKey(scope), "groups"] as const,
  sync: (scope: HushlogScope | undefined) => [...scopeKey(scope), "sync"] as const,
  /** Our key binding and what the chain said of it (pushed by the client's `binding` events). */
  binding: (scope: HushlogScope | undefined) => [...scopeKey(scope), "binding"] as const,
  /** Key changes already in effect, seen while the provider runs (pushed by the client's `keyChange` events). */
  keyChanges: (scope: HushlogScope | undefined) => [...scopeKey(scope), "keyChanges"] as const,
  /** This browser's sending key: balance and fee (useSendingKey). */
  sendingKey: (scope: HushlogScope | undefined) => [...scopeKey(scope), "sendingKey"] as const,
  /** The account's devices from its current binding (useDevices). */
  devices: (scope: HushlogScope | undefined) => [...scopeKey(scope), "devices"] as const,
  blocked: (scope: HushlogScope | undefined) => [...scopeKey(scope), "blocked"] as const,
  muted: (scope: HushlogScope | undefined) => [...scopeKey(scope), "muted"] as const,
  /** Where app-state sync stands (useAppStateSync): changes not yet pushed, rotation due. */
  appState: (scope: HushlogScope | undefined) => [...scopeKey(scope), "appState"] as const,
  nicknames: (scope: HushlogScope | undefined) => [...scopeKey(scope), "nicknames"] as const,
  safetyNumber: (scope: HushlogScope | undefined, peer: Address | undefined) =>
    [...scopeKey(scope), "safetyNumber", peer?.toLowerCase() ?? null] as const,
};

export function sameScope(a: HushlogScope | undefined, b: HushlogScope | undefined): boolean {
  if (!a || !b) return a === b;
  return a.chainId === b.chainId && a.contract.toLowerCase() === b.contract.toLowerCase() && a.account.toLowerCase() === b.account.toLowerCase();
}
