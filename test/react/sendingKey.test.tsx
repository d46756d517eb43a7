// @vitest-environment happy-dom
import { act, cleanup, renderHook, waitFor } from "@testing-library/react";
import { inspect } from "node:util";
import { getAddress, parseEther, type Hex } from "viem";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { MessageView } from "../../src/client/ClientEvents.ts";
import { MINIMAL_MESSAGE_GAS, SENDING_KEY_LOW_MESSAGES } from "../../src/constants.ts";
import { findCurrentBinding } from "../../src/identity/findCurrentBinding.ts";
import {
  useConversation,
  useHandshakeRequests,
  useHushlogClient,
  useHushlogIdentity,
  usePendingTransactions,
  useSendingKey,
  useSendMessage,
  useStartConversation,
  type HushlogProviderProps,
} from "../../src/react/index.ts";
import { createSendingKey } from "../../src/react/createSendingKey.ts";
import { createMemoryStore, createMemoryStoreData } from "../../src/store/backends/memory/createMemoryStore.ts";
import { createTestChain, type TestChain } from "../fixtures/createTestChain.ts";
import { createWagmiUser, hushlogWrapper, type WagmiUser } from "./wagmiHarness.tsx";

const live = { timeout: 20_000, interval: 20 };

let chain: TestChain;
let alice: WagmiUser;
let bob: WagmiUser;
beforeAll(async () => {
  chain = await createTestChain();
  alice = await createWagmiUser(chain, 3);
  bob = await createWagmiUser(chain, 4);
});
afterAll(() => chain.close());
afterEach(() => cleanup());

const text = (m: MessageView) => (m.content?.type === "text" ? m.content.text : null);
const walletPrompts = (user: WagmiUser) => user.wallet.calls.filter((m) => m === "eth_sendTransaction" || m === "personal_sign" || m === "eth_signTypedData_v4").length;

function useChat({ conversationId }: { conversationId?: Hex }) {
  return {
    identity: useHushlogIdentity(),
    client: useHushlogClient(),
    key: useSendingKey(),
    conversation: useConversation(conversationId),
    send: useSendMessage(),
    start: useStartConversation(),
    requests: useHandshakeRequests(),
    pending: usePendingTransactions(),
  };
}

