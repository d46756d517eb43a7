import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { bytesToHex, getAddress, hexToBytes, type Hex } from "viem";
import { describe, expect, it } from "vitest";
import { expandAppSyncKeys, patchTopic, syncKeyId } from "../../src/appsync/appSyncKeys.ts";
import { openAppStatePatch, sealAppStatePatch } from "../../src/appsync/appStatePatchBox.ts";
import { encodeReadMarker, type AppStateMutation } from "../../src/wire/AppStateMutation.ts";
import { applyToLocal } from "../../src/client/applyToLocal.ts";
import { emptyLtHash, ltHashUpdate } from "../../src/appsync/ltHash.ts";
import { indexMac, mutationEffect, snapshotMac } from "../../src/appsync/mutationMacs.ts";
import { openSyncKeyShare, sealSyncKeyShare } from "../../src/appsync/syncKeyShare.ts";
import { x25519KeyPair } from "../../src/crypto/x25519.ts";
import { AppStatePatchRejectedError } from "../../src/errors/appSyncErrors.ts";
import { createMemoryStore } from "../../src/store/backends/memory/createMemoryStore.ts";
import { createSeededRandom } from "../../src/crypto/random.ts";

const seededRandom = (n: number) => createSeededRandom(`app-state test ${n}`);

const syncKey = new Uint8Array(32).fill(7);
const keys = expandAppSyncKeys(syncKey);
const account = getAddress("0x00000000000000000000000000000000000000aa");
const peer = getAddress("0x00000000000000000000000000000000000000bb");
const scope = { chainId: 31337, contract: getAddress("0x00000000000000000000000000000000000000cc"), account, keyId: syncKeyId(syncKey) };
const mac = (n: number) => new Uint8Array(32).fill(n);
const set = (kind: AppStateMutation["kind"], value: Uint8Array, timestamp = 100): AppStateMutation => ({ op: "set", kind, account: peer, timestamp, value });

/** A patch as its author makes it on top of a collection state. */
function makePatch(state: { version: number; hash: Uint8Array; macs: Map<Hex, Uint8Array> }, mutations: AppStateMutation[]) {
  const version = state.version + 1;
  const effect = mutationEffect(keys, state.hash, state.macs, mutations, version);
  const payload = sealAppStatePatch(keys, scope, { version, snapshotMac: snapshotMac(keys, effect.hash, version), mutations }, seededRandom(version));
  const macs = new Map(state.macs);
  for (const m of effect.put) macs.set(bytesToHex(m.indexMac), m.valueMac);
  for (const m of effect.remove) macs.delete(bytesToHex(m));
  return { payload, next: { version, hash: effect.hash, macs } };
}

/** What a receiver does with a payload found on version `version`'s topic: open, then check the snapshot. */
function receive(state: { version: number; hash: Uint8Array; macs: Map<Hex, Uint8Array> }, version: number, payload: Uint8Array) {
  const patch = openAppStatePatch(keys, scope, version, payload);
  const effect = mutationEffect(keys, state.hash, state.macs, patch.mutations, version);
  if (bytesToHex(snapshotMac(keys, effect.hash, version)) !== bytesToHex(patch.snapshotMac)) throw new AppStatePatchRejectedError("snapshot", version);
  return effect;
}

describe("LtHash16", () => {
  it("does not depend on the order of updates, and a removal undoes its addition", () => {
    const ab = ltHashUpdate(emptyLtHash(), [mac(1), mac(2)], []);
    const ba = ltHashUpdate(ltHashUpdate(emptyLtHash(), [mac(2)], []), [mac(1)], []);
    expect(bytesToHex(ab)).toBe(bytesToHex(ba));
    expect(bytesToHex(ltHashUpdate(ab, [], [mac(1)]))).toBe(bytesToHex(ltHashUpdate(emptyLtHash(), [mac(2)], [])));
    expect(bytesToHex(ltHashUpdate(ab, [], [mac(1), mac(2)]))).toBe(bytesToHex(emptyLtHash()));
    expect(ab.length).toBe(2048);
  });
});

