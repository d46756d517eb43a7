import { bytesToHex, getAddress, type Address, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodePackedCall } from "../../src/chain/encodePackedCall.ts";
import type { BindingEvent, KeyChangeEvent, RejectedLog } from "../../src/client/ClientEvents.ts";
import { createHushlogClient } from "../../src/client/createHushlogClient.ts";
import type { HushlogClient } from "../../src/client/HushlogClient.ts";
import { ed25519PublicKey } from "../../src/crypto/ed25519.ts";
import { systemRandom } from "../../src/crypto/random.ts";
import { x25519PublicKey } from "../../src/crypto/x25519.ts";
import { initiateHandshake } from "../../src/handshake/initiateHandshake.ts";
import { createIdentity } from "../../src/identity/createIdentity.ts";
import { createKeyBinding } from "../../src/identity/createKeyBinding.ts";
import { findCurrentBinding } from "../../src/identity/findCurrentBinding.ts";
import type { Identity } from "../../src/identity/Identity.ts";
import type { KeyBinding } from "../../src/identity/KeyBinding.ts";
import { createMemoryStore } from "../../src/store/backends/memory/createMemoryStore.ts";
import { decodeConversationState } from "../../src/wire/conversationStateCodec.ts";
import { encodeKeyBinding } from "../../src/wire/keyBindingCodec.ts";
import { createTestChain, type TestChain } from "../fixtures/createTestChain.ts";
import { createTestClient, syncUntil, type TestClientUser } from "../fixtures/createTestClients.ts";

let chain: TestChain;
const deployment = () => ({ chainId: chain.deployment.chainId, contract: chain.deployment.address });

beforeAll(async () => {
  chain = await createTestChain();
});
afterAll(() => chain.close());

/** A Hushlog identity with fresh random keys for `account` (another device, or someone else's keys under it). */
async function freshIdentity(account: Address): Promise<Identity> {
  const x = systemRandom(32);
  const ed = systemRandom(32);
  return createIdentity({ account, x25519: { secretKey: x, publicKey: await x25519PublicKey(x) }, ed25519: { seed: ed, publicKey: await ed25519PublicKey(ed) }, mlKemSeed: systemRandom(64) });
}

/** Posts a binding record from `from` (an address the node lets us send from, impersonated). */
async function publish(binding: KeyBinding, from: Address) {
  await chain.testClient.setBalance({ address: from, value: 10n ** 18n });
  await chain.testClient.impersonateAccount({ address: from });
  const hash = await chain.walletClients[0]!.sendTransaction({ account: from, to: chain.deployment.address, data: encodePackedCall({ kind: "binding", binding: encodeKeyBinding(binding) }) });
  await chain.publicClient.waitForTransactionReceipt({ hash });
}

/** Posts an interactive handshake from `identity` (with `binding`) to `recipient`, sent by `from`. */
async function handshakeFrom(identity: Identity, binding: KeyBinding, recipient: Address, from: Address) {
  const { message } = await initiateHandshake(identity, binding, { recipient, ...deployment() });
  await chain.testClient.impersonateAccount({ address: from });
  const hash = await chain.walletClients[0]!.sendTransaction({ account: from, to: chain.deployment.address, data: encodePackedCall({ kind: "handshake", recipientTag: message.recipientTag, payload: message.payload }) });
  await chain.publicClient.waitForTransactionReceipt({ hash });
}

async function conversation(a: TestClientUser, b: TestClientUser): Promise<Hex> {
  await a.client.startConversation(b.wallet.account.address);
  await syncUntil([b.client], async () => (await b.client.requests("pending")).length === 1);
  const { conversationId } = await b.client.acceptHandshake((await b.client.requests("pending"))[0]!.id);
  await syncUntil([a.client], async () => (await a.client.conversations()).length > 0);
  return conversationId;
}

function record<T>(client: HushlogClient, event: "binding" | "keyChange" | "rejected"): T[] {
  const seen: T[] = [];
  client.on(event, (e) => seen.push(e as T));
  return seen;
}