describe("this browser's sending key (issue 17: pop-up-free sending)", () => {
  const props = (data: ReturnType<typeof createMemoryStoreData>): Omit<HushlogProviderProps, "children"> => ({
    contract: chain.deployment.address,
    deployBlock: chain.deployment.deployBlock,
    confirmations: 1,
    pollingInterval: 40,
    store: (account) => createMemoryStore({ account, data }),
  });

  it("is listed by the linking signature, leaves sending to the wallet until funded, then sends with no wallet prompt", async () => {
    const a = renderHook(useChat, { wrapper: hushlogWrapper(alice, props(createMemoryStoreData())), initialProps: {} });
    const b = renderHook(useChat, { wrapper: hushlogWrapper(bob, props(createMemoryStoreData())), initialProps: {} });
    await waitFor(() => expect(a.result.current.identity.isConnected).toBe(true));

    // Linking: one typed-data signature lists the browser's new sending key as its device's sender.
    const linked = await act(() => a.result.current.identity.unlockAsync());
    await act(() => b.result.current.identity.unlockAsync());
    expect(walletPrompts(alice)).toBe(1);
    const key = a.result.current.key.address!;
    expect(key).toBeDefined();
    expect(linked.binding.devices).toHaveLength(1);
    expect(linked.binding.devices[0]!.sender).toBe(key);
    expect(a.result.current.key.listed).toBe(true);
    // Unfunded: the wallet still sends (the binding publication is the wallet's transaction, as before).
    expect(a.result.current.key.active).toBe(false);
    await waitFor(() => expect(a.result.current.key.data?.balance).toBe(0n), live);
    expect(a.result.current.key.data!.messagesLeft).toBe(0n);
    expect(a.result.current.key.data!.low).toBe(true);

    // A conversation, so that there is something to send.
    const started = await act(() => a.result.current.start.mutateAsync({ peer: bob.account, note: "hi" }));
    await waitFor(() => expect(b.result.current.requests.data).toHaveLength(1), live);
    const { conversationId } = await act(() => b.result.current.requests.accept.mutateAsync({ requestId: b.result.current.requests.data![0]!.id }));
    expect(conversationId).toBe(started.conversationId);
    a.rerender({ conversationId });
    b.rerender({ conversationId });
    await waitFor(() => expect(a.result.current.client.client?.binding()).toBeDefined(), live);
    await waitFor(async () => expect(await a.result.current.client.client!.conversations()).toHaveLength(1), live);

    // Top-up: exactly one wallet transaction, after which the client sends with the key.
    const before = walletPrompts(alice);
    await act(() => a.result.current.key.topUp.mutateAsync({ amount: parseEther("0.01") }));
    expect(walletPrompts(alice)).toBe(before + 1);
    await waitFor(() => expect(a.result.current.key.active).toBe(true), live);
    await waitFor(() => expect(a.result.current.key.data?.balance).toBe(parseEther("0.01")), live);
    const { feePerGas, messagesLeft } = a.result.current.key.data!;
    expect(messagesLeft).toBe(parseEther("0.01") / (MINIMAL_MESSAGE_GAS * feePerGas));
    expect(a.result.current.key.data!.low).toBe(messagesLeft! < SENDING_KEY_LOW_MESSAGES);

    // Three messages: no wallet prompt; the logs come from the key, and Bob (who reads Alice's binding) accepts them.
    const prompts = walletPrompts(alice);
    for (const body of ["one", "two", "three"]) {
      await act(() => a.result.current.send.sendMessageAsync({ conversationId, content: body }));
    }
    await waitFor(() => expect(b.result.current.conversation.data?.map(text)).toEqual(["one", "two", "three"]), live);
    expect(walletPrompts(alice)).toBe(prompts);
    const last = await chain.publicClient.getBlock({ includeTransactions: true });
    expect(last.transactions.map((t) => getAddress((t as { from: Hex }).from))).toEqual([key]);
    // Tracked to final like a wallet's transaction (chain 31337: final at depth 3).
    await act(() => chain.testClient.mine({ blocks: 3 }));
    await waitFor(() => expect(a.result.current.pending.data).toEqual([]), live);
  });

  it("linking with funding: one signature and one transaction, after which even the binding's publication comes from the key", async () => {
    const user = await createWagmiUser(chain, 11);
    const l = renderHook(useChat, { wrapper: hushlogWrapper(user, props(createMemoryStoreData())), initialProps: {} });
    await waitFor(() => expect(l.result.current.identity.isConnected).toBe(true));
    const linked = await act(() => l.result.current.identity.unlockAsync({ fund: parseEther("0.01") }));
    const key = linked.binding.devices[0]!.sender!;
    expect(l.result.current.key.active).toBe(true);
    const where = { account: linked.account, chainId: chain.deployment.chainId, contract: chain.deployment.address, fromBlock: chain.deployment.deployBlock };
    await waitFor(async () => expect((await findCurrentBinding(chain.publicClient, where)).current?.binding.sequence).toBe(1n), live);
    expect(walletPrompts(user)).toBe(2);
    expect([user.prompts("eth_signTypedData_v4"), user.wallet.calls.filter((m) => m === "eth_sendTransaction").length]).toEqual([1, 1]);
    expect(await chain.publicClient.getTransactionCount({ address: key })).toBe(1);
  });

  it("a send the key cannot pay for fails with the typed reason, and the retry after a top-up is delivered", async () => {
    const carolUser = await createWagmiUser(chain, 6);
    const daveUser = await createWagmiUser(chain, 7);
    const c = renderHook(useChat, { wrapper: hushlogWrapper(carolUser, props(createMemoryStoreData())), initialProps: {} });
    const d = renderHook(useChat, { wrapper: hushlogWrapper(daveUser, props(createMemoryStoreData())), initialProps: {} });
    await waitFor(() => expect(c.result.current.identity.isConnected).toBe(true));
    await act(() => c.result.current.identity.unlockAsync());
    await act(() => d.result.current.identity.unlockAsync());
    await act(() => c.result.current.start.mutateAsync({ peer: daveUser.account }));
    await waitFor(() => expect(d.result.current.requests.data).toHaveLength(1), live);
    const { conversationId } = await act(() => d.result.current.requests.accept.mutateAsync({ requestId: d.result.current.requests.data![0]!.id }));
    c.rerender({ conversationId });
    d.rerender({ conversationId });
    await waitFor(async () => expect(await c.result.current.client.client!.conversations()).toHaveLength(1), live);
    // Carol's handshake went out from her wallet (the key was empty), and is now final: nothing left pending.
    await act(() => chain.testClient.mine({ blocks: 3 }));
    await waitFor(() => expect(c.result.current.pending.data).toEqual([]), live);

    // Funded with dust: the key is in use, and cannot pay for a message.
    await act(() => c.result.current.key.topUp.mutateAsync({ amount: 1000n }));
    await waitFor(() => expect(c.result.current.key.active).toBe(true), live);
    const prompts = walletPrompts(carolUser);
    const sent = await act(() => c.result.current.send.sendMessageAsync({ conversationId, content: "paid later" }));
    await waitFor(() => expect(c.result.current.pending.data).toHaveLength(1), live);
    const [failed] = c.result.current.pending.data!;
    expect(failed!.status).toBe("failed");
    expect(failed!.error).toMatch(/^not enough funds in this browser's sending key 0x[0-9a-fA-F]{40}/);
    expect(c.result.current.conversation.data?.find((m) => m.id === sent.messageIds[0])?.status).toBe("failed");
    // Nothing asked the wallet to pay instead.
    expect(walletPrompts(carolUser)).toBe(prompts);

    // Top up, retry the same bytes: delivered.
    await act(() => c.result.current.key.topUp.mutateAsync({ amount: parseEther("0.01") }));
    await act(() => c.result.current.pending.retry.mutateAsync({ pendingId: failed!.id }));
    await waitFor(() => expect(d.result.current.conversation.data?.map(text)).toEqual(["paid later"]), live);
    expect(walletPrompts(carolUser)).toBe(prompts + 1);
  });

  it("never shows its secret in JSON, strings or inspect, signs transaction hashes only, and stops signing once wiped", async () => {
    const secret = new Uint8Array(32).fill(7);
    const key = await createSendingKey(secret.slice());
    const hex = Buffer.from(secret).toString("hex");
    for (const shown of [JSON.stringify(key), String(key), inspect(key, { showHidden: true, depth: 5 })]) {
      expect(shown).toContain(key.address);
      expect(shown).not.toContain(hex);
    }
    // It signs hashes for transactions and nothing else: no message or typed-data signer to misuse.
    expect(Object.keys(key)).toEqual(["address"]);
    expect("signMessage" in key || "signTypedData" in key).toBe(false);
    const hash = `0x${"11".repeat(32)}` as Hex;
    expect((await key.signHash(hash)).r).toMatch(/^0x[0-9a-f]{64}$/);
    key.wipe();
    await expect(key.signHash(hash)).rejects.toThrow(/wiped/);
  });
});

describe("a browser linked before sending keys", () => {
  it("keeps sending with the wallet, and lists a key with one re-signed binding when asked", async () => {
    const user = await createWagmiUser(chain, 8);
    const data = createMemoryStoreData();
    const base = {
      contract: chain.deployment.address,
      deployBlock: chain.deployment.deployBlock,
      confirmations: 1,
      pollingInterval: 40,
      store: (account: `0x${string}`) => createMemoryStore({ account, data }),
    };
    // Today's main: no sending key in the binding.
    const old = renderHook(useChat, { wrapper: hushlogWrapper(user, { ...base, sendingKey: false }), initialProps: {} });
    const first = await act(() => old.result.current.identity.unlockAsync());
    expect(first.binding.devices[0]!.sender).toBeNull();
    expect(old.result.current.key.address).toBeUndefined();
    old.unmount();

    // The upgraded app opens the same store: the cached binding still works (no prompt), the wallet sends.
    const prompts = walletPrompts(user);
    const upgraded = renderHook(useChat, { wrapper: hushlogWrapper(user, base), initialProps: {} });
    await act(() => upgraded.result.current.identity.unlockAsync());
    expect(walletPrompts(user)).toBe(prompts);
    expect(upgraded.result.current.key.address).toBeUndefined();
    await waitFor(() => expect(upgraded.result.current.client.client).toBeDefined(), live);

    // The user asks: one signature lists a new key; the binding number goes up and the chain gets it (published by
    // the wallet's transaction while the key is empty).
    const signatures = user.prompts("eth_signTypedData_v4");
    const address = await act(() => upgraded.result.current.key.enable.mutateAsync());
    expect(user.prompts("eth_signTypedData_v4")).toBe(signatures + 1);
    expect(upgraded.result.current.key.address).toBe(address);
    await waitFor(() => expect(upgraded.result.current.key.listed).toBe(true), live);
    const where = { account: first.account, chainId: chain.deployment.chainId, contract: chain.deployment.address, fromBlock: chain.deployment.deployBlock };
    await waitFor(async () => expect((await findCurrentBinding(chain.publicClient, where)).current?.binding.devices[0]!.sender).toBe(address), live);
  });
});
