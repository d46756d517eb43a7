import { rmSync } from "node:fs";
import { join } from "node:path";
import { getAddress, type Account, type Address, type Chain, type Transport, type WalletClient } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountTopic } from "../../src/chain/accountTopic.ts";
import { encodePackedCall, type PackedCall } from "../../src/chain/encodePackedCall.ts";
import { fetchLogs } from "../../src/chain/fetchLogs.ts";
import { fetchNewestLog } from "../../src/chain/fetchNewestLog.ts";
import { PREKEY_GRACE_SECONDS, PREKEY_ROTATION_SECONDS } from "../../src/constants.ts";
import { createPrekeyBundle } from "../../src/handshake/createPrekeyBundle.ts";
import { initiatePrekeyHandshake, type StartedPrekeyHandshake } from "../../src/handshake/initiatePrekeyHandshake.ts";
import type { PrekeyBundle } from "../../src/handshake/PrekeyBundle.ts";
import { recipientTag } from "../../src/handshake/recipientTag.ts";
import { openPrekeyHandshake } from "../../src/handshake/scanPrekeyHandshakes.ts";
import type { Identity } from "../../src/identity/Identity.ts";
import type { KeyBinding } from "../../src/identity/KeyBinding.ts";
import { ensurePrekeys } from "../../src/prekeys/ensurePrekeys.ts";
import { findPrekeyBundle } from "../../src/prekeys/findPrekeyBundle.ts";
import { loadOwnPrekeys } from "../../src/prekeys/loadOwnPrekeys.ts";
import { markPrekeysPublished } from "../../src/prekeys/markPrekeysPublished.ts";
import { prunePrekeys } from "../../src/prekeys/prunePrekeys.ts";
import { receivePrekeyHandshakes } from "../../src/prekeys/receivePrekeyHandshakes.ts";
import { ratchetDecrypt } from "../../src/ratchet/ratchetDecrypt.ts";
import { ratchetEncrypt } from "../../src/ratchet/ratchetEncrypt.ts";
import { createMemoryStore } from "../../src/store/backends/memory/createMemoryStore.ts";
import { createSqliteStore } from "../../src/store/backends/sqlite/createSqliteStore.ts";
import type { HushlogStore } from "../../src/store/HushlogStore.ts";
import { PREKEY_HANDSHAKE_TAG } from "../../src/wire/prekeyHandshakePayload.ts";
import { decodeSession, encodeSession } from "../../src/wire/sessionCodec.ts";
import { encodeKeyBinding } from "../../src/wire/keyBindingCodec.ts";
import { walletIdentity } from "../fixtures/createTestClients.ts";
import { createTestChain, type TestChain } from "../fixtures/createTestChain.ts";
import { cheapKdf, createTempDir, testPassphrase } from "../store/sqliteHarness.ts";

type User = { wallet: WalletClient<Transport, Chain, Account>; identity: Identity; binding: KeyBinding };
const address = (user: User) => getAddress(user.wallet.account.address);

const text = (t: string) => new TextEncoder().encode(t);
const read = (b: Uint8Array) => new TextDecoder().decode(b);
const dir = createTempDir();
let chain: TestChain;
let deployment: { chainId: number; contract: Address };
let alice: User, bob: User, carol: User, dave: User, eve: User, frank: User, heidi: User;

beforeAll(async () => {
  chain = await createTestChain();
  deployment = { chainId: chain.deployment.chainId, contract: chain.deployment.address };
  const users: User[] = await Promise.all(
    [1, 2, 3, 4, 5, 6, 7].map(async (i) => {
      const wallet = chain.walletClients[i]!;
      return { wallet, ...(await walletIdentity(chain, wallet)) };
    }),
  );
  [alice, bob, carol, dave, eve, frank, heidi] = users as [User, User, User, User, User, User, User];
  // Every account publishes its binding: first contacts are only accepted from devices their account's current
  // published binding lists.
  for (const user of users) await send(user, { kind: "binding", binding: encodeKeyBinding(user.binding) });
});
afterAll(async () => {
  await chain.close();
  rmSync(dir, { recursive: true, force: true });
});

async function send(user: User, call: PackedCall) {
  const hash = await user.wallet.sendTransaction({ to: deployment.contract, data: encodePackedCall(call) });
  const receipt = await chain.publicClient.waitForTransactionReceipt({ hash });
  expect(receipt.status).toBe("success");
  return receipt;
}
const chainTime = async (blockNumber?: bigint) =>
  Number((await chain.publicClient.getBlock(blockNumber === undefined ? {} : { blockNumber })).timestamp);
const head = () => chain.publicClient.getBlockNumber();

/** The owner's schedule step: create (or re-offer) a bundle, publish it, record its block time. */
async function publishPrekeys(user: User, store: HushlogStore) {
  const due = await ensurePrekeys(store, user.identity, user.binding, { ...deployment, now: await chainTime() });
  if (!due) return null;
  const receipt = await send(user, { kind: "prekeys", bundle: due.bundle });
  await markPrekeysPublished(store, due.prekeyId, await chainTime(receipt.blockNumber));
  return due;
}
const find = (user: User) => findPrekeyBundle(chain.publicClient, { account: address(user), ...deployment, fromBlock: chain.deployment.deployBlock });

