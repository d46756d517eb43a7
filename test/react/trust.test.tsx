// @vitest-environment happy-dom
import { act, cleanup, renderHook, waitFor } from "@testing-library/react";
import { getAddress, type Address, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { encodePackedCall } from "../../src/chain/encodePackedCall.ts";
import type { MessageView } from "../../src/client/ClientEvents.ts";
import { createHushlogClient } from "../../src/client/createHushlogClient.ts";
import { ed25519PublicKey } from "../../src/crypto/ed25519.ts";
import { systemRandom } from "../../src/crypto/random.ts";
import { x25519PublicKey } from "../../src/crypto/x25519.ts";
import { createIdentity } from "../../src/identity/createIdentity.ts";
import { createKeyBinding } from "../../src/identity/createKeyBinding.ts";
import { findCurrentBinding } from "../../src/identity/findCurrentBinding.ts";
import type { Identity } from "../../src/identity/Identity.ts";
import type { KeyBinding } from "../../src/identity/KeyBinding.ts";
import { findPrekeyBundle } from "../../src/prekeys/findPrekeyBundle.ts";
import { createStoredIdentity, keyBindingCacheNamespace } from "../../src/react/identityVault.ts";
import {
  useBlockedAccounts,
  useConversation,
  useConversations,
  useHandshakeRequests,
  useHushlogIdentity,
  useKeyBinding,
  useKeyChanges,
  useSafetyNumber,
  useSendMessage,
  useStartConversation,
  useSyncStatus,
  type HushlogProviderProps,
} from "../../src/react/index.ts";
import { createMemoryStore, createMemoryStoreData } from "../../src/store/backends/memory/createMemoryStore.ts";
import { encodeKeyBinding } from "../../src/wire/keyBindingCodec.ts";
import { createTestChain, type TestChain } from "../fixtures/createTestChain.ts";
import { createTestClient, syncUntil } from "../fixtures/createTestClients.ts";
import { createWagmiUser, hushlogWrapper, type WagmiUser } from "./wagmiHarness.tsx";

const live = { timeout: 20_000, interval: 20 };

let chain: TestChain;
beforeAll(async () => {
  chain = await createTestChain();
});
afterAll(() => chain.close());
afterEach(() => cleanup());

const deployment = () => ({ chainId: chain.deployment.chainId, contract: chain.deployment.address });
const text = (m: MessageView) => (m.content?.type === "text" ? m.content.text : null);

/** Every hook the trust screens use. */
function useTrust({ peer, conversationId }: { peer?: Address; conversationId?: Hex }) {
  return {
    identity: useHushlogIdentity(),
    conversations: useConversations(),
    conversation: useConversation(conversationId),
    requests: useHandshakeRequests(),
    keyChanges: useKeyChanges(),
    binding: useKeyBinding(),
    blocked: useBlockedAccounts(),
    safetyNumber: useSafetyNumber(peer),
    sync: useSyncStatus(),
    start: useStartConversation(),
    send: useSendMessage(),
  };
}

function props(overrides: Partial<HushlogProviderProps> = {}): Omit<HushlogProviderProps, "children"> {
  return {
    contract: chain.deployment.address,
    deployBlock: chain.deployment.deployBlock,
    confirmations: 1,
    pollingInterval: 40,
    store: (account) => createMemoryStore({ account }),
    ...overrides,
  };
}

async function mount(user: WagmiUser, overrides: Partial<HushlogProviderProps> = {}) {
  const view = renderHook(useTrust, { wrapper: hushlogWrapper(user, props(overrides)), initialProps: {} as { peer?: Address; conversationId?: Hex } });
  await waitFor(() => expect(view.result.current.identity.isConnected).toBe(true));
  await act(() => view.result.current.identity.unlockAsync());
  return view;
}

/** Fresh random keys for `account`: another device of it, or someone else's keys under its name. */
async function freshIdentity(account: Address): Promise<Identity> {
  const x = systemRandom(32);
  const ed = systemRandom(32);
  return createIdentity({ account, x25519: { secretKey: x, publicKey: await x25519PublicKey(x) }, ed25519: { seed: ed, publicKey: await ed25519PublicKey(ed) }, mlKemSeed: systemRandom(64) });
}

/** Posts a binding record as `from` (impersonated), as a phisher who got the wallet's signature would. */
async function publish(binding: KeyBinding, from: Address) {
  await chain.testClient.setBalance({ address: from, value: 10n ** 18n });
  await chain.testClient.impersonateAccount({ address: from });
  const hash = await chain.walletClients[0]!.sendTransaction({ account: from, to: chain.deployment.address, data: encodePackedCall({ kind: "binding", binding: encodeKeyBinding(binding) }) });
  await chain.publicClient.waitForTransactionReceipt({ hash });
}

describe("hushlog/react trust hooks: requests with their kind, key changes, blocking, bindings", () => {
  it("a stranger's prekey first contact is a request holding its messages; decline deletes it; block and unblock", async () => {
    const bob = await createWagmiUser(chain, 1);
    const b = await mount(bob, { publishPrekeys: true });
    // Bob's prekey bundle is on chain once his first sync pass has published it.
    await waitFor(async () => {
      expect(await findPrekeyBundle(chain.publicClient, { account: bob.account, ...deployment(), fromBlock: chain.deployment.deployBlock })).not.toBeNull();
    }, live);
    const stranger = await createTestClient(chain, 2, { client: { publishPrekeys: true } });
    const started = await stranger.client.startConversation(bob.account, { message: "gm, want a token?" });
    expect(started.mode).toBe("prekey");

    await waitFor(() => expect(b.result.current.requests.data).toHaveLength(1), live);
    const [request] = b.result.current.requests.data!;
    expect(request).toMatchObject({ from: getAddress(stranger.wallet.account.address), kind: "prekey", keyChanged: false, replacesConversation: false, previousSafetyNumber: null });
    expect(request!.messages.map(text)).toEqual(["gm, want a token?"]);
    expect(request!.safetyNumber).toMatch(/^(\d{5} ){11}\d{5}$/);
    // Held, not a conversation: nothing in the list, no unread badge, no key-change warning.
    expect(b.result.current.conversations.data).toEqual([]);
    expect(b.result.current.keyChanges.data).toEqual([]);

    await act(() => b.result.current.requests.decline.mutateAsync({ requestId: request!.id }));
    await waitFor(() => expect(b.result.current.requests.data).toEqual([]), live);
    b.rerender({ conversationId: started.conversationId });
    await waitFor(() => expect(b.result.current.conversation.isSuccess).toBe(true), live);
    expect(b.result.current.conversation.data).toEqual([]);

    // Blocked: the stranger's next first contact (from a fresh store) never becomes a request.
    await act(() => b.result.current.blocked.block.mutateAsync({ account: stranger.wallet.account.address }));
    await waitFor(() => expect(b.result.current.blocked.data).toEqual([getAddress(stranger.wallet.account.address)]), live);
    const again = await createTestClient(chain, 2, { client: { publishPrekeys: true } });
    await again.client.startConversation(bob.account, { message: "hello again" });
    await syncUntil([again.client], async () => (await again.client.pendingTransactions()).every((p) => p.kind !== "message"));
    const sent = await chain.publicClient.getBlockNumber();
    await waitFor(() => expect(b.result.current.sync.data.currentBlock).toBeGreaterThanOrEqual(sent), live);
    await act(() => b.result.current.requests.refetch());
    expect(b.result.current.requests.data).toEqual([]);

    await act(() => b.result.current.blocked.unblock.mutateAsync({ account: stranger.wallet.account.address }));
    await waitFor(() => expect(b.result.current.blocked.data).toEqual([]), live);
    await stranger.client.close();
    await again.client.close();
  });
  it("a key change on an existing conversation is a warning with both safety numbers; accepting adopts the new key", async () => {
    const bob = await createWagmiUser(chain, 3);
    const b = await mount(bob, { publishPrekeys: true });
    const old = await createTestClient(chain, 4);
    const account = old.identity.account;
    await old.client.startConversation(bob.account);
    await waitFor(() => expect(b.result.current.requests.data).toHaveLength(1), live);
    const { conversationId } = await act(() => b.result.current.requests.accept.mutateAsync({ requestId: b.result.current.requests.data![0]!.id }));
    b.rerender({ peer: account, conversationId });
    await waitFor(() => expect(b.result.current.safetyNumber.data).toMatch(/^(\d{5} ){11}\d{5}$/), live);
    const before = b.result.current.safetyNumber.data!;
    await waitFor(async () => {
      expect(await findPrekeyBundle(chain.publicClient, { account: bob.account, ...deployment(), fromBlock: chain.deployment.deployBlock })).not.toBeNull();
    }, live);

    // The account moves to a new device (new keys, a newer binding listing it alone) and writes first, by prekey.
    const identity = await freshIdentity(account);
    const { nextSequence } = await findCurrentBinding(chain.publicClient, { account, ...deployment(), fromBlock: 0n });
    const binding = await createKeyBinding(identity, { signTypedData: old.wallet.signTypedData, ...deployment(), sequence: nextSequence });
    const moved = createHushlogClient({ publicClient: chain.publicClient, walletClient: old.wallet, contract: chain.deployment.address, identity, binding, store: await createMemoryStore({ account }), deployBlock: chain.deployment.deployBlock, confirmations: 1, publishPrekeys: false });
    await moved.startConversation(bob.account, { message: "it's me, new phone" });

    // One warning, with the number under the pinned key and the one under the new key; nothing new in the chat yet.
    await waitFor(() => expect(b.result.current.keyChanges.data).toHaveLength(1), live);
    const [warning] = b.result.current.keyChanges.data;
    expect(warning).toMatchObject({ peer: account, conversationId, previousSafetyNumber: before });
    expect(warning!.newSafetyNumber).toMatch(/^(\d{5} ){11}\d{5}$/);
    expect(warning!.newSafetyNumber).not.toBe(before);
    const [request] = b.result.current.requests.data!;
    expect(request).toMatchObject({ id: warning!.requestId, kind: "prekey", keyChanged: true, replacesConversation: true });
    expect(request!.messages.map(text)).toEqual(["it's me, new phone"]);
    expect(b.result.current.conversation.data?.map(text)).not.toContain("it's me, new phone");

    await act(() => b.result.current.requests.accept.mutateAsync({ requestId: warning!.requestId! }));
    await waitFor(() => expect(b.result.current.keyChanges.data).toEqual([]), live);
    await waitFor(() => expect(b.result.current.safetyNumber.data).toBe(warning!.newSafetyNumber), live);
    await waitFor(() => expect(b.result.current.conversation.data?.map(text)).toContain("it's me, new phone"), live);
    await moved.close();
    await old.client.close();
  });

  it("a peer's revoked binding shows on the conversation; our own replaced binding is 'not-authorized' until re-authorised", async () => {
    const alice = await createWagmiUser(chain, 5);
    const a = await mount(alice);
    const victim = await createTestClient(chain, 6);
    const victimAccount = victim.identity.account;
    await victim.client.startConversation(alice.account);
    await waitFor(() => expect(a.result.current.requests.data).toHaveLength(1), live);
    const { conversationId } = await act(() => a.result.current.requests.accept.mutateAsync({ requestId: a.result.current.requests.data![0]!.id }));
    await waitFor(() => expect(a.result.current.binding.data.status).toBe("current"), live);
    expect(a.result.current.binding.data).toMatchObject({ sequence: 1n, renewalDue: false });
    const status = () => a.result.current.conversations.data?.find((c) => c.conversationId === conversationId)?.status;
    await waitFor(() => expect(status()).toBe("active"), live);

    // A phisher publishes a binding of her keys for the victim: Alice's conversation with the victim says "revoked".
    const mallory = privateKeyToAccount("0x7777777777777777777777777777777777777777777777777777777777777777");
    const phishedVictim = await createKeyBinding(await freshIdentity(victimAccount), {
      signTypedData: victim.wallet.signTypedData,
      ...deployment(),
      sequence: (await findCurrentBinding(chain.publicClient, { account: victimAccount, ...deployment(), fromBlock: 0n })).nextSequence,
      sender: mallory.address,
    });
    await publish(phishedVictim, mallory.address);
    await waitFor(() => expect(status()).toBe("revoked"), live);
    // The victim outbids it: the conversation is active again.
    await victim.client.replaceBinding(await createKeyBinding(victim.identity, { signTypedData: victim.wallet.signTypedData, ...deployment(), sequence: phishedVictim.sequence + 1n }));
    await waitFor(() => expect(status()).toBe("active"), live);

    // The same against Alice herself: her device is no longer authorised, and the hook says so with the chain's number.
    const wallet = chain.walletClients[5]!;
    const phished = await createKeyBinding(await freshIdentity(alice.account), { signTypedData: wallet.signTypedData, ...deployment(), sequence: 2n, sender: mallory.address });
    await publish(phished, mallory.address);
    await waitFor(() => expect(a.result.current.binding.data).toMatchObject({ status: "not-authorized", sequence: 2n, devices: 1 }), live);
    await expect(a.result.current.send.mutateAsync({ conversationId, content: "am I still me?" })).rejects.toMatchObject({ code: "CLIENT_DEVICE_NOT_AUTHORIZED" });

    // Re-authorising signs one typed-data prompt: a binding of this device numbered above the phisher's.
    const prompts = alice.prompts("eth_signTypedData_v4");
    const reclaimed = await act(() => a.result.current.binding.reauthorize.mutateAsync());
    expect(alice.prompts("eth_signTypedData_v4")).toBe(prompts + 1);
    expect(reclaimed.sequence).toBe(3n);
    await waitFor(() => expect(a.result.current.binding.data).toMatchObject({ status: "current", sequence: 3n }), live);
    expect(a.result.current.binding.binding?.sequence).toBe(3n);
    await act(() => a.result.current.send.mutateAsync({ conversationId, content: "still me" }));
    await syncUntil([victim.client], async () => (await victim.client.messages(conversationId)).some((m) => text(m) === "still me"));
    await victim.client.close();
  });

  it("a binding close to expiry is 'renewal due'; renew signs a new one with a fresh expiry", async () => {
    const carol = await createWagmiUser(chain, 7);
    const wallet = chain.walletClients[7]!;
    // Carol's store already holds her identity and a binding that expires in ten days (signed a year ago, say).
    const data = createMemoryStoreData();
    const store = await createMemoryStore({ account: getAddress(carol.account), data });
    const identity = await createStoredIdentity(store, { account: getAddress(carol.account), signMessage: ({ message }) => wallet.signMessage({ message }), signTypedData: (t) => wallet.signTypedData(t) });
    const soon = BigInt(Math.floor(Date.now() / 1000) + 10 * 24 * 60 * 60);
    const old = await createKeyBinding(identity, { signTypedData: wallet.signTypedData, ...deployment(), sequence: 1n, expiresAt: soon });
    await store.cache.set(keyBindingCacheNamespace, `${chain.deployment.chainId}:${chain.deployment.address.toLowerCase()}`, encodeKeyBinding(old));
    await store.close();

    const c = await mount(carol, { store: (account) => createMemoryStore({ account, data }) });
    await waitFor(() => expect(c.result.current.binding.data).toMatchObject({ status: "current", sequence: 1n, expiresAt: soon, renewalDue: true }), live);
    const renewed = await act(() => c.result.current.binding.renew.mutateAsync());
    expect(renewed.sequence).toBe(2n);
    expect(renewed.devices).toEqual(old.devices);
    await waitFor(() => expect(c.result.current.binding.data).toMatchObject({ status: "current", sequence: 2n, renewalDue: false }), live);
    expect(c.result.current.binding.data.expiresAt).toBeGreaterThan(soon);
  });
});