describe("app-state patches", () => {
  const empty = { version: 0, hash: emptyLtHash(), macs: new Map<Hex, Uint8Array>() };
  const one = makePatch(empty, [set("block", new Uint8Array(0)), set("nickname", new TextEncoder().encode("Alice"))]);
  const two = makePatch(one.next, [{ op: "remove", kind: "block", account: peer, timestamp: 101, value: new Uint8Array(0) }]);

  it("opens in order, and the receiver ends with the author's state", () => {
    const first = receive(empty, 1, one.payload);
    expect(bytesToHex(first.hash)).toBe(bytesToHex(one.next.hash));
    const second = receive(one.next, 2, two.payload);
    expect(second.remove.map((m) => bytesToHex(m))).toEqual([bytesToHex(indexMac(keys, { kind: "block", account: peer }))]);
    expect(bytesToHex(second.hash)).toBe(bytesToHex(two.next.hash));
  });

  it("rejects a tampered patch, a replayed one on another version's topic and an out-of-order one, with typed reasons", () => {
    const tampered = one.payload.slice();
    tampered[30]! ^= 0x01;
    expect(() => receive(empty, 1, tampered)).toThrow(expect.objectContaining({ code: "APPSYNC_PATCH_REJECTED", reason: "forged" }));
    // Replayed: patch 1's bytes posted again as version 2 (its AD names version 1).
    expect(() => receive(one.next, 2, one.payload)).toThrow(expect.objectContaining({ reason: "forged" }));
    // Out of order: patch 2 applied on a state that lacks patch 1 (found on its own topic, so it opens): the snapshot
    // MAC tells the state is not the author's.
    expect(() => receive(empty, 2, two.payload)).toThrow(expect.objectContaining({ reason: "snapshot" }));
    // A different key (a revoked device's old one, or a stranger's) opens nothing.
    const other = expandAppSyncKeys(new Uint8Array(32).fill(8));
    expect(() => openAppStatePatch(other, scope, 1, one.payload)).toThrow(expect.objectContaining({ reason: "forged" }));
    // Another account's or contract's stream: the AD binds them.
    expect(() => openAppStatePatch(keys, { ...scope, account: peer }, 1, one.payload)).toThrow(expect.objectContaining({ reason: "forged" }));
    expect(() => openAppStatePatch(keys, scope, 1, Uint8Array.of(9, 1, 2))).toThrow(expect.objectContaining({ reason: "malformed" }));
  });

  it("rejects an index twice in one patch; a patch opens only as the version it was sealed for", () => {
    const twice = [set("mute", new Uint8Array(0), 1), set("mute", new Uint8Array(0), 2)];
    expect(() => mutationEffect(keys, emptyLtHash(), new Map(), twice, 1)).toThrow(expect.objectContaining({ reason: "malformed" }));
    const lying = sealAppStatePatch(keys, scope, { version: 3, snapshotMac: new Uint8Array(16), mutations: [set("mute", new Uint8Array(0))] }, seededRandom(9));
    expect(openAppStatePatch(keys, scope, 3, lying).version).toBe(3);
    expect(() => openAppStatePatch(keys, scope, 4, lying)).toThrow(expect.objectContaining({ reason: "forged" }));
  });

  it("topics differ per version and per key, and never show the key id", () => {
    const other = expandAppSyncKeys(new Uint8Array(32).fill(8));
    const topics = [patchTopic(keys, 1), patchTopic(keys, 2), patchTopic(other, 1)];
    expect(new Set(topics).size).toBe(3);
    for (const t of topics) expect(t.slice(34)).toBe("0".repeat(32));
  });
});

describe("sync-key shares", () => {
  it("open for each listed device, only from a device the account lists", async () => {
    const [phone, laptop, revoked] = await Promise.all([x25519KeyPair(), x25519KeyPair(), x25519KeyPair()]);
    const device = (k: { publicKey: Uint8Array }) => ({ x25519: bytesToHex(k.publicKey) });
    const shareScope = { chainId: scope.chainId, contract: scope.contract, account };
    const payload = await sealSyncKeyShare({ syncKey, devices: [device(phone), device(laptop)], ownX25519: phone, scope: shareScope });
    expect(payload.length).toBe(49 + 2 * 49);
    const opened = await openSyncKeyShare(payload, { own: laptop, senders: [device(phone), device(laptop)], scope: shareScope });
    expect(opened && bytesToHex(opened.syncKey)).toBe(bytesToHex(syncKey));
    expect(await openSyncKeyShare(payload, { own: phone, senders: [device(phone)], scope: shareScope })).not.toBeNull();
    // Not for the revoked device; and a share the revoked device makes opens for nobody once it is not listed.
    expect(await openSyncKeyShare(payload, { own: revoked, senders: [device(phone), device(laptop)], scope: shareScope })).toBeNull();
    const planted = await sealSyncKeyShare({ syncKey: new Uint8Array(32).fill(1), devices: [device(phone)], ownX25519: revoked, scope: shareScope });
    expect(await openSyncKeyShare(planted, { own: phone, senders: [device(phone), device(laptop)], scope: shareScope })).toBeNull();
    await expect(openSyncKeyShare(payload.subarray(0, 60), { own: phone, senders: [], scope: shareScope })).rejects.toMatchObject({ code: "APPSYNC_KEY_SHARE_REJECTED" });
  });
});

