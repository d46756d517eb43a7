import { bytesToHex, type Hex } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHushlogClient } from "../../src/client/createHushlogClient.ts";
import type { HushlogClient } from "../../src/client/HushlogClient.ts";
import { exportHistory, historyConversations, importHistory, sealHistoryTransfer, type HistoryDevice } from "../../src/history.ts";
import { createDeviceIdentity } from "../../src/identity/createDeviceIdentity.ts";
import { createKeyBinding } from "../../src/identity/createKeyBinding.ts";
import { deviceCode } from "../../src/identity/deviceCode.ts";
import type { Identity } from "../../src/identity/Identity.ts";
import type { BoundDevice } from "../../src/identity/KeyBinding.ts";
import type { HushlogStore } from "../../src/store/HushlogStore.ts";
import { createTestChain, type TestChain } from "../fixtures/createTestChain.ts";
import { createTestClient, syncUntil, type TestClientUser } from "../fixtures/createTestClients.ts";
import { testStores, type StoreKind } from "../fixtures/testStores.ts";

let chain: TestChain;
beforeAll(async () => {
  chain = await createTestChain();
});
afterAll(() => chain.close());

const where = () => ({ chainId: chain.deployment.chainId, contract: chain.deployment.address });
const boundDevice = (identity: Identity): BoundDevice => ({ x25519: bytesToHex(identity.x25519.publicKey), ed25519: bytesToHex(identity.ed25519.publicKey), sender: null });

/** A second device of `phone`'s account over `store`: its own keys, listed after the phone's by the wallet. */
async function linkDevice(phone: TestClientUser, store: HushlogStore, sequence: bigint, devices: readonly BoundDevice[] = phone.binding.devices, publishPrekeys = false) {
  const identity = await createDeviceIdentity({ account: phone.identity.account });
  const own = boundDevice(identity);
  const binding = await createKeyBinding(identity, { signTypedData: phone.wallet.signTypedData, ...where(), sequence, devices: [...devices, own] });
  const client = createHushlogClient({
    publicClient: chain.publicClient,
    walletClient: phone.wallet,
    contract: chain.deployment.address,
    identity,
    binding,
    store,
    deployBlock: chain.deployment.deployBlock,
    confirmations: 1,
    finality: { depth: 1 },
    publishPrekeys,
  });
  await client.sync();
  await phone.client.sync();
  return { client, identity, store, own, code: deviceCode(own.ed25519) };
}

const ofUser = (user: TestClientUser): HistoryDevice => ({ client: user.client, identity: user.identity, store: user.store });

/** Phone and peer talk both ways; the phone reads what came before the last message, so read state is mixed. */
async function converse(phone: TestClientUser, peer: TestClientUser): Promise<Hex> {
  await peer.client.sync();
  await phone.client.startConversation(peer.identity.account);
  await syncUntil([peer.client], async () => (await peer.client.requests("pending")).length === 1);
  const { conversationId } = await peer.client.acceptHandshake((await peer.client.requests("pending"))[0]!.id);
  await syncUntil([phone.client], async () => (await phone.client.conversations()).length === 1);
  await peer.client.sendMessage(conversationId, "hello phone");
  await phone.client.sendMessage(conversationId, "hello peer");
  await syncUntil([phone.client], async () => (await phone.client.messages(conversationId)).length === 2);
  await phone.client.markRead(conversationId);
  await peer.client.sendMessage(conversationId, "still unread");
  await syncUntil([phone.client, peer.client], async () => {
    const messages = await phone.client.messages(conversationId);
    return messages.length === 3 && messages.every((m) => m.status === "received" || m.status === "final");
  });
  return conversationId;
}

const shape = (messages: Awaited<ReturnType<HushlogClient["messages"]>>) =>
  messages.map((m) => ({ id: m.id, direction: m.direction, sender: m.sender, text: m.content?.text, status: m.status, read: m.read, txHash: m.txHash, timestamp: m.timestamp }));