async function firstContact(from: User, bundle: PrekeyBundle, message: string): Promise<StartedPrekeyHandshake & { block: bigint }> {
  const started = await initiatePrekeyHandshake(from.identity, from.binding, bundle, { firstMessage: text(message) });
  const receipt = await send(from, { kind: "handshake", recipientTag: started.message.recipientTag, payload: started.message.payload });
  return { ...started, block: receipt.blockNumber };
}

/** The recipient's sync step for prekey handshakes: sessions committed with their used triple. */
const receive = (user: User, store: HushlogStore, fromBlock: bigint, toBlock: bigint) =>
  receivePrekeyHandshakes(chain.publicClient, {
    store,
    identity: user.identity,
    ...deployment,
    fromBlock,
    toBlock,
    commit: (tx, handshake) => tx.putSession(handshake.peer.binding.account, encodeSession(handshake.session)),
  });

describe("prekeys on chain", () => {
  it("an offline recipient receives the first message (and what followed) when it comes back", async () => {
    const path = join(dir, "bob.db");
    const openBob = () => createSqliteStore({ path, passphrase: testPassphrase, kdf: cheapKdf, account: address(bob) });
    let bobStore = await openBob();
    await publishPrekeys(bob, bobStore);
    await bobStore.close(); // Bob's client stops.

    // Noise: Carol has a bundle and gets a first contact too; Dave never published one.
    const carolStore = await createMemoryStore();
    await publishPrekeys(carol, carolStore);
    await firstContact(alice, (await find(carol))!, "hi carol");
    expect(await find(dave)).toBeNull();

    const bundle = (await find(bob))!;
    expect(bundle.account).toBe(address(bob));
    const started = await firstContact(alice, bundle, "hello offline bob");
    let aliceSession = started.session;
    for (const line of ["still there?", "call me"]) {
      const out = await ratchetEncrypt(aliceSession, text(line));
      aliceSession = out.session;
      await send(alice, { kind: "message", topic: out.topic, payload: out.payload });
    }
    await chain.testClient.mine({ blocks: 50 });

    // Bob comes back: one filter finds every prekey handshake; only his opens.
    bobStore = await openBob();
    const to = await head();
    const all = await fetchLogs(chain.publicClient, { address: deployment.contract, event: "Handshake", fromBlock: chain.deployment.deployBlock, toBlock: to });
    expect(all.logs.length).toBe(2);
    expect(all.logs.every((log) => log.tag === PREKEY_HANDSHAKE_TAG)).toBe(true);
    const result = await receive(bob, bobStore, chain.deployment.deployBlock, to);
    expect(result.rejected).toEqual([]);
    expect(result.accepted.map((h) => [h.peer.binding.account, read(h.plaintext), h.log.blockNumber])).toEqual([
      [address(alice), "hello offline bob", started.block],
    ]);

    // The stored session reads Alice's later messages and answers her.
    let bobSession = decodeSession((await bobStore.getSession(address(alice)))!);
    const topic = bobSession.receiving[0]!.topic;
    const later = await fetchLogs(chain.publicClient, { address: deployment.contract, event: "Message", tags: [topic], senders: [address(alice)], fromBlock: started.block, toBlock: to });
    const lines = [];
    for (const log of later.logs) {
      const out = await ratchetDecrypt(bobSession, log.payload, { topic: log.tag });
      bobSession = out.session;
      lines.push(read(out.plaintext));
    }
    expect(lines).toEqual(["still there?", "call me"]);
    const reply = await ratchetEncrypt(bobSession, text("back online"));
    const replied = await send(bob, { kind: "message", topic: reply.topic, payload: reply.payload });
    const [replyLog] = (
      await fetchLogs(chain.publicClient, { address: deployment.contract, event: "Message", tags: [aliceSession.next!.topic], senders: [address(bob)], fromBlock: replied.blockNumber, toBlock: replied.blockNumber })
    ).logs;
    expect(read((await ratchetDecrypt(aliceSession, replyLog!.payload, { topic: replyLog!.tag })).plaintext)).toBe("back online");

    // Nothing is findable under Bob's interactive tag: observers cannot look him up.
    expect((await fetchLogs(chain.publicClient, { address: deployment.contract, event: "Handshake", tags: [recipientTag(address(bob))], fromBlock: 0n, toBlock: to })).logs).toEqual([]);

    // A reused (prekey, base key) triple is refused: Alice posting the same handshake again builds nothing.
    const again = await send(alice, { kind: "handshake", recipientTag: PREKEY_HANDSHAKE_TAG, payload: started.message.payload });
    const replay = await receive(bob, bobStore, again.blockNumber, again.blockNumber);
    expect(replay.accepted).toEqual([]);
    expect(replay.duplicates.map((h) => h.log.transactionHash)).toEqual([again.transactionHash]);
    // Someone else re-posting it is refused before the store is touched.
    const copied = await send(eve, { kind: "handshake", recipientTag: PREKEY_HANDSHAKE_TAG, payload: started.message.payload });
    const stolen = await receive(bob, bobStore, copied.blockNumber, copied.blockNumber);
    expect(stolen.accepted).toEqual([]);
    expect(stolen.rejected.map((r) => (r.error as { code: string }).code)).toEqual(["HANDSHAKE_SENDER_NOT_AUTHORIZED"]);
    await bobStore.close();
  });

  it("a bundle with a bad signature, another account's bundle or an unverifiable binding is passed over", async () => {
    const bobBundle = (await find(bob))!;
    // Eve re-posts Bob's bundle: records are indexed by the account they declare, so it is Bob's (and still his),
    // and nothing appears under Eve.
    await send(eve, { kind: "prekeys", bundle: bobBundle.bytes });
    expect(await find(eve)).toBeNull();
    expect((await find(bob))!.hash).toEqual(bobBundle.hash);

    // Frank publishes a good bundle; then junk is posted under his account (anyone may post there): a corrupted copy
    // and a bundle signed by his identity key but carrying a binding his account never signed. Each is reported and
    // passed over; the newest VALID bundle is still found.
    const frankStore = await createMemoryStore();
    await publishPrekeys(frank, frankStore);
    const good = (await find(frank))!;
    expect(good.account).toBe(address(frank));
    const corrupted = good.bytes.slice();
    corrupted[corrupted.length - 1]! ^= 0x01;
    await send(eve, { kind: "prekeys", bundle: corrupted });
    const forgedBinding = { ...frank.binding, signature: alice.binding.signature };
    const { bundle } = await createPrekeyBundle(frank.identity, forgedBinding, { ...deployment, prekeyId: 5, now: await chainTime() });
    await send(frank, { kind: "prekeys", bundle });
    const invalid: string[] = [];
    const found = await findPrekeyBundle(chain.publicClient, {
      account: address(frank),
      ...deployment,
      fromBlock: chain.deployment.deployBlock,
      onInvalid: (error) => invalid.push((error as { code: string }).code),
    });
    expect(found!.hash).toEqual(good.hash);
    expect(invalid).toEqual(["PREKEY_BUNDLE_BAD_BINDING", "PREKEY_BUNDLE_BAD_SIGNATURE"]);
  });

  it("the newest bundle is found searching backwards, however old it is", async () => {
    const newest = async (initialBlockRange: bigint) =>
      fetchNewestLog(chain.publicClient, { address: deployment.contract, event: "Prekeys", tags: [accountTopic(address(bob))], fromBlock: 0n, initialBlockRange });
    const published = await newest(5_000n);
    await chain.testClient.mine({ blocks: 300 });
    // Windows of 1, 2, 4... blocks back from the head reach it, and it is the same log.
    expect((await newest(1n))?.transactionHash).toBe(published!.transactionHash);
    expect(await fetchNewestLog(chain.publicClient, { address: deployment.contract, event: "Prekeys", tags: [accountTopic(address(dave))], fromBlock: 0n, initialBlockRange: 7n })).toBeNull();
  });

  it("rotation keeps handshakes to the previous bundle readable during the grace period, and not after", async () => {
    const store = await createMemoryStore();
    const first = (await publishPrekeys(heidi, store))!;
    const stale = (await find(heidi))!;
    expect(stale.prekeyId).toBe(first.prekeyId);
    expect(await publishPrekeys(heidi, store)).toBeNull();

    await chain.testClient.increaseTime({ seconds: PREKEY_ROTATION_SECONDS });
    await chain.testClient.mine({ blocks: 1 });
    const second = (await publishPrekeys(heidi, store))!;
    expect(second.prekeyId).toBe(first.prekeyId + 1);
    expect((await find(heidi))!.prekeyId).toBe(second.prekeyId);

    // Alice fetched the bundle before the rotation: within the grace period her handshake still opens.
    const inGrace = await firstContact(alice, stale, "sent with the old bundle");
    const early = await receive(heidi, store, inGrace.block, inGrace.block);
    expect(early.accepted.map((h) => [read(h.plaintext), h.prekeyId])).toEqual([["sent with the old bundle", first.prekeyId]]);
    expect(await prunePrekeys(store, { scannedThrough: await chainTime(inGrace.block) })).toEqual([]);

    // Once the chain has been scanned past the grace period, the old key is deleted...
    await chain.testClient.increaseTime({ seconds: PREKEY_GRACE_SECONDS });
    await chain.testClient.mine({ blocks: 1 });
    expect(await prunePrekeys(store, { scannedThrough: await chainTime() })).toEqual([first.prekeyId]);

    // ...and a late handshake made with it is never recognised, while the current bundle works.
    const late = await firstContact(alice, stale, "too late");
    const current = await firstContact(carol, (await find(heidi))!, "current bundle");
    const after = await receive(heidi, store, late.block, current.block);
    expect(after.accepted.map((h) => read(h.plaintext))).toEqual(["current bundle"]);
    expect(after.rejected).toEqual([]);
    const lateLog = { payload: late.message.payload };
    await expect(openPrekeyHandshake(lateLog, await loadOwnPrekeys(store))).rejects.toMatchObject({ code: "PREKEY_HANDSHAKE_NOT_OURS" });
  });
});
