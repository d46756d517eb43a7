// @vitest-environment happy-dom
import { act, cleanup, renderHook, waitFor } from "@testing-library/react";
import { getAddress, type Hex } from "viem";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { MessageView } from "../../src/client/ClientEvents.ts";
import { verifyKeyBinding } from "../../src/identity/verifyKeyBinding.ts";
import {
  useConversation,
  useConversations,
  useHandshakeRequests,
  useHushlogIdentity,
  usePendingTransactions,
  useSendMessage,
  useStartConversation,
  useSyncStatus,
  type HushlogProviderProps,
  type HushlogSyncStatus,
} from "../../src/react/index.ts";
import { createMemoryStore, createMemoryStoreData } from "../../src/store/backends/memory/createMemoryStore.ts";
import { createTestChain, type TestChain } from "../fixtures/createTestChain.ts";
import { createWagmiUser, hushlogWrapper, type WagmiUser } from "./wagmiHarness.tsx";

const live = { timeout: 20_000, interval: 20 };

let chain: TestChain;
let alice: WagmiUser;
let bob: WagmiUser;
beforeAll(async () => {
  chain = await createTestChain();
  alice = await createWagmiUser(chain, 1);
  bob = await createWagmiUser(chain, 2);
});
afterAll(() => chain.close());
afterEach(() => cleanup());

/** Every hook a chat screen uses, with a log of the statuses each message showed, render by render. */
function chatHooks(statusLog: Map<string, string[]>) {
  return function useChat({ conversationId }: { conversationId?: Hex }) {
    const hooks = {
      identity: useHushlogIdentity(),
      conversations: useConversations(),
      conversation: useConversation(conversationId),
      send: useSendMessage(),
      start: useStartConversation(),
      requests: useHandshakeRequests(),
      sync: useSyncStatus(),
      pending: usePendingTransactions(),
    };
    for (const message of hooks.conversation.data ?? []) {
      const seen = statusLog.get(message.id) ?? [];
      if (seen.at(-1) !== message.status) statusLog.set(message.id, [...seen, message.status]);
    }
    return hooks;
  };
}

const text = (m: MessageView) => (m.content?.type === "text" ? m.content.text : null);

