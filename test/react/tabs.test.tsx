// @vitest-environment happy-dom
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, cleanup, renderHook, waitFor } from "@testing-library/react";
import { BroadcastChannel, locks } from "node:worker_threads";
import type { ReactNode } from "react";
import { getAddress, type Hex } from "viem";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { WagmiProvider } from "wagmi";
import { createHushlogClient } from "../../src/client/createHushlogClient.ts";
import type { HushlogClient } from "../../src/client/HushlogClient.ts";
import type { MessageView } from "../../src/client/ClientEvents.ts";
import {
  HushlogProvider,
  useConversation,
  useConversations,
  useHandshakeRequests,
  useHushlogIdentity,
  useSendMessage,
  useStartConversation,
  useSyncStatus,
  type HushlogProviderProps,
  type TabCoordinationApis,
} from "../../src/react/index.ts";
import { createMemoryStore, createMemoryStoreData } from "../../src/store/backends/memory/createMemoryStore.ts";
import { createTestChain, type TestChain } from "../fixtures/createTestChain.ts";
import { createWagmiUser, hushlogWrapper, type WagmiUser } from "./wagmiHarness.tsx";

const live = { timeout: 20_000, interval: 20 };
// Node's Web Locks and BroadcastChannel behave as a browser's between two providers of one process (two tabs).
const tabApis = { locks, BroadcastChannel } as unknown as TabCoordinationApis;

let chain: TestChain;
let alice: WagmiUser;
let bob: WagmiUser;
let carol: WagmiUser;
beforeAll(async () => {
  chain = await createTestChain();
  alice = await createWagmiUser(chain, 10);
  bob = await createWagmiUser(chain, 11);
  carol = await createWagmiUser(chain, 12);
});
afterAll(() => chain.close());
afterEach(() => cleanup());

/** A tab: its own query cache (tabs share nothing but the store and the wallet), its client's watch loops counted. */
function tab(user: WagmiUser, props: Omit<HushlogProviderProps, "children" | "createClient">) {
  const watching = { now: 0, started: 0 };
  const createClient = (parameters: Parameters<typeof createHushlogClient>[0]): HushlogClient => {
    const client = createHushlogClient(parameters);
    return {
      ...client,
      watch(options) {
        watching.now++;
        watching.started++;
        const stop = client.watch(options);
        return () => {
          watching.now--;
          stop();
        };
      },
    };
  };
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const wrapper = ({ children }: { children: ReactNode }) => (
    <WagmiProvider config={user.config} reconnectOnMount={false}>
      <QueryClientProvider client={queryClient}>
        <HushlogProvider publishPrekeys={false} {...props} createClient={createClient}>
          {children}
        </HushlogProvider>
      </QueryClientProvider>
    </WagmiProvider>
  );
  return { watching, wrapper };
}

function useChat({ conversationId }: { conversationId?: Hex }) {
  return {
    identity: useHushlogIdentity(),
    conversations: useConversations(),
    conversation: useConversation(conversationId),
    requests: useHandshakeRequests(),
    start: useStartConversation(),
    send: useSendMessage(),
    sync: useSyncStatus(),
  };
}
const texts = (messages: MessageView[] | undefined) => (messages ?? []).map((m) => (m.content?.type === "text" ? m.content.text : null));

