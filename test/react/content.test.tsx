// @vitest-environment happy-dom
import { act, cleanup, renderHook, waitFor } from "@testing-library/react";
import { getAddress, type Hex } from "viem";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  useConversations,
  useHandshakeRequests,
  useHushlogIdentity,
  useReadReceipts,
  useSendContent,
  useStartConversation,
  useThread,
} from "../../src/react/index.ts";
import { createMemoryStore } from "../../src/store/backends/memory/createMemoryStore.ts";
import { createTestChain, type TestChain } from "../fixtures/createTestChain.ts";
import { createWagmiUser, hushlogWrapper, type WagmiUser } from "./wagmiHarness.tsx";

const live = { timeout: 20_000, interval: 20 };

let chain: TestChain;
let alice: WagmiUser;
let bob: WagmiUser;
beforeAll(async () => {
  chain = await createTestChain();
  alice = await createWagmiUser(chain, 11);
  bob = await createWagmiUser(chain, 12);
});
afterAll(() => chain.close());
afterEach(() => cleanup());

/** What a chat screen with message actions uses; receipts on for Bob only (the setting is off by default). */
function useChatScreen({ chat, receipts }: { chat?: Hex; receipts?: boolean }) {
  return {
    identity: useHushlogIdentity(),
    conversations: useConversations(),
    start: useStartConversation(),
    requests: useHandshakeRequests(),
    thread: useThread(chat),
    send: useSendContent(),
    receipts: useReadReceipts({ enabled: receipts }),
  };
}

describe("content hooks against the in-process chain (issue 19)", () => {
  it("every content type: post with a mention, reply + reaction in one transaction, edit, delete, receipts opt-in", async () => {
    const props = { contract: chain.deployment.address, deployBlock: chain.deployment.deployBlock, confirmations: 1, pollingInterval: 40 };
    const render = (user: WagmiUser) =>
      renderHook(useChatScreen, { wrapper: hushlogWrapper(user, { ...props, store: (account) => createMemoryStore({ account }) }), initialProps: {} as { chat?: Hex; receipts?: boolean } });
    const [a, b] = [render(alice), render(bob)];
    for (const side of [a, b]) {
      await waitFor(() => expect(side.result.current.identity.isConnected).toBe(true));
      await act(() => side.result.current.identity.unlockAsync());
    }
    await act(() => a.result.current.start.mutateAsync({ peer: bob.account }));
    await waitFor(() => expect(b.result.current.requests.data).toHaveLength(1), live);
    const { conversationId: chat } = await act(() => b.result.current.requests.accept.mutateAsync({ requestId: b.result.current.requests.data![0]!.id }));
    await waitFor(() => expect(a.result.current.conversations.data).toHaveLength(1), live);
    a.rerender({ chat });
    b.rerender({ chat, receipts: true });
    expect(a.result.current.receipts.enabled).toBe(false);

    // A post mentioning Bob, and one Alice will delete.
    const post = await act(() => a.result.current.send.sendContentAsync({ kind: "post", chat, text: "lunch?", mentions: [bob.account] }));
    const doomed = await act(() => a.result.current.send.sendContentAsync({ kind: "post", chat, text: "wrong chat" }));
    const postId = post.messageIds[0]!;
    await waitFor(() => expect(b.result.current.thread.items?.map((i) => i.text)).toEqual(["lunch?", "wrong chat"]), live);
    expect(b.result.current.thread.items![0]!.mentions).toEqual([getAddress(bob.account)]);

    // Bob reacts and replies in one transaction.
    const batch = await act(() =>
      b.result.current.send.sendContentAsync([
        { kind: "react", chat, target: postId, emoji: "🍜" },
        { kind: "post", chat, text: "sure", replyTo: postId },
      ]),
    );
    expect(batch.messageIds).toHaveLength(2);
    await waitFor(() => expect(a.result.current.thread.items?.[0]?.reactions).toEqual([{ emoji: "🍜", senders: [getAddress(bob.account)] }]), live);
    await waitFor(() => expect(a.result.current.thread.items?.at(-1)?.replyTo?.quoted?.text).toBe("lunch?"), live);

    // Alice edits and deletes; Bob's thread changes in place (no new items).
    await act(() => a.result.current.send.sendContentAsync({ kind: "edit", chat, target: postId, text: "lunch at 1?" }));
    await act(() => a.result.current.send.sendContentAsync({ kind: "delete", chat, target: doomed.messageIds[0]! }));
    await waitFor(() => expect(b.result.current.thread.items?.map((i) => [i.text, i.edited?.count ?? 0, i.deleted])).toEqual([["lunch at 1?", 1, false], [null, 0, true], ["sure", 0, false]]), live);
    expect(b.result.current.thread.items![2]!.replyTo?.quoted?.text).toBe("lunch at 1?");

    // Receipts: Alice has them off, so her call sends nothing; Bob opted in and acknowledges what he read.
    await act(() => a.result.current.thread.markRead());
    expect(await act(() => a.result.current.receipts.sendReadReceiptsAsync())).toBeNull();
    await act(() => b.result.current.thread.markRead());
    const sent = await act(() => b.result.current.receipts.sendReadReceiptsAsync());
    expect(sent?.messageIds).toHaveLength(1);
    await waitFor(() => expect(a.result.current.thread.items?.filter((i) => i.message.direction === "out").map((i) => i.readBy)).toEqual([[getAddress(bob.account)], [getAddress(bob.account)]]), live);
    expect(b.result.current.thread.items?.filter((i) => i.message.direction === "out").every((i) => i.readBy.length === 0)).toBe(true);
  });
});