describe.each<[StoreKind, number]>([
  ["memory", 1],
  ["sqlite", 3],
  ["dexie", 5],
])("history transfer over the %s store", (kind, index) => {
  it("moves every settled message with its read state, once, and the laptop shows the truth: history that lives on the phone", async () => {
    const stores = testStores(kind);
    try {
      const phone = await createTestClient(chain, index, { store: await stores.open("phone") });
      const peer = await createTestClient(chain, index + 1);
      const conversationId = await converse(phone, peer);
      // The app's nickname for the peer (an alias mapping entry, see useNicknames) travels too.
      const nickname = { alias: `nickname:${peer.identity.account.toLowerCase()}:Bob`, address: peer.identity.account, createdAt: 5, updatedAt: 5, source: "nickname" };
      await phone.store.putAliasMapping(nickname);
      const laptop = await linkDevice(phone, await stores.open("laptop"), 2n);

      const exported = await exportHistory(ofUser(phone), { to: laptop.code.toLowerCase().replace("-", "") });
      expect(exported).toMatchObject({ to: laptop.code, conversations: 1, messages: 3, inFlight: 0 });
      const imported = await importHistory(laptop, exported.file);
      expect(imported).toEqual({ from: deviceCode(boundDevice(phone.identity).ed25519), conversations: 1, messages: 3, markedRead: 0, unchanged: 0, nicknames: 1 });
      expect(await importHistory(laptop, exported.file).catch((e) => e.code)).toBe("HISTORY_REPLAYED");

      const onPhone = shape(await phone.client.messages(conversationId));
      expect(onPhone.map((m) => m.read)).toEqual([true, true, false]);
      expect(shape(await laptop.client.messages(conversationId))).toEqual(onPhone);
      const [view] = await historyConversations(laptop);
      expect(view).toMatchObject({ conversationId, peer: peer.identity.account, status: "history", livesOn: [imported.from], unread: 1 });
      expect(view!.lastMessage?.content?.text).toBe("still unread");
      // No session came along: the laptop refuses to send rather than pretend, and names where the conversation lives.
      expect(await laptop.client.conversations()).toEqual([]);
      await expect(laptop.client.sendMessage(conversationId, "from the laptop")).rejects.toMatchObject({ code: "CLIENT_HISTORY_ONLY", livesOn: [imported.from] });
      expect(await laptop.client.pendingTransactions()).toEqual([]);

      // The same file again is a replay: refused, nothing written.
      await expect(importHistory(laptop, exported.file)).rejects.toMatchObject({ code: "HISTORY_REPLAYED" });
      // A newer export after the phone read the last message: nothing added, only the read mark moves forward.
      await phone.client.markRead(conversationId);
      const again = await exportHistory(ofUser(phone), { to: laptop.code });
      expect(await importHistory(laptop, again.file)).toMatchObject({ messages: 0, markedRead: 1, unchanged: 2, nicknames: 0 });
      expect(await (await stores.open("laptop")).getAliasMapping(nickname.alias)).toEqual(nickname);
      expect(shape(await laptop.client.messages(conversationId))).toEqual(shape(await phone.client.messages(conversationId)));
      expect((await historyConversations(laptop)).map((c) => c.unread)).toEqual([0]);
      await laptop.client.close();
    } finally {
      stores.cleanup();
    }
  });
});

describe("history and a later first contact from the same peer", () => {
  it("declining the peer's new request deletes the request, never the imported history (it was held under the same id)", async () => {
    const stores = testStores("memory");
    try {
      const phone = await createTestClient(chain, 10);
      const peer = await createTestClient(chain, 11);
      const conversationId = await converse(phone, peer);
      // The laptop publishes its own prekey bundle, the account's newest: first contacts to the account reach it.
      const laptop = await linkDevice(phone, await stores.open("laptop"), 2n, phone.binding.devices, true);
      await importHistory(laptop, (await exportHistory(ofUser(phone), { to: laptop.code })).file);
      const history = shape(await laptop.client.messages(conversationId));
      expect(history).toHaveLength(3);

      // The peer, from a new device of its own (no session with us), writes first: a prekey request on the laptop.
      const peerTablet = await linkDevice(peer, await stores.open("peer-tablet"), 2n, peer.binding.devices, false);
      await peer.client.sync();
      await peerTablet.client.startConversation(phone.identity.account, { message: "new tablet, who dis" });
      await syncUntil([laptop.client], async () => (await laptop.client.requests("pending")).length === 1);
      const [request] = await laptop.client.requests("pending");
      expect(request!.kind).toBe("prekey");
      // The request shows its own message, not the history it shares a peer with.
      expect(request!.messages.map((m) => m.content?.text)).toEqual(["new tablet, who dis"]);

      await laptop.client.declineHandshake(request!.id);
      expect(shape(await laptop.client.messages(conversationId))).toEqual(history);
      expect((await historyConversations(laptop)).map((c) => c.conversationId)).toEqual([conversationId]);
      await Promise.all([laptop.client.close(), peerTablet.client.close()]);
    } finally {
      stores.cleanup();
    }
  });
});