describe("two tabs of one account (coordinateTabs)", () => {
  it("one tab reads the chain, both show everything, the other tab's sends are tracked, and the lock moves on close", async () => {
    const common = { contract: chain.deployment.address, deployBlock: chain.deployment.deployBlock, confirmations: 1, pollingInterval: 40 };
    const shared = createMemoryStoreData();
    const aliceProps = { ...common, coordinateTabs: tabApis, store: (account: Hex) => createMemoryStore({ account, data: shared }) };
    const first = tab(alice, aliceProps);
    const second = tab(alice, aliceProps);
    const t1 = renderHook(useChat, { wrapper: first.wrapper, initialProps: {} });
    const t2 = renderHook(useChat, { wrapper: second.wrapper, initialProps: {} });
    const b = renderHook(useChat, { wrapper: hushlogWrapper(bob, { ...common, store: (account) => createMemoryStore({ account }) }), initialProps: {} });
    for (const side of [t1, t2, b]) {
      await waitFor(() => expect(side.result.current.identity.isConnected).toBe(true));
      await act(() => side.result.current.identity.unlockAsync());
    }
    // Exactly one of the two tabs reads the chain; both report it synced.
    await waitFor(() => expect(first.watching.now + second.watching.now).toBe(1), live);
    await waitFor(() => expect([t1, t2].map((t) => t.result.current.sync.data.status)).toEqual(["synced", "synced"]), live);
    const [leader, follower, followerWatch] = first.watching.now === 1 ? [t1, t2, second.watching] : [t2, t1, first.watching];
    expect(followerWatch.started).toBe(0);

    // Bob's request shows in both tabs; the tab that does not read the chain accepts it.
    await act(() => b.result.current.start.mutateAsync({ peer: alice.account, note: "hi both tabs" }));
    await waitFor(() => expect(follower.result.current.requests.data?.map((r) => r.note)).toEqual(["hi both tabs"]), live);
    await waitFor(() => expect(leader.result.current.requests.data?.map((r) => r.note)).toEqual(["hi both tabs"]), live);
    const { conversationId } = await act(() => follower.result.current.requests.accept.mutateAsync({ requestId: follower.result.current.requests.data![0]!.id }));
    for (const side of [t1, t2, b]) side.rerender({ conversationId });
    await waitFor(() => expect(leader.result.current.conversations.data?.map((c) => c.peer)).toEqual([getAddress(bob.account)]), live);
    await waitFor(() => expect(b.result.current.conversation.conversation).toBeDefined(), live);

    // Bob writes: both tabs show it (the leader received it; the follower refetched on the leader's notice).
    await act(() => b.result.current.send.sendMessageAsync({ conversationId, content: "hello alice" }));
    await waitFor(() => expect(texts(follower.result.current.conversation.data)).toEqual(["hello alice"]), live);
    await waitFor(() => expect(texts(leader.result.current.conversation.data)).toEqual(["hello alice"]), live);

    // The follower writes: Bob receives it, the leader shows it, and its status (tracked by the leader) reaches confirmed.
    const sent = await act(() => follower.result.current.send.sendMessageAsync({ conversationId, content: "from the other tab" }));
    await waitFor(() => expect(texts(b.result.current.conversation.data)).toEqual(["hello alice", "from the other tab"]), live);
    await waitFor(() => expect(texts(leader.result.current.conversation.data)).toEqual(["hello alice", "from the other tab"]), live);
    await act(() => chain.testClient.mine({ blocks: 1 }));
    await waitFor(() => expect(follower.result.current.conversation.data?.find((m) => m.id === sent.messageIds[0])?.status).toBe("confirmed"), live);
    expect(followerWatch.started).toBe(0);

    // The reading tab closes: the other one takes over and keeps receiving.
    leader.unmount();
    await waitFor(() => expect(followerWatch.now).toBe(1), live);
    await act(() => b.result.current.send.sendMessageAsync({ conversationId, content: "still there?" }));
    await waitFor(() => expect(texts(follower.result.current.conversation.data)).toEqual(["hello alice", "from the other tab", "still there?"]), live);
  }, 120_000);

  it("the tab that becomes visible takes the chain reading over (a hidden tab's timers are throttled)", async () => {
    const common = { contract: chain.deployment.address, deployBlock: chain.deployment.deployBlock, confirmations: 1, pollingInterval: 40 };
    const shared = createMemoryStoreData();
    const docs = [new TabDocument("visible"), new TabDocument("hidden")] as const;
    const props = (document: TabDocument) => ({
      ...common,
      coordinateTabs: { ...tabApis, document },
      store: (account: Hex) => createMemoryStore({ account, data: shared }),
    });
    const [first, second] = [tab(carol, props(docs[0])), tab(carol, props(docs[1]))];
    const t1 = renderHook(useChat, { wrapper: first.wrapper, initialProps: {} });
    await waitFor(() => expect(t1.result.current.identity.isConnected).toBe(true));
    await act(() => t1.result.current.identity.unlockAsync());
    await waitFor(() => expect(first.watching.now).toBe(1), live);
    const t2 = renderHook(useChat, { wrapper: second.wrapper, initialProps: {} });
    await waitFor(() => expect(t2.result.current.identity.isConnected).toBe(true));
    await act(() => t2.result.current.identity.unlockAsync());
    await waitFor(() => expect(t2.result.current.sync.data.status).toBe("synced"), live);
    expect([first.watching.now, second.watching.started]).toEqual([1, 0]);

    // The person switches to the second tab: it reads the chain from now on, the first one stops.
    docs[0].set("hidden");
    docs[1].set("visible");
    await waitFor(() => expect([first.watching.now, second.watching.now]).toEqual([0, 1]), live);

    // Both still show what arrives.
    const b = renderHook(useChat, { wrapper: hushlogWrapper(bob, { ...common, store: (account) => createMemoryStore({ account }) }), initialProps: {} });
    await waitFor(() => expect(b.result.current.identity.isConnected).toBe(true));
    await act(() => b.result.current.identity.unlockAsync());
    await act(() => b.result.current.start.mutateAsync({ peer: carol.account, note: "switch test" }));
    await waitFor(() => expect(t1.result.current.requests.data?.map((r) => r.note)).toEqual(["switch test"]), live);
    await waitFor(() => expect(t2.result.current.requests.data?.map((r) => r.note)).toEqual(["switch test"]), live);

    // Back to the first tab: it takes over again.
    docs[1].set("hidden");
    docs[0].set("visible");
    await waitFor(() => expect([first.watching.now, second.watching.now]).toEqual([1, 0]), live);
    expect(first.watching.started).toBe(2);
  }, 120_000);
});

/** A tab's document as the coordinator sees it: its visibility, and the event a browser fires when it changes. */
class TabDocument extends EventTarget {
  visibilityState: DocumentVisibilityState;
  constructor(visibility: DocumentVisibilityState) {
    super();
    this.visibilityState = visibility;
  }
  set(visibility: DocumentVisibilityState) {
    this.visibilityState = visibility;
    this.dispatchEvent(new Event("visibilitychange"));
  }
}
