import { bytesToHex, createPublicClient, custom, getAddress, hexToBytes, type EIP1193RequestFn, type Hex } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHushlogClient } from "../../src/client/createHushlogClient.ts";
import type { RejectedLog } from "../../src/client/ClientEvents.ts";
import { encodePackedCall } from "../../src/chain/encodePackedCall.ts";
import { expandAppSyncKeys, patchTopic } from "../../src/appsync/appSyncKeys.ts";
import { createDeviceIdentity } from "../../src/identity/createDeviceIdentity.ts";
import { createKeyBinding } from "../../src/identity/createKeyBinding.ts";
import { createMemoryStore } from "../../src/store/backends/memory/createMemoryStore.ts";
import type { HushlogStore } from "../../src/store/HushlogStore.ts";
import { createTestChain, type TestChain } from "../fixtures/createTestChain.ts";
import { createTestClient, syncUntil, type TestClientUser } from "../fixtures/createTestClients.ts";

let chain: TestChain;
beforeAll(async () => {
  chain = await createTestChain();
});
afterAll(() => chain.close());

const where = () => ({ chainId: chain.deployment.chainId, contract: chain.deployment.address });

/** A second device of `phone`'s account (its own keys, listed after the phone's), over its own store. */
async function linkLaptop(phone: TestClientUser, sequence: bigint) {
  const account = phone.identity.account;
  const identity = await createDeviceIdentity({ account });
  const own = { x25519: bytesToHex(identity.x25519.publicKey), ed25519: bytesToHex(identity.ed25519.publicKey), sender: null };
  const binding = await createKeyBinding(identity, { signTypedData: phone.wallet.signTypedData, ...where(), sequence, devices: [...phone.binding.devices, own] });
  const store = await createMemoryStore({ account });
  const make = () =>
    createHushlogClient({
      publicClient: chain.publicClient,
      walletClient: phone.wallet,
      contract: chain.deployment.address,
      identity,
      binding,
      store,
      deployBlock: chain.deployment.deployBlock,
      confirmations: 1,
      finality: { depth: 1 },
      publishPrekeys: false,
    });
  return { laptop: make(), restart: make, store };
}

/** The gas of the transaction a push just sent (automined: the newest block's only transaction). */
async function pushedGas(): Promise<bigint> {
  const block = await chain.publicClient.getBlock({ blockTag: "latest" });
  expect(block.transactions).toHaveLength(1);
  return (await chain.publicClient.getTransactionReceipt({ hash: block.transactions[0]! })).gasUsed;
}

async function latestKeys(store: HushlogStore) {
  const keyId = (await store.getLatestSyncKeyId())!;
  return { keyId, keys: expandAppSyncKeys((await store.getSyncKey(keyId))!.keyData) };
}

/** Two devices of one account with a synced key and one peer that talks to the phone. */
async function setUp(index: number) {
  const phone = await createTestClient(chain, index);
  const peer = await createTestClient(chain, index + 1);
  const other = chain.walletClients[index + 2]!.account.address;
  await phone.client.sync();
  const { laptop, restart, store } = await linkLaptop(phone, 2n);
  await laptop.sync();
  await phone.client.sync();
  expect(phone.client.binding().devices).toHaveLength(2);
  return { phone, peer, other, laptop, restart, laptopStore: store };
}