describe("applying values", () => {
  it("a read marker marks the conversation's messages read up to it; an older value never replaces a newer one", async () => {
    const store = await createMemoryStore({ account });
    const conversationId = `0x${"11".repeat(32)}` as Hex;
    const message = (id: string, block: bigint, logIndex: number) => ({
      id, conversationId, direction: "in" as const, sender: peer, body: new Uint8Array(1), status: "received" as const,
      txHash: null, blockNumber: block, blockHash: null, logIndex, createdAt: 1, timestamp: 1, read: false,
    });
    await store.messages.putMany([message("a", 10n, 0), message("b", 10n, 3), message("c", 11n, 0)]);
    await store.transaction((tx) => applyToLocal(tx, [set("read", encodeReadMarker(10n, 3), 100)], () => conversationId));
    expect((await store.messages.list(conversationId)).map((m) => [m.id, m.read])).toEqual([["a", true], ["b", true], ["c", false]]);
    // An older marker does not move it back; a newer nickname replaces an older one, not the other way round.
    await store.transaction((tx) => applyToLocal(tx, [set("read", encodeReadMarker(9n, 0), 200)], () => conversationId));
    expect((await store.contacts.get(peer))?.readThrough).toMatchObject({ block: 10n, logIndex: 3 });
    const name = (n: string, t: number) => set("nickname", new TextEncoder().encode(n), t);
    await store.transaction((tx) => applyToLocal(tx, [name("New", 300)], () => conversationId));
    await store.transaction((tx) => applyToLocal(tx, [name("Old", 200)], () => conversationId));
    const aliases = (await store.getAllAliasMappings()).map((a) => a.alias);
    expect(aliases).toEqual([`nickname:${peer.toLowerCase()}:New`]);
  });
});

describe("frozen vectors (app-state patch v1, sync-key share v1)", () => {
  const vectorFile = fileURLToPath(new URL("../vectors/appsync-v1.json", import.meta.url));

  async function compute() {
    const random = createSeededRandom("appsync vector");
    const vectorKey = random(32);
    const vectorKeys = expandAppSyncKeys(vectorKey);
    const vectorScope = { ...scope, keyId: syncKeyId(vectorKey) };
    const mutations: AppStateMutation[] = [
      set("nickname", new TextEncoder().encode("Alice"), 1_800_000_000),
      set("read", encodeReadMarker(123_456n, 7), 1_800_000_001),
      { op: "remove", kind: "block", account: peer, timestamp: 1_800_000_002, value: new Uint8Array(0) },
    ];
    const effect = mutationEffect(vectorKeys, emptyLtHash(), new Map(), mutations, 1);
    const patch = sealAppStatePatch(vectorKeys, vectorScope, { version: 1, snapshotMac: snapshotMac(vectorKeys, effect.hash, 1), mutations }, random);
    const [phone, laptop] = [await x25519KeyPair(random), await x25519KeyPair(random)];
    const devices = [phone, laptop].map((k) => ({ x25519: bytesToHex(k.publicKey) }));
    const share = await sealSyncKeyShare({ syncKey: vectorKey, devices, ownX25519: phone, scope: { chainId: scope.chainId, contract: scope.contract, account }, random });
    return {
      syncKey: bytesToHex(vectorKey),
      keyId: bytesToHex(vectorScope.keyId),
      topic1: patchTopic(vectorKeys, 1),
      patch: bytesToHex(patch),
      laptopSecret: bytesToHex(laptop.secretKey),
      devices: devices.map((d) => d.x25519),
      share: bytesToHex(share),
    };
  }

  it("match (a change here is a protocol change: new version byte, new vectors)", async () => {
    const computed = await compute();
    if (process.env.HUSHLOG_WRITE_VECTORS === "1") writeFileSync(vectorFile, `${JSON.stringify(computed, null, 2)}\n`);
    const frozen = JSON.parse(readFileSync(vectorFile, "utf8"));
    expect(computed).toEqual(frozen);
    // And they open: the laptop's box in the share, then the patch under the key it carries.
    const opened = await openSyncKeyShare(hexToBytes(frozen.share), {
      own: { secretKey: hexToBytes(frozen.laptopSecret) },
      senders: frozen.devices.map((x25519: Hex) => ({ x25519 })),
      scope: { chainId: scope.chainId, contract: scope.contract, account },
    });
    const openedKeys = expandAppSyncKeys(opened!.syncKey);
    const patch = openAppStatePatch(openedKeys, { ...scope, keyId: hexToBytes(frozen.keyId) }, 1, hexToBytes(frozen.patch));
    expect(patch.mutations.map((m) => [m.op, m.kind, m.timestamp])).toEqual([["set", "nickname", 1_800_000_000], ["set", "read", 1_800_000_001], ["remove", "block", 1_800_000_002]]);
  });
});