describe("trust: bindings, key changes, consent", () => {
  it("a phished binding revokes the victim's device visibly, never replaces a conversation silently, and dies when outbid", async () => {
    const victim = await createTestClient(chain, 1);
    const peer = await createTestClient(chain, 2);
    const conversationId = await conversation(victim, peer);
    await victim.client.sendMessage(conversationId, "before");
    await syncUntil([peer.client], async () => (await peer.client.messages(conversationId)).length === 1);
    const peerBindings = record<BindingEvent>(peer.client, "binding");
    const peerKeyChanges = record<KeyChangeEvent>(peer.client, "keyChange");
    const peerRejects = record<RejectedLog>(peer.client, "rejected");
    const victimBindings = record<BindingEvent>(victim.client, "binding");

    // Mallory's page gets the victim's wallet to sign a binding of HER device (keys she holds, sending from her EOA).
    const mallory = privateKeyToAccount("0x5555555555555555555555555555555555555555555555555555555555555555");
    const account = victim.identity.account;
    const malloryIdentity = await freshIdentity(account);
    const { nextSequence } = await findCurrentBinding(chain.publicClient, { account, ...deployment(), fromBlock: 0n });
    const phished = await createKeyBinding(malloryIdentity, { signTypedData: victim.wallet.signTypedData, ...deployment(), sequence: nextSequence, sender: mallory.address });
    await publish(phished, mallory.address);

    // The peer's conversation with the victim's real device is closed, and says so; the victim is told too.
    await peer.client.sync();
    expect(peerBindings).toContainEqual({ type: "peer-revoked", peer: account, conversationId });
    expect((await peer.client.conversations()).find((c) => c.conversationId === conversationId)?.status).toBe("revoked");
    await victim.client.sync();
    expect(victimBindings).toContainEqual({ type: "not-authorized", sequence: phished.sequence, devices: 1 });
    await expect(victim.client.sendMessage(conversationId, "am I still me?")).rejects.toMatchObject({ code: "CLIENT_DEVICE_NOT_AUTHORIZED" });

    // Mallory asks the peer for a conversation as the victim: a key change the user must confirm, never a swap.
    const sessionBefore = await peer.store.sessions.get(conversationId);
    await handshakeFrom(malloryIdentity, phished, peer.identity.account, mallory.address);
    await peer.client.sync();
    const [request] = await peer.client.requests("pending");
    expect(request).toMatchObject({ from: account, kind: "interactive", keyChanged: true, replacesConversation: true });
    expect(request!.safetyNumber).toMatch(/^(\d{5} ){11}\d{5}$/);
    expect(peerKeyChanges).toHaveLength(1);
    expect(peerKeyChanges[0]).toMatchObject({ peer: account, conversationId, requestId: request!.id, newKey: bytesToHex(malloryIdentity.ed25519.publicKey) });
    expect(peerKeyChanges[0]!.previousSafetyNumber).not.toBe(peerKeyChanges[0]!.newSafetyNumber);
    expect(await peer.store.sessions.get(conversationId)).toEqual(sessionBefore);

    // The victim notices and outbids it: a newer binding of its own device. Its conversation resumes; Mallory's binding
    // is dead: her pending request can no longer be accepted, and her new attempts are refused.
    const reclaimed = await createKeyBinding(victim.identity, { signTypedData: victim.wallet.signTypedData, ...deployment(), sequence: phished.sequence + 1n });
    await victim.client.replaceBinding(reclaimed);
    await syncUntil([peer.client], () => peerBindings.some((e) => e.type === "peer-restored"));
    expect((await peer.client.conversations()).find((c) => c.conversationId === conversationId)?.status).toBe("active");
    await expect(peer.client.acceptHandshake(request!.id)).rejects.toMatchObject({ code: "CLIENT_BINDING_NOT_CURRENT" });
    await handshakeFrom(malloryIdentity, phished, peer.identity.account, mallory.address);
    await peer.client.sync();
    expect(peerRejects.at(-1)).toMatchObject({ reason: "CLIENT_BINDING_NOT_CURRENT", sender: getAddress(mallory.address) });
    // Replaying the phished binding changes nothing: its number is below the current one.
    await publish(phished, mallory.address);
    await victim.client.sync();
    await victim.client.sendMessage(conversationId, "still me");
    await syncUntil([peer.client], async () => (await peer.client.messages(conversationId)).some((m) => m.content?.text === "still me"));
    expect((await peer.client.requests("pending")).map((r) => r.id)).toEqual([request!.id]);
  });

  it("a conversation revoked while it still owes a catch-up scan does not stall sync, and is read up when restored", async () => {
    const victim = await createTestClient(chain, 13);
    const peer = await createTestClient(chain, 14);
    // The peer accepts and does not sync again: its new session owes a scan of the victim's first topic.
    await victim.client.startConversation(peer.wallet.account.address);
    await syncUntil([peer.client], async () => (await peer.client.requests("pending")).length === 1);
    const { conversationId } = await peer.client.acceptHandshake((await peer.client.requests("pending"))[0]!.id);
    expect(decodeConversationState((await peer.store.sessions.get(conversationId))!.state, deployment()).unscanned.length).toBeGreaterThan(0);
    await syncUntil([victim.client], async () => (await victim.client.conversations()).length === 1);
    await victim.client.sendMessage(conversationId, "sent before the phishing");

    const mallory = privateKeyToAccount("0x6666666666666666666666666666666666666666666666666666666666666666");
    const account = victim.identity.account;
    const { nextSequence } = await findCurrentBinding(chain.publicClient, { account, ...deployment(), fromBlock: 0n });
    const phished = await createKeyBinding(await freshIdentity(account), { signTypedData: victim.wallet.signTypedData, ...deployment(), sequence: nextSequence, sender: mallory.address });
    await publish(phished, mallory.address);

    // One pass ends (on main it looped for ever: the revoked session's owed scan was never planned nor dropped).
    let steps = 0;
    await peer.client.sync({ onProgress: () => {
      if (++steps > 50) throw new Error("sync does not terminate");
    } });
    expect((await peer.client.conversations()).find((c) => c.conversationId === conversationId)?.status).toBe("revoked");
    expect(await peer.client.messages(conversationId)).toEqual([]);

    // Restored, the conversation reads what it owed: the message sent before the phishing arrives.
    const reclaimed = await createKeyBinding(victim.identity, { signTypedData: victim.wallet.signTypedData, ...deployment(), sequence: phished.sequence + 1n });
    await victim.client.replaceBinding(reclaimed);
    await syncUntil([peer.client], async () => (await peer.client.messages(conversationId)).some((m) => m.content?.text === "sent before the phishing"));
  });

  it("a stranger's first contact is a request: its messages kept but not shown; decline removes it, block silences the account", async () => {
    const peer = await createTestClient(chain, 4, { client: { publishPrekeys: true } });
    await syncUntil([peer.client], async () => (await peer.client.pendingTransactions()).length === 0 && (await peer.store.loadAllSignedPrekeys()).length === 1);
    const stranger = await createTestClient(chain, 5, { client: { publishPrekeys: true } });
    const started = await stranger.client.startConversation(peer.wallet.account.address, { message: "buy my token" });
    expect(started.mode).toBe("prekey");
    await stranger.client.sendMessage(started.conversationId, "seriously");
    await syncUntil([stranger.client], async () => (await stranger.client.pendingTransactions()).length === 0);
    const shown: string[] = [];
    peer.client.on("message", (m) => shown.push(m.content?.text ?? ""));
    await syncUntil([peer.client], async () => (await peer.client.requests("pending")).length === 1);
    expect(await peer.client.conversations()).toEqual([]);
    expect(shown).toEqual([]);
    const [request] = await peer.client.requests("pending");
    await syncUntil([peer.client], async () => (await peer.client.requests("pending"))[0]!.messages.length === 2);
    expect((await peer.client.requests("pending"))[0]!.messages.map((m) => m.content?.text)).toEqual(["buy my token", "seriously"]);

    await peer.client.declineHandshake(request!.id);
    expect(await peer.store.sessions.get(started.conversationId)).toBeNull();
    expect(await peer.client.messages(started.conversationId)).toEqual([]);

    // Blocked: the account's logs are dropped before any cryptography, and nothing is kept.
    await peer.client.block(stranger.wallet.account.address);
    expect(await peer.client.blocked()).toEqual([getAddress(stranger.wallet.account.address)]);
    const rejects = record<RejectedLog>(peer.client, "rejected");
    const again = await createTestClient(chain, 5, { client: { publishPrekeys: true }, store: await createMemoryStore({ account: stranger.wallet.account.address }) });
    await again.client.startConversation(peer.wallet.account.address, { message: "hello again" });
    await peer.client.sync();
    expect(rejects.map((r) => r.reason)).toContain("CLIENT_ACCOUNT_BLOCKED");
    expect(await peer.client.requests("pending")).toEqual([]);
    expect(await peer.store.sessions.list()).toEqual([]);
    await peer.client.unblock(stranger.wallet.account.address);
    expect(await peer.client.blocked()).toEqual([]);
  });

  it("a new identity key on an existing conversation waits for the user: held messages, two safety numbers, then accepted", async () => {
    const peer = await createTestClient(chain, 6, { client: { publishPrekeys: true } });
    const old = await createTestClient(chain, 7);
    const conversationId = await conversation(old, peer);
    await syncUntil([peer.client], async () => (await peer.store.loadAllSignedPrekeys()).length === 1 && (await peer.client.pendingTransactions()).length === 0);
    // The account moves to a new device (a new key pair, e.g. a smart account's reinstall): a new binding lists it alone.
    const account = old.identity.account;
    const identity = await freshIdentity(account);
    const { nextSequence } = await findCurrentBinding(chain.publicClient, { account, ...deployment(), fromBlock: 0n });
    const binding = await createKeyBinding(identity, { signTypedData: old.wallet.signTypedData, ...deployment(), sequence: nextSequence });
    const store = await createMemoryStore({ account });
    const moved = createHushlogClient({ publicClient: chain.publicClient, walletClient: old.wallet, contract: chain.deployment.address, identity, binding, store, deployBlock: chain.deployment.deployBlock, confirmations: 1, publishPrekeys: false });
    const keyChanges = record<KeyChangeEvent>(peer.client, "keyChange");
    const started = await moved.startConversation(peer.wallet.account.address, { message: "it's me, new phone" });
    expect(started.mode).toBe("prekey");
    await syncUntil([peer.client], async () => (await peer.client.requests("pending")).length === 1);
    const [request] = await peer.client.requests("pending");
    expect(request).toMatchObject({ kind: "prekey", keyChanged: true, replacesConversation: true });
    expect(request!.messages.map((m) => m.content?.text)).toEqual(["it's me, new phone"]);
    // Nothing under the new key shows in the conversation until the user accepts.
    expect((await peer.client.messages(conversationId)).map((m) => m.content?.text)).not.toContain("it's me, new phone");
    expect(keyChanges[0]).toMatchObject({ peer: account, conversationId, requestId: request!.id });
    expect(keyChanges[0]!.newSafetyNumber).toBe(await safetyAfterAccept(peer, request!.id, account));
    expect((await peer.client.messages(conversationId)).at(-1)?.content?.text).toBe("it's me, new phone");
    await peer.client.sendMessage(conversationId, "welcome back");
    await syncUntil([moved], async () => (await moved.messages(conversationId)).some((m) => m.content?.text === "welcome back"));
    await moved.close();
  });

  it("crossing handshakes: starting a conversation with someone who already asked accepts their request", async () => {
    const f = await createTestClient(chain, 8);
    const g = await createTestClient(chain, 9);
    await f.client.startConversation(g.wallet.account.address);
    await syncUntil([g.client], async () => (await g.client.requests("pending")).length === 1);
    const started = await g.client.startConversation(f.wallet.account.address);
    expect(started.conversationId).toBe(g.client.conversationWith(f.wallet.account.address));
    await syncUntil([f.client], async () => (await f.client.conversations()).length === 1);
    await f.client.sendMessage(started.conversationId, "from f");
    await g.client.sendMessage(started.conversationId, "from g");
    await syncUntil([f.client, g.client], async () => (await f.client.messages(started.conversationId)).length === 2 && (await g.client.messages(started.conversationId)).length === 2);
    expect(await g.client.requests("pending")).toEqual([]);
  });

  it("a response posted by the responder's delegate is found", async () => {
    const f = await createTestClient(chain, 10);
    const delegate = chain.walletClients[12]!;
    const gWallet = chain.walletClients[11]!;
    const g = await createTestClient(chain, 11);
    // G's binding names a delegate, and G's client sends through it.
    const binding = await createKeyBinding(g.identity, { signTypedData: gWallet.signTypedData, ...deployment(), sequence: 1n, delegates: [delegate.account.address] });
    const viaDelegate = createHushlogClient({ publicClient: chain.publicClient, walletClient: delegate, contract: chain.deployment.address, identity: g.identity, binding, store: g.store, deployBlock: chain.deployment.deployBlock, confirmations: 1, publishPrekeys: false });
    await viaDelegate.sync(); // publishes G's binding (from the delegate)
    await f.client.startConversation(gWallet.account.address);
    await syncUntil([viaDelegate], async () => (await viaDelegate.requests("pending")).length === 1);
    const { conversationId } = await viaDelegate.acceptHandshake((await viaDelegate.requests("pending"))[0]!.id);
    await syncUntil([f.client], async () => (await f.client.conversations()).length === 1);
    await f.client.sendMessage(conversationId, "reached you");
    await syncUntil([viaDelegate], async () => (await viaDelegate.messages(conversationId)).length === 1);
    await viaDelegate.close();
  });
});

/** Accepts the request and returns the safety number the conversation then has. */
async function safetyAfterAccept(peer: TestClientUser, requestId: string, account: Address): Promise<string | null> {
  await peer.client.acceptHandshake(requestId);
  return peer.client.safetyNumber(account);
}
