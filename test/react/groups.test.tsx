// @vitest-environment happy-dom
import { act, cleanup, renderHook, waitFor, type RenderHookResult } from "@testing-library/react";
import { getAddress, type Address, type Hex } from "viem";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { MessageView } from "../../src/client/ClientEvents.ts";
import {
  useConversation,
  useConversations,
  useCreateGroup,
  useGroupMembers,
  useGroups,
  useHandshakeRequests,
  useHushlogIdentity,
  useSendGroupMessage,
  useStartConversation,
} from "../../src/react/index.ts";
import { createMemoryStore } from "../../src/store/backends/memory/createMemoryStore.ts";
import { createTestChain, type TestChain } from "../fixtures/createTestChain.ts";
import { createWagmiUser, hushlogWrapper, type WagmiUser } from "./wagmiHarness.tsx";

const live = { timeout: 20_000, interval: 20 };

let chain: TestChain;
let users: WagmiUser[];
beforeAll(async () => {
  chain = await createTestChain();
  users = [await createWagmiUser(chain, 7), await createWagmiUser(chain, 8), await createWagmiUser(chain, 9)];
});
afterAll(() => chain.close());
afterEach(() => cleanup());

/** What a group screen uses, for the group `groupId` (once known). */
function useGroupScreen({ groupId }: { groupId?: Hex }) {
  return {
    identity: useHushlogIdentity(),
    conversations: useConversations(),
    start: useStartConversation(),
    requests: useHandshakeRequests(),
    groups: useGroups(),
    create: useCreateGroup(),
    members: useGroupMembers(groupId),
    send: useSendGroupMessage(),
    messages: useConversation(groupId),
  };
}
type Screen = RenderHookResult<ReturnType<typeof useGroupScreen>, { groupId?: Hex }>;

const texts = (messages: MessageView[] | undefined) => (messages ?? []).map((m) => (m.content?.type === "text" ? m.content.text : null));

/** `a` starts a conversation with `b`, `b` accepts: groups need a 1:1 conversation between every two members. */
async function connect(a: Screen, b: Screen, bAccount: Address, aAccount: Address) {
  await act(() => a.result.current.start.mutateAsync({ peer: bAccount }));
  await waitFor(() => expect(b.result.current.requests.data?.some((r) => r.from === getAddress(aAccount))).toBe(true), live);
  const request = b.result.current.requests.data!.find((r) => r.from === getAddress(aAccount))!;
  await act(() => b.result.current.requests.accept.mutateAsync({ requestId: request.id }));
  await waitFor(() => expect(a.result.current.conversations.data?.some((c) => c.peer === getAddress(bAccount))).toBe(true), live);
}

describe("group hooks against the in-process chain, three wagmi accounts", () => {
  it("create a group, both post, unread counts, the creator adds and removes members", async () => {
    const [alice, bob, carol] = users as [WagmiUser, WagmiUser, WagmiUser];
    const props = { contract: chain.deployment.address, deployBlock: chain.deployment.deployBlock, confirmations: 1, pollingInterval: 40 };
    const render = (user: WagmiUser) =>
      renderHook(useGroupScreen, { wrapper: hushlogWrapper(user, { ...props, store: (account) => createMemoryStore({ account }) }), initialProps: {} });
    const [a, b, c] = [render(alice), render(bob), render(carol)];
    for (const side of [a, b, c]) {
      await waitFor(() => expect(side.result.current.identity.isConnected).toBe(true));
      await act(() => side.result.current.identity.unlockAsync());
    }
    await connect(a, b, bob.account, alice.account);
    await connect(a, c, carol.account, alice.account);
    await connect(b, c, carol.account, bob.account);

    // Alice creates a group with Bob: hers at once, Bob's once the transaction is synced.
    const { groupId } = await act(() => a.result.current.create.createGroupAsync({ name: "hooks crew", members: [bob.account] }));
    for (const side of [a, b]) side.rerender({ groupId });
    expect(a.result.current.groups.data?.map((g) => g.name)).toEqual(["hooks crew"]);
    await waitFor(() => expect(b.result.current.groups.data?.map((g) => g.groupId)).toEqual([groupId]), live);
    expect(b.result.current.members.members).toEqual([alice.account, bob.account].map((m) => getAddress(m)).sort((x, y) => x.toLowerCase().localeCompare(y.toLowerCase())));
    expect(a.result.current.members.isCreator).toBe(true);
    expect(b.result.current.members.isCreator).toBe(false);
    expect(b.result.current.members.creator).toBe(getAddress(alice.account));

    // Both post; each sees both messages, and their own reaches "included" (then "confirmed" one block later).
    const sent = await act(() => a.result.current.send.sendGroupMessageAsync({ groupId, content: "hello group" }));
    expect(texts(a.result.current.messages.data)).toEqual(["hello group"]);
    await waitFor(() => expect(texts(b.result.current.messages.data)).toEqual(["hello group"]), live);
    await act(() => b.result.current.send.sendGroupMessageAsync({ groupId, content: "hi from bob" }));
    await waitFor(() => expect(texts(a.result.current.messages.data)).toEqual(["hello group", "hi from bob"]), live);
    await waitFor(() => expect(texts(b.result.current.messages.data)).toEqual(["hello group", "hi from bob"]), live);
    await act(() => chain.testClient.mine({ blocks: 1 }));
    await waitFor(() => expect(a.result.current.messages.data?.find((m) => m.id === sent.messageIds[0])?.status).toBe("confirmed"), live);

    // Unread: Alice has Bob's message unread until she marks the group read.
    await waitFor(() => expect(a.result.current.groups.data?.[0]).toMatchObject({ unread: 1, lastMessage: { direction: "in" } }), live);
    await act(() => a.result.current.messages.markRead());
    await waitFor(() => expect(a.result.current.groups.data?.[0]?.unread).toBe(0), live);

    // The creator adds Carol: she gets the group and reads what follows (not the history).
    c.rerender({ groupId });
    await act(() => a.result.current.members.add.mutateAsync({ members: [carol.account] }));
    await waitFor(() => expect(c.result.current.groups.data?.map((g) => g.groupId)).toEqual([groupId]), live);
    await waitFor(() => expect(b.result.current.members.members).toContain(getAddress(carol.account)), live);
    await act(() => c.result.current.send.sendGroupMessageAsync({ groupId, content: "carol joined" }));
    await waitFor(() => expect(texts(a.result.current.messages.data)).toContain("carol joined"), live);
    await waitFor(() => expect(texts(b.result.current.messages.data)).toContain("carol joined"), live);
    expect(texts(c.result.current.messages.data)).toEqual(["carol joined"]);

    // The creator removes Bob: his group shows as left, the others no longer list him.
    await act(() => a.result.current.members.remove.mutateAsync({ members: [bob.account] }));
    await waitFor(() => expect(a.result.current.members.members).not.toContain(getAddress(bob.account)), live);
    await waitFor(() => expect(b.result.current.members.left).toBe(true), live);
    await waitFor(() => expect(c.result.current.members.members).not.toContain(getAddress(bob.account)), live);
    await act(() => a.result.current.send.sendGroupMessageAsync({ groupId, content: "after bob" }));
    await waitFor(() => expect(texts(c.result.current.messages.data)).toContain("after bob"), live);
    expect(texts(b.result.current.messages.data)).not.toContain("after bob");
  }, 120_000);
});