describe("hushlog/react against the in-process chain, two wagmi accounts", () => {
  const aliceData = createMemoryStoreData();
  const bobData = createMemoryStoreData();
  const props = (data: ReturnType<typeof createMemoryStoreData>): Omit<HushlogProviderProps, "children"> => ({
    contract: chain.deployment.address,
    deployBlock: chain.deployment.deployBlock,
    confirmations: 2,
    pollingInterval: 40,
    store: (account) => createMemoryStore({ account, data }),
  });

  it("creates identities, starts and accepts a conversation, sends both ways with statuses to confirmed, reports sync", async () => {
    const aliceLog = new Map<string, string[]>();
    const bobLog = new Map<string, string[]>();
    const a = renderHook(chatHooks(aliceLog), { wrapper: hushlogWrapper(alice, props(aliceData)), initialProps: {} });
    const b = renderHook(chatHooks(bobLog), { wrapper: hushlogWrapper(bob, props(bobData)), initialProps: {} });

    // Identity: locked until asked, then one binding signature each. Devices (issue 17): the identity is a random
    // device identity, so the seed signature it once took is gone (a store that derives its key asks for its own).
    await waitFor(() => expect(a.result.current.identity.isConnected).toBe(true));
    expect(a.result.current.identity.status).toBe("idle");
    expect(a.result.current.conversations.fetchStatus).toBe("idle");
    const aliceIdentity = await act(() => a.result.current.identity.unlockAsync());
    const bobIdentity = await act(() => b.result.current.identity.unlockAsync());
    expect(aliceIdentity.account).toBe(getAddress(alice.account));
    expect(aliceIdentity.created).toBe(true);
    expect(a.result.current.identity.status).toBe("success");
    expect(a.result.current.identity.data?.binding).toEqual(aliceIdentity.binding);
    expect([alice.prompts("personal_sign"), alice.prompts("eth_signTypedData_v4")]).toEqual([0, 1]);
    const deployment = { chainId: chain.deployment.chainId, contract: chain.deployment.address };
    expect(await verifyKeyBinding(chain.publicClient, aliceIdentity.binding, deployment)).toBe(true);
    expect(await verifyKeyBinding(chain.publicClient, bobIdentity.binding, deployment)).toBe(true);

    // Sync: the watch loop reaches the head (past the blocks that carry both clients' binding publications).
    await waitFor(() => expect(a.result.current.sync.data.status).toBe("synced"), live);
    await waitFor(async () => expect(a.result.current.sync.data.currentBlock).toBeGreaterThanOrEqual(await chain.publicClient.getBlockNumber()), live);
    expect(a.result.current.sync.data.progress).toBe(1);
    expect(a.result.current.conversations.data).toEqual([]);

    // Alice starts a conversation; Bob sees the request live and accepts it.
    const started = await act(() => a.result.current.start.mutateAsync({ peer: bob.account, note: "hi, it's alice" }));
    await waitFor(() => expect(b.result.current.requests.data).toHaveLength(1), live);
    const [request] = b.result.current.requests.data!;
    expect(request!.from).toBe(getAddress(alice.account));
    expect(request!.note).toBe("hi, it's alice");
    expect(request!.verified).toBe(true);
    const { conversationId } = await act(() => b.result.current.requests.accept.mutateAsync({ requestId: request!.id, note: "hey" }));
    expect(conversationId).toBe(started.conversationId);
    await waitFor(() => expect(b.result.current.requests.data).toHaveLength(0), live);
    await waitFor(() => expect(a.result.current.conversations.data?.map((c) => c.conversationId)).toEqual([conversationId]), live);
    expect(a.result.current.conversations.data![0]!.peer).toBe(getAddress(bob.account));
    a.rerender({ conversationId });
    b.rerender({ conversationId });

    // Alice sends: the message shows at once, Bob receives it, and its status climbs to confirmed, then final
    // (chain 31337: final at depth 3, which the 2 blocks mined on top of its own reach).
    const sent = await act(() => a.result.current.send.sendMessageAsync({ conversationId, content: "hello bob" }));
    const [messageId] = sent.messageIds;
    await waitFor(() => expect(b.result.current.conversation.data?.map(text)).toEqual(["hello bob"]), live);
    expect(b.result.current.conversation.data![0]!.status).toBe("received");
    expect(b.result.current.conversation.data![0]!.direction).toBe("in");
    await waitFor(() => expect(a.result.current.conversation.data?.find((m) => m.id === messageId)?.status).toBe("included"), live);
    await act(() => chain.testClient.mine({ blocks: 2 }));
    await waitFor(() => expect(a.result.current.conversation.data?.find((m) => m.id === messageId)?.status).toBe("final"), live);
    await waitFor(() => expect(a.result.current.pending.data).toEqual([]), live);

    // Bob answers; Alice receives, and Bob's message is confirmed too.
    const reply = await act(() => b.result.current.send.sendMessageAsync({ conversationId, content: "hi alice" }));
    // Bob's accept note "hey" came encrypted in his response: it is Alice's first message from him.
    await waitFor(() => expect(a.result.current.conversation.data?.map(text)).toEqual(["hey", "hello bob", "hi alice"]), live);
    await waitFor(() => expect(b.result.current.conversation.data?.find((m) => m.id === reply.messageIds[0])?.status).toBe("included"), live);
    await act(() => chain.testClient.mine({ blocks: 2 }));
    await waitFor(() => expect(b.result.current.conversation.data?.find((m) => m.id === reply.messageIds[0])?.status).toBe("final"), live);
    // Unread: Bob's accept note and "hi alice".
    expect(a.result.current.conversations.data![0]!.unread).toBe(2);
    await act(() => a.result.current.conversation.markRead());
    await waitFor(() => expect(a.result.current.conversations.data![0]!.unread).toBe(0), live);

    // Statuses only moved forward: local first, then on chain, then confirmed and final.
    const order = ["preparing", "submitted", "included", "confirmed", "final"];
    for (const [log, id] of [[aliceLog, messageId], [bobLog, reply.messageIds[0]]] as const) {
      const statuses = log.get(id!)!;
      expect(statuses.at(-1)).toBe("final");
      // "preparing"/"submitted" show when a render happens to fall before the wallet answers.
      expect(statuses).toContain("included");
      expect(statuses.map((s) => order.indexOf(s))).toEqual([...statuses.map((s) => order.indexOf(s))].sort((x, y) => x - y));
    }
    expect(a.result.current.sync.data.status).toBe("synced");
    expect(a.result.current.sync.data.error).toBeNull();
  });

  it("a reload unlocks the stored identity without any signature, catches up with progress, keeps the conversation", async () => {
    // Blocks produced while away: several sync steps to catch up (a step is as wide as the provider's learnt
    // block range: 5,000 blocks at first, growing while the provider allows).
    await chain.testClient.mine({ blocks: 40_000 });
    const signsBefore = [alice.prompts("personal_sign"), alice.prompts("eth_signTypedData_v4")];
    // Every value useSyncStatus's query takes (renders may batch several of them, so read the cache).
    const progress: { status: string; progress: number }[] = [];
    const unsubscribe = alice.queryClient.getQueryCache().subscribe((event) => {
      const data = event.query.state.data as HushlogSyncStatus | undefined;
      if (event.type !== "updated" || event.query.queryKey.at(-1) !== "sync" || !data) return;
      if (progress.at(-1)?.progress !== data.progress || progress.at(-1)?.status !== data.status) progress.push({ status: data.status, progress: data.progress });
    });
    const a = renderHook(chatHooks(new Map()), { wrapper: hushlogWrapper(alice, props(aliceData)), initialProps: {} });
    await waitFor(() => expect(a.result.current.identity.isConnected).toBe(true));
    const identity = await act(() => a.result.current.identity.unlockAsync());
    expect(identity.created).toBe(false);
    expect([alice.prompts("personal_sign"), alice.prompts("eth_signTypedData_v4")]).toEqual(signsBefore);
    await waitFor(() => expect(a.result.current.sync.data.status).toBe("synced"), live);
    const partial = progress.filter((p) => p.status === "syncing" && p.progress > 0 && p.progress < 1).map((p) => p.progress);
    expect(partial.length).toBeGreaterThanOrEqual(2);
    expect(partial).toEqual([...partial].sort((x, y) => x - y));
    expect(progress.at(-1)).toEqual({ status: "synced", progress: 1 });
    expect(a.result.current.sync.data).toMatchObject({ status: "synced", progress: 1 });
    unsubscribe();
    await waitFor(() => expect(a.result.current.conversations.data).toHaveLength(1), live);
    a.rerender({ conversationId: a.result.current.conversations.data![0]!.conversationId });
    await waitFor(() => expect(a.result.current.conversation.data?.map(text)).toEqual(["hey", "hello bob", "hi alice"]), live);
  });
});
