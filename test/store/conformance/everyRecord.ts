import { expect } from "vitest";
import type { HushlogStore } from "../../../src/store/HushlogStore.ts";
import { alice, bob, bytes, hash, messageRecord, pendingHandshakeRecord, pendingRecord, requestRecord, sessionRecord } from "./records.ts";

/** Writes one record of every kind, each tagged with `label` so two accounts' records differ. */
export async function writeEveryRecord(store: HushlogStore, label: string): Promise<void> {
  const b = (what: string, length?: number) => bytes(`${label} ${what}`, length);
  await store.sessions.save(sessionRecord({ state: b("session", 1500) }));
  await store.pending.save(pendingRecord({ data: b("calldata", 300), txHash: hash("tx"), status: "submitted" }));
  await store.pendingHandshakes.save(pendingHandshakeRecord({ secret: b("handshake secret", 200), expiresAt: 50 }));
  await store.requests.save(requestRecord({ payload: b("request") }));
  await store.messages.put(messageRecord(1, { body: b("body", 100) }));
  await store.cursors.put({ key: "cursor", block: 7n, recentBlocks: [{ number: 7n, hash: hash(label) }], updatedAt: 1 });
  await store.putIdentity(alice, b("alice identity"));
  await store.storePrekey(10, b("prekey"), false);
  await store.storeSignedPrekey(3, b("signed prekey"));
  await store.storeKyberPrekey(4, b("kyber prekey", 1200));
  await store.putSenderKey("group:alice", b("sender key"));
  await store.setSyncKey(bytes("sync id", 6), { keyData: b("sync key"), fingerprint: b("fp", 8), timestamp: 5 });
  await store.setVersion("regular", { version: 9, hash: b("lthash", 128) });
  await store.putMutationMacs("regular", 9, [{ indexMac: bytes("index"), valueMac: b("value mac") }]);
  await store.setSenderKeyStatus("group", [["bob:1", true]]);
  await store.putAliasMapping({ alias: "bob.eth", address: bob, createdAt: 1, updatedAt: 1, source: label });
  await store.saveBaseKey(bob, "msg", b("base key"));
  await store.updateDeviceList({ user: bob, devices: [{ deviceId: 1, keyIndex: 2 }], timestamp: 3, phash: label, rawId: 4 });
  await store.putContactToken(bob, { token: b("token"), tokenTimestamp: 10, senderTimestamp: null });
  await store.storeSentMessage("chat", "sent", b("sent payload"));
  await store.putMsgSecrets([{ chat: "chat", sender: "bob", msgId: "m", secret: b("msg secret"), expiresAt: 10, messageTs: 3 }]);
  await store.save(b("local identity", 200));
  await store.cache.set("ns", "key", b("cached"));
}

/** Asserts that every record `writeEveryRecord(store, label)` wrote is there, with `label`'s bytes. */
export async function expectEveryRecord(store: HushlogStore, label: string): Promise<void> {
  const b = (what: string, length?: number) => bytes(`${label} ${what}`, length);
  expect((await store.sessions.getByInboundTopic(hash("topic next")))?.state).toEqual(b("session", 1500));
  expect(await store.getSession(bob)).toEqual(b("session", 1500));
  expect((await store.pending.getByTxHash(hash("tx")))?.data).toEqual(b("calldata", 300));
  expect((await store.pendingHandshakes.getByPeer(bob))[0]?.secret).toEqual(b("handshake secret", 200));
  expect((await store.requests.list("pending"))[0]?.payload).toEqual(b("request"));
  expect((await store.messages.list(hash("conversation 1")))[0]?.body).toEqual(b("body", 100));
  expect(await store.messages.unreadCount(hash("conversation 1"))).toBe(1);
  expect(await store.cursors.get("cursor")).toEqual({ key: "cursor", block: 7n, recentBlocks: [{ number: 7n, hash: hash(label) }], updatedAt: 1 });
  expect(await store.loadIdentity(alice)).toEqual(b("alice identity"));
  expect(await store.isTrustedIdentity(alice, b("alice identity"))).toBe(true);
  expect(await store.loadUnuploadedPrekeys()).toEqual([[10, b("prekey")]]);
  expect(await store.getMaxPrekeyId()).toBe(10);
  expect(await store.loadAllSignedPrekeys()).toEqual([[3, b("signed prekey")]]);
  expect(await store.loadKyberPrekey(4)).toEqual(b("kyber prekey", 1200));
  expect(await store.getSenderKey("group:alice")).toEqual(b("sender key"));
  expect(await store.getLatestSyncKeyId()).toEqual(bytes("sync id", 6));
  expect((await store.getSyncKey(bytes("sync id", 6)))?.keyData).toEqual(b("sync key"));
  expect(await store.getVersion("regular")).toEqual({ version: 9, hash: b("lthash", 128) });
  expect(await store.getMutationMac("regular", bytes("index"))).toEqual(b("value mac"));
  expect(await store.getSenderKeyDevices("group")).toEqual([["bob:1", true]]);
  expect((await store.getAddressMapping(bob))?.source).toBe(label);
  expect(await store.hasSameBaseKey(bob, "msg", b("base key"))).toBe(true);
  expect((await store.getDevices(bob))?.phash).toBe(label);
  expect(await store.getAllContactTokenAddresses()).toEqual([bob]);
  expect((await store.getContactToken(bob))?.token).toEqual(b("token"));
  expect(await store.getMsgSecretWithTs("chat", "bob", "m")).toEqual({ secret: b("msg secret"), messageTs: 3 });
  expect(await store.load()).toEqual(b("local identity", 200));
  expect(await store.cache.get("ns", "key")).toEqual(b("cached"));
  expect(await store.cache.entryCount("ns")).toBe(1);
  // Last, because a take consumes it.
  expect(await store.takeSentMessage("chat", "sent")).toEqual(b("sent payload"));
}

/** Asserts that `store` sees none of the records of `writeEveryRecord`. */
export async function expectNoRecord(store: HushlogStore): Promise<void> {
  expect(await store.sessions.list()).toEqual([]);
  expect(await store.hasSession(bob)).toBe(false);
  expect(await store.pending.list()).toEqual([]);
  expect(await store.pendingHandshakes.list()).toEqual([]);
  expect(await store.requests.list()).toEqual([]);
  expect(await store.messages.get("message-1")).toBeNull();
  expect(await store.cursors.get("cursor")).toBeNull();
  expect(await store.loadIdentity(alice)).toBeNull();
  expect(await store.getMaxPrekeyId()).toBe(0);
  expect(await store.loadAllSignedPrekeys()).toEqual([]);
  expect(await store.loadKyberPrekey(4)).toBeNull();
  expect(await store.getSenderKey("group:alice")).toBeNull();
  expect(await store.getLatestSyncKeyId()).toBeNull();
  expect((await store.getVersion("regular")).version).toBe(0);
  expect(await store.getMutationMac("regular", bytes("index"))).toBeNull();
  expect(await store.getSenderKeyDevices("group")).toEqual([]);
  expect(await store.getAllAliasMappings()).toEqual([]);
  expect(await store.hasSameBaseKey(bob, "msg", bytes("x"))).toBe(false);
  expect(await store.getDevices(bob)).toBeNull();
  expect(await store.getAllContactTokenAddresses()).toEqual([]);
  expect(await store.takeSentMessage("chat", "sent")).toBeNull();
  expect(await store.getMsgSecret("chat", "bob", "m")).toBeNull();
  expect(await store.exists()).toBe(false);
  expect(await store.cache.entryCount("ns")).toBe(0);
  expect(await store.listSnapshots()).toEqual([]);
}