describe("history transfer refusals: typed errors, nothing written", () => {
  let phone: TestClientUser;
  let laptop: Awaited<ReturnType<typeof linkDevice>>;
  let conversationId: Hex;
  let file: Uint8Array;
  const untouched = async () => {
    expect(await historyConversations(laptop)).toEqual([]);
    expect(await laptop.client.messages(conversationId)).toEqual([]);
  };

  beforeAll(async () => {
    phone = await createTestClient(chain, 7);
    const peer = await createTestClient(chain, 8);
    conversationId = await converse(phone, peer);
    const stores = testStores("memory");
    laptop = await linkDevice(phone, await stores.open("laptop"), 2n);
    file = (await exportHistory(ofUser(phone), { to: laptop.code })).file;
  });

  it("refuses an export to a code the account does not list, or to the exporting device itself", async () => {
    await expect(exportHistory(ofUser(phone), { to: "0000-0000" })).rejects.toMatchObject({ code: "HISTORY_TARGET_NOT_LISTED" });
    await expect(exportHistory(ofUser(phone), { to: deviceCode(boundDevice(phone.identity).ed25519) })).rejects.toMatchObject({ code: "HISTORY_TARGET_NOT_LISTED" });
  });

  it("refuses a file sealed to another device", async () => {
    const stores = testStores("memory");
    const tablet = await linkDevice(phone, await stores.open("tablet"), 3n, [...phone.binding.devices, laptop.own]);
    await expect(importHistory(tablet, file)).rejects.toMatchObject({ code: "HISTORY_WRONG_DEVICE" });
    expect(await historyConversations(tablet)).toEqual([]);
    await tablet.client.close();
  });

  it("refuses a tampered or truncated file", async () => {
    for (const at of [10, 80, file.length - 1]) {
      const altered = file.slice();
      altered[at]! ^= 1;
      await expect(importHistory(laptop, altered)).rejects.toMatchObject({ code: "HISTORY_TAMPERED" });
    }
    await expect(importHistory(laptop, file.slice(0, file.length - 1))).rejects.toMatchObject({ code: "HISTORY_TAMPERED" });
    await expect(importHistory(laptop, file.slice(0, 100))).rejects.toMatchObject({ code: "WIRE_TRUNCATED" });
    await expect(importHistory(laptop, new TextEncoder().encode("not a transfer at all, just some text"))).rejects.toMatchObject({ code: "WIRE_INVALID_FIELD" });
    await untouched();
  });

  it("refuses a transfer signed by a device of another account, or made for another account", async () => {
    const stranger = await createDeviceIdentity({ account: chain.walletClients[9]!.account.address });
    const transfer = { ...where(), account: phone.identity.account, exportedAt: Date.now(), conversations: [], nicknames: [] };
    const forged = await sealHistoryTransfer(transfer, stranger, laptop.identity.x25519.publicKey);
    await expect(importHistory(laptop, forged)).rejects.toMatchObject({ code: "HISTORY_EXPORTER_NOT_LISTED" });
    // Signed by our own phone, but naming another account (a file of the phone's for a different wallet).
    const other = await sealHistoryTransfer({ ...transfer, account: stranger.account }, phone.identity, laptop.identity.x25519.publicKey);
    await expect(importHistory(laptop, other)).rejects.toMatchObject({ code: "HISTORY_OTHER_ACCOUNT" });
    const otherChain = await sealHistoryTransfer({ ...transfer, chainId: 1 }, phone.identity, laptop.identity.x25519.publicKey);
    await expect(importHistory(laptop, otherChain)).rejects.toMatchObject({ code: "HISTORY_OTHER_ACCOUNT" });
    await untouched();
  });

  it("refuses a transfer whose content breaks a rule half-way through, writing none of what came before it", async () => {
    const message = { id: `0x${"0a".repeat(32)}`, direction: "in" as const, status: "received" as const, body: new Uint8Array([1, 104, 105]), read: false, createdAt: 1, timestamp: null, txHash: null, blockNumber: null, blockHash: null, logIndex: null };
    const peer = chain.walletClients[8]!.account.address;
    const holders = [bytesToHex(phone.identity.ed25519.publicKey)];
    const transfer = { ...where(), account: phone.identity.account, exportedAt: Date.now(), conversations: [{ peer, holders, messages: [message] }] };
    // The conversation's history mark is written first, then an alias that is not a nickname entry (it could plant a
    // history mark): refused, and the transaction takes the mark back.
    const planted = { alias: `history:${conversationId}:0x${"00".repeat(32)}`, address: peer, createdAt: 1, updatedAt: 1 };
    const bad = await sealHistoryTransfer({ ...transfer, nicknames: [planted] }, phone.identity, laptop.identity.x25519.publicKey);
    await expect(importHistory(laptop, bad)).rejects.toMatchObject({ code: "HISTORY_INVALID" });
    const twice = await sealHistoryTransfer({ ...transfer, conversations: [{ peer, holders: [], messages: [message, message] }], nicknames: [] }, phone.identity, laptop.identity.x25519.publicKey);
    await expect(importHistory(laptop, twice)).rejects.toMatchObject({ code: "HISTORY_INVALID" });
    expect(await laptop.store.messages.get(message.id)).toBeNull();
    await untouched();
  });

  it("refuses a replay of an older export over a newer one", async () => {
    const newer = (await exportHistory(ofUser(phone), { to: laptop.code })).file;
    expect(await importHistory(laptop, newer)).toMatchObject({ messages: 3 });
    const before = shape(await laptop.client.messages(conversationId));
    await expect(importHistory(laptop, file)).rejects.toMatchObject({ code: "HISTORY_REPLAYED" });
    expect(shape(await laptop.client.messages(conversationId))).toEqual(before);
  });

  it("refuses a file from a device the account has revoked since", async () => {
    const fresh = (await exportHistory(ofUser(phone), { to: laptop.code })).file;
    // The wallet lists the laptop alone: the phone is revoked.
    const revoking = await createKeyBinding(laptop.identity, { signTypedData: phone.wallet.signTypedData, ...where(), sequence: 10n, devices: [laptop.own] });
    await laptop.client.replaceBinding(revoking);
    await expect(importHistory(laptop, fresh)).rejects.toMatchObject({ code: "HISTORY_EXPORTER_NOT_LISTED" });
    await laptop.client.close();
  });
});