describe("app-state sync between two devices of one account", () => {
  it("a nickname, a block, a mute and a read marker set on one device appear on the other after one sync, in one transaction", async () => {
    const { phone, peer, other, laptop, laptopStore } = await setUp(1);
    // A conversation on the phone with messages to read.
    await peer.client.startConversation(phone.identity.account);
    await syncUntil([phone.client], async () => (await phone.client.requests("pending")).length === 1);
    const { conversationId } = await phone.client.acceptHandshake((await phone.client.requests("pending"))[0]!.id);
    await syncUntil([peer.client], async () => (await peer.client.conversations()).length === 1);
    await peer.client.sendMessage(conversationId, "one");
    await peer.client.sendMessage(conversationId, "two");
    await syncUntil([phone.client], async () => (await phone.client.messages(conversationId)).length === 2);
    const newest = (await phone.client.messages(conversationId)).at(-1)!;

    await phone.client.appState.setNickname(peer.identity.account, "Alice");
    await phone.client.block(other);
    await phone.client.appState.mute(peer.identity.account);
    await phone.client.markRead(conversationId);
    expect((await phone.client.appState.status()).pendingChanges).toBe(4);

    const before = await chain.publicClient.getBlockNumber();
    const result = await phone.client.appState.push();
    expect(result).toMatchObject({ mutations: 4, rotated: true, remaining: 0 });
    // One transaction (automined: one block holding one transaction) carries the key share and the patch.
    expect(await chain.publicClient.getBlockNumber()).toBe(before + 1n);
    expect((await chain.publicClient.getBlock({ blockNumber: before + 1n })).transactions).toHaveLength(1);

    const events: unknown[] = [];
    laptop.on("appState", (e) => events.push(e));
    await laptop.sync();
    expect(events).toEqual([{ applied: 1, version: 1 }]);
    expect(await laptop.appState.nicknames()).toEqual({ [peer.identity.account]: "Alice" });
    expect(await laptop.blocked()).toEqual([getAddress(other)]);
    expect(await laptop.appState.muted()).toEqual([peer.identity.account]);
    expect(await laptop.appState.status()).toMatchObject({ version: 1, pendingChanges: 0, rotationDue: false });
    // The read marker: where the phone read the conversation through (the laptop marks its own copies read up to it).
    expect((await laptopStore.contacts.get(peer.identity.account))?.readThrough).toMatchObject({ block: newest.blockNumber, logIndex: expect.any(Number) });
    // The phone reads its own patch like any other: nothing left to send.
    await phone.client.sync();
    expect(await phone.client.appState.status()).toMatchObject({ version: 1, pendingChanges: 0 });
    expect(await phone.client.appState.push()).toBeNull();

    // The other way, and an unblock (a removal): the phone follows the laptop.
    await laptop.unblock(other);
    await laptop.appState.setNickname(peer.identity.account, "Alice B.");
    expect(await laptop.appState.push()).toMatchObject({ mutations: 2, rotated: false });
    await phone.client.sync();
    expect(await phone.client.blocked()).toEqual([]);
    expect(await phone.client.appState.nicknames()).toEqual({ [peer.identity.account]: "Alice B." });
    expect(await phone.client.appState.status()).toMatchObject({ version: 2, pendingChanges: 0 });
    await laptop.close();
  });

  it("a muted conversation emits no notification event; unmuted on the other device, it does again", async () => {
    const { phone, peer, laptop } = await setUp(4);
    await peer.client.startConversation(phone.identity.account);
    await syncUntil([phone.client], async () => (await phone.client.requests("pending")).length === 1);
    const { conversationId } = await phone.client.acceptHandshake((await phone.client.requests("pending"))[0]!.id);
    await syncUntil([peer.client], async () => (await peer.client.conversations()).length === 1);
    const notified: string[] = [];
    const received: string[] = [];
    phone.client.on("notification", (m) => notified.push(m.content?.text ?? ""));
    phone.client.on("message", (m) => received.push(m.content?.text ?? ""));

    await laptop.appState.mute(peer.identity.account);
    await laptop.appState.push();
    await phone.client.sync();
    expect(await phone.client.appState.muted()).toEqual([peer.identity.account]);
    await peer.client.sendMessage(conversationId, "quiet");
    await syncUntil([phone.client], () => received.includes("quiet"));
    expect(notified).toEqual([]);

    await laptop.sync();
    await laptop.appState.unmute(peer.identity.account);
    await laptop.appState.push();
    await phone.client.sync();
    await peer.client.sendMessage(conversationId, "loud");
    await syncUntil([phone.client], () => received.includes("loud"));
    expect(notified).toEqual(["loud"]);
    await laptop.close();
  });

  it("tampered and replayed patches are rejected with typed reasons and change nothing", async () => {
    const { phone, peer, laptop, laptopStore } = await setUp(7);
    await phone.client.appState.setNickname(peer.identity.account, "First");
    const first = (await phone.client.appState.push())!;
    await laptop.sync();
    const rejected: RejectedLog[] = [];
    laptop.on("rejected", (r) => rejected.push(r));
    const { keys } = await latestKeys(laptopStore);
    expect(first.rotated).toBe(true);

    // The account's own wallet posts junk on the next version's topic: a flipped byte of a real patch, and patch 1's
    // bytes replayed there.
    const patch1 = (await chain.publicClient.getLogs({ address: chain.deployment.address, fromBlock: 0n })).find(
      (l) => l.topics[1]?.toLowerCase() === patchTopic(keys, 1).toLowerCase(),
    )!;
    const payload1 = hexToBytes(decodeBytesPayload(patch1.data));
    const tampered = payload1.slice();
    tampered[tampered.length - 1]! ^= 1;
    for (const payload of [tampered, payload1]) {
      await phone.wallet.sendTransaction({ to: chain.deployment.address, data: encodePackedCall({ kind: "message", topic: patchTopic(keys, 2), payload }) });
    }
    const before = await laptop.appState.status();
    await laptop.sync();
    expect(rejected.map((r) => r.reason)).toEqual(["APPSYNC_PATCH_REJECTED", "APPSYNC_PATCH_REJECTED"]);
    expect(rejected.map((r) => r.message)).toEqual(["App-state patch 2 rejected: forged.", "App-state patch 2 rejected: forged."]);
    expect(await laptop.appState.status()).toEqual(before);
    expect(await laptop.appState.nicknames()).toEqual({ [peer.identity.account]: "First" });

    // The real version 2 still applies after the junk on its topic.
    await phone.client.appState.setNickname(peer.identity.account, "Second");
    await phone.client.appState.push();
    await laptop.sync();
    expect(await laptop.appState.nicknames()).toEqual({ [peer.identity.account]: "Second" });
    expect((await laptop.appState.status()).version).toBe(2);
    await laptop.close();
  });

  it("a revoked device reads nothing after the key rotation; a restarted device resumes from its store", async () => {
    const { phone, peer, other, laptop, restart } = await setUp(10);
    await phone.client.appState.setNickname(peer.identity.account, "Before");
    await phone.client.appState.push();
    await laptop.sync();
    expect(await laptop.appState.nicknames()).toEqual({ [peer.identity.account]: "Before" });

    // Restart: a new client over the laptop's store applies nothing twice and picks up the next patch.
    await laptop.close();
    const again = restart();
    await again.sync();
    expect(await again.appState.status()).toMatchObject({ version: 1, pendingChanges: 0 });
    await phone.client.appState.setNickname(other, "Bob");
    await phone.client.appState.push();
    await again.sync();
    expect(await again.appState.nicknames()).toEqual({ [peer.identity.account]: "Before", [getAddress(other)]: "Bob" });
    const keyBefore = (await again.appState.status()).keyId;

    // The phone revokes the laptop; its next push rotates the key, sealed to the phone alone.
    const revoked = await createKeyBinding(phone.identity, { signTypedData: phone.wallet.signTypedData, ...where(), sequence: 3n, devices: phone.binding.devices });
    await phone.client.replaceBinding(revoked);
    await phone.client.appState.setNickname(peer.identity.account, "After");
    expect(await phone.client.appState.push()).toMatchObject({ rotated: true });
    await phone.client.sync();
    expect((await phone.client.appState.status()).keyId).not.toBe(keyBefore);
    await again.sync();
    expect(await again.appState.nicknames()).toEqual({ [peer.identity.account]: "Before", [getAddress(other)]: "Bob" });
    expect((await again.appState.status()).keyId).toBe(keyBefore);
    await expect(again.appState.push()).rejects.toMatchObject({ code: "CLIENT_DEVICE_NOT_AUTHORIZED" });
    await again.close();
  });

  it("two devices that rotate at once converge on the later key, and neither loses its change", async () => {
    const { phone, peer, other, laptop } = await setUp(16);
    await phone.client.appState.setNickname(peer.identity.account, "From the phone");
    await laptop.appState.setNickname(other, "From the laptop");
    // Both push before either sees the other's transaction: two keys, two version-1 snapshots, in one block.
    await chain.testClient.setAutomine(false);
    try {
      expect(await phone.client.appState.push()).toMatchObject({ rotated: true, mutations: 1 });
      expect(await laptop.appState.push()).toMatchObject({ rotated: true, mutations: 1 });
      await chain.testClient.mine({ blocks: 1 });
    } finally {
      await chain.testClient.setAutomine(true);
    }
    await phone.client.sync();
    await laptop.sync();
    const [phoneStatus, laptopStatus] = [await phone.client.appState.status(), await laptop.appState.status()];
    expect(phoneStatus.keyId).toBe(laptopStatus.keyId);
    // The device whose snapshot lost still holds its change unsynced, and its next push carries it.
    expect(phoneStatus.pendingChanges + laptopStatus.pendingChanges).toBe(1);
    const loser = phoneStatus.pendingChanges === 1 ? phone.client : laptop;
    expect(await loser.appState.push()).toMatchObject({ rotated: false, mutations: 1 });
    await phone.client.sync();
    await laptop.sync();
    const both = { [peer.identity.account]: "From the phone", [getAddress(other)]: "From the laptop" };
    expect(await phone.client.appState.nicknames()).toEqual(both);
    expect(await laptop.appState.nicknames()).toEqual(both);
    expect((await phone.client.appState.status()).pendingChanges + (await laptop.appState.status()).pendingChanges).toBe(0);
    await laptop.close();
  });

  it("costs a live sync pass no request of its own: an idle pass is 2 requests (the head block, one getLogs), with or without a sync key", async () => {
    // The phone reads through a transport that records every request.
    const requests: { method: string; params?: unknown }[] = [];
    const publicClient = createPublicClient({
      chain: chain.publicClient.chain,
      transport: custom({ request: (async (args: { method: string; params?: unknown }) => (requests.push(args), chain.provider.request(args as never))) as EIP1193RequestFn }),
    });
    const phone = await createTestClient(chain, 19, { client: { publicClient: publicClient as never } });
    const idlePass = async () => {
      await chain.testClient.mine({ blocks: 1 });
      requests.length = 0;
      await phone.client.sync();
      return requests.map((r) => r.method);
    };
    await phone.client.sync();
    expect(await idlePass()).toEqual(["eth_getBlockByNumber", "eth_getLogs"]);
    // With a second device and a shared sync key, the pass also reads the key shares and the next patch's topic.
    const { laptop } = await linkLaptop(phone, 2n);
    await laptop.sync();
    await phone.client.sync();
    await phone.client.appState.setNickname(chain.walletClients[3]!.account.address, "Carol");
    expect(await phone.client.appState.push()).toMatchObject({ mutations: 1, rotated: true });
    await laptop.sync();
    await phone.client.sync();
    expect(await phone.client.appState.status()).toMatchObject({ version: 1, pendingChanges: 0 });
    expect(await idlePass()).toEqual(["eth_getBlockByNumber", "eth_getLogs"]);
    // A patch that arrives in a live pass is still applied, read from the pass's one getLogs (this pass spans two new
    // blocks, so the reorg check also reads the cursor's block: not app-state sync's).
    await laptop.appState.setNickname(chain.walletClients[3]!.account.address, "Carol B.");
    await laptop.appState.push();
    expect((await idlePass()).filter((method) => method === "eth_getLogs")).toHaveLength(1);
    expect(await phone.client.appState.nicknames()).toEqual({ [getAddress(chain.walletClients[3]!.account.address)]: "Carol B." });
    await laptop.close();
  });

  it("gas of a patch: one mutation and ten mutations, one transaction each", async () => {
    const { phone, laptop } = await setUp(13);
    const accounts = Array.from({ length: 10 }, (_, i) => getAddress(`0x${(i + 1).toString(16).padStart(40, "a")}`));
    await phone.client.appState.mute(accounts[0]!);
    const rotation = (await phone.client.appState.push())!;
    const gas = { rotation: await pushedGas(), one: 0n, ten: 0n };
    await phone.client.sync();
    await phone.client.appState.mute(accounts[1]!);
    const one = (await phone.client.appState.push())!;
    gas.one = await pushedGas();
    await phone.client.sync();
    for (const a of accounts) await phone.client.block(a);
    const ten = (await phone.client.appState.push())!;
    gas.ten = await pushedGas();
    expect([rotation.mutations, one.mutations, ten.mutations]).toEqual([1, 1, 10]);
    console.log(`app-state gas: rotation (2 devices, 1 mutation) ${gas.rotation}, 1 mutation ${gas.one}, 10 mutations ${gas.ten}`);
    expect(gas.ten).toBeLessThan(gas.one * 3n);
    await laptop.sync();
    expect((await laptop.blocked()).length).toBe(10);
    await laptop.close();
  });
});

/** The `bytes payload` of a Message log's ABI-encoded data. */
function decodeBytesPayload(data: Hex): Hex {
  const bytes = hexToBytes(data);
  const length = Number(new DataView(bytes.buffer).getBigUint64(56));
  return bytesToHex(bytes.slice(64, 64 + length));
}
