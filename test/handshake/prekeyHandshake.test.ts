import { bytesToHex, concatBytes, hexToBytes, type Address } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { beforeAll, describe, expect, it } from "vitest";
import { aeadOpen, aeadSeal } from "../../src/crypto/aead.ts";
import { sha256 } from "../../src/crypto/kdf.ts";
import { createSeededRandom } from "../../src/crypto/random.ts";
import { x25519 } from "../../src/crypto/x25519.ts";
import { acceptPrekeyHandshake } from "../../src/handshake/acceptPrekeyHandshake.ts";
import { createPrekeyBundle } from "../../src/handshake/createPrekeyBundle.ts";
import { initiatePrekeyHandshake } from "../../src/handshake/initiatePrekeyHandshake.ts";
import { openPrekeyBundle } from "../../src/handshake/openPrekeyBundle.ts";
import type { OwnPrekey } from "../../src/handshake/OwnPrekey.ts";
import type { PrekeyBundle } from "../../src/handshake/PrekeyBundle.ts";
import { prekeyBoxKey, prekeyViewTag } from "../../src/handshake/prekeyKdf.ts";
import { recipientTag } from "../../src/handshake/recipientTag.ts";
import { openPrekeyHandshake, scanPrekeyHandshakes } from "../../src/handshake/scanPrekeyHandshakes.ts";
import { ratchetDecrypt } from "../../src/ratchet/ratchetDecrypt.ts";
import { ratchetEncrypt } from "../../src/ratchet/ratchetEncrypt.ts";
import { encodeKeyBinding } from "../../src/wire/keyBindingCodec.ts";
import { PREKEY_HANDSHAKE_TAG, splitPrekeyHandshake } from "../../src/wire/prekeyHandshakePayload.ts";
import { encodeSession } from "../../src/wire/sessionCodec.ts";
import { testUser, type TestUser } from "../fixtures/testIdentities.ts";

const deployment = { chainId: 31337, contract: "0x5FbDB2315678afecb367f032d93F642f64180aa3" as Address };
const relayer = privateKeyToAccount("0x2222222222222222222222222222222222222222222222222222222222222222").address;
const text = (t: string) => new TextEncoder().encode(t);
const read = (b: Uint8Array) => new TextDecoder().decode(b);
const zeroNonce = new Uint8Array(24);

type Published = { bundle: PrekeyBundle; prekey: OwnPrekey };
let alice: TestUser;
let aliceRelayed: TestUser;
let bob: TestUser;
let carol: TestUser;
let bobKeys: Published;
let carolKeys: Published;

async function publish(user: TestUser, prekeyId = 1, seed = `${user.wallet.address}-${prekeyId}`): Promise<Published> {
  const { bundle, prekey } = await createPrekeyBundle(user.identity, user.binding, {
    ...deployment,
    prekeyId,
    now: 1_700_000_000,
    random: createSeededRandom(seed),
  });
  return { bundle: await openPrekeyBundle(bundle, { account: user.wallet.address, ...deployment }), prekey };
}

beforeAll(async () => {
  [alice, aliceRelayed, bob, carol] = await Promise.all([
    testUser("alice", deployment),
    testUser("alice", deployment, { delegates: [relayer] }),
    testUser("bob", deployment),
    testUser("carol", deployment),
  ]);
  [bobKeys, carolKeys] = await Promise.all([publish(bob), publish(carol)]);
});

async function aliceToBob(message = "hi bob, it's alice", from: TestUser = alice) {
  const started = await initiatePrekeyHandshake(from.identity, from.binding, bobKeys.bundle, { firstMessage: text(message) });
  return { started, log: { payload: started.message.payload, sender: from.wallet.address } };
}

const context = (sender: Address) => ({ sender, ...deployment });

describe("prekey handshake", () => {
  it("delivers the first message in the handshake itself, and the conversation goes on both ways", async () => {
    const { started, log } = await aliceToBob();
    expect(started.message.recipientTag).toBe(PREKEY_HANDSHAKE_TAG);

    const [candidate] = await scanPrekeyHandshakes([log], [bobKeys.prekey]);
    const accepted = await acceptPrekeyHandshake(bob.identity, candidate!, bobKeys.prekey, context(alice.wallet.address));
    expect(read(accepted.plaintext)).toBe("hi bob, it's alice");
    expect(accepted.peer.binding.account).toBe(alice.wallet.address);
    expect(accepted.position).toEqual(started.position);
    expect(bytesToHex(accepted.baseKey)).toBe(bytesToHex(splitPrekeyHandshake(log.payload).ephemeralKey));

    // Alice keeps talking before Bob answers: ordinary messages on her epoch-0 topic, which Bob listens to.
    let aliceSession = started.session;
    let bobSession = accepted.session;
    const second = await ratchetEncrypt(aliceSession, text("are you there?"));
    aliceSession = second.session;
    expect(second.topic).toBe(started.position.topic);
    const got = await ratchetDecrypt(bobSession, second.payload, { topic: second.topic });
    bobSession = got.session;
    expect(read(got.plaintext)).toBe("are you there?");

    // Bob's reply makes the first DH step, on the topic Alice announced as `next`.
    expect(aliceSession.next).not.toBeNull();
    const reply = await ratchetEncrypt(bobSession, text("back now!"));
    bobSession = reply.session;
    expect(reply.topic).toBe(aliceSession.next!.topic);
    const gotReply = await ratchetDecrypt(aliceSession, reply.payload, { topic: reply.topic });
    aliceSession = gotReply.session;
    expect(read(gotReply.plaintext)).toBe("back now!");
    const again = await ratchetEncrypt(aliceSession, text("great"));
    expect(read((await ratchetDecrypt(bobSession, again.payload, { topic: again.topic })).plaintext)).toBe("great");
  });

  it("neither session holds the recipient's signed prekey secret (it must die with its grace period)", async () => {
    const { started, log } = await aliceToBob("no long-lived keys in sessions");
    const [candidate] = await scanPrekeyHandshakes([log], [bobKeys.prekey]);
    const accepted = await acceptPrekeyHandshake(bob.identity, candidate!, bobKeys.prekey, context(alice.wallet.address));
    const spk = bytesToHex(bobKeys.prekey.signedPrekey.secretKey).slice(2);
    expect(bytesToHex(encodeSession(accepted.session)).includes(spk)).toBe(false);
    expect(bytesToHex(encodeSession(started.session)).includes(spk)).toBe(false);
    expect(accepted.session.ourRatchetKey).toBeNull();
  });

  it("a bundle with a bad signature, for another account or another deployment is rejected", async () => {
    const bytes = bobKeys.bundle.bytes;
    const flipped = bytes.slice();
    flipped[flipped.length - 5]! ^= 0x10;
    await expect(openPrekeyBundle(flipped, { account: bob.wallet.address, ...deployment })).rejects.toMatchObject({
      code: "PREKEY_BUNDLE_BAD_SIGNATURE",
    });
    // A flipped key byte (in the signed prekey): the signature no longer covers the bytes.
    const keyFlipped = bytes.slice();
    keyFlipped[40]! ^= 0x01;
    await expect(openPrekeyBundle(keyFlipped, { account: bob.wallet.address, ...deployment })).rejects.toMatchObject({
      code: "PREKEY_BUNDLE_BAD_SIGNATURE",
    });
    // Carol re-publishing Bob's bundle under her address.
    await expect(openPrekeyBundle(bytes, { account: carol.wallet.address, ...deployment })).rejects.toMatchObject({
      code: "PREKEY_BUNDLE_WRONG_ACCOUNT",
    });
    // Bob's bundle found on another chain: the signature covers the deployment.
    await expect(openPrekeyBundle(bytes, { account: bob.wallet.address, chainId: 1, contract: deployment.contract })).rejects.toMatchObject({
      code: "PREKEY_BUNDLE_BAD_SIGNATURE",
    });
    await expect(openPrekeyBundle(concatBytes([Uint8Array.of(3), bytes.subarray(1)]), { account: bob.wallet.address, ...deployment })).rejects.toMatchObject({
      code: "WIRE_UNKNOWN_VERSION",
    });
    // The declared account (bytes 1..20, what the contract indexes) must be the binding's.
    const relabelled = bytes.slice();
    relabelled.set(hexToBytes(carol.wallet.address), 1);
    await expect(openPrekeyBundle(relabelled, { account: carol.wallet.address, ...deployment })).rejects.toMatchObject({
      code: "WIRE_INVALID_FIELD",
    });
  });

  it("a recipient dismisses handshakes for others, and a direct attempt says so", async () => {
    const { log } = await aliceToBob("for bob only");
    expect(await scanPrekeyHandshakes([log], [carolKeys.prekey])).toEqual([]);
    await expect(openPrekeyHandshake(log, [carolKeys.prekey])).rejects.toMatchObject({ code: "PREKEY_HANDSHAKE_NOT_OURS" });
    // Several live prekeys (grace period): found with whichever it was made for.
    const bobNext = await publish(bob, 2);
    const found = await scanPrekeyHandshakes([log], [bobNext.prekey, bobKeys.prekey]);
    expect(found.map((c) => c.prekeyId)).toEqual([1]);
    // Garbage and truncated payloads are foreign logs, not errors.
    expect(await scanPrekeyHandshakes([{ payload: new Uint8Array(10) }, { payload: log.payload.subarray(0, 500) }], [bobKeys.prekey])).toEqual([]);
  });

  it("the log's sender must be the initiator or one of its delegates", async () => {
    const { log } = await aliceToBob("sender check");
    const [candidate] = await scanPrekeyHandshakes([log], [bobKeys.prekey]);
    await expect(acceptPrekeyHandshake(bob.identity, candidate!, bobKeys.prekey, context(carol.wallet.address))).rejects.toMatchObject({
      code: "HANDSHAKE_SENDER_NOT_AUTHORIZED",
    });
    const relayed = await aliceToBob("via my relayer", aliceRelayed);
    const [viaRelayer] = await scanPrekeyHandshakes([relayed.log], [bobKeys.prekey]);
    const accepted = await acceptPrekeyHandshake(bob.identity, viaRelayer!, bobKeys.prekey, context(relayer));
    expect(read(accepted.plaintext)).toBe("via my relayer");
  });

  it("a box re-sealed with another binding fails the signature; an altered first message fails decryption", async () => {
    const { log } = await aliceToBob("tamper");
    const reseal = async (edit: (plain: Uint8Array) => Uint8Array) => {
      const { header, ephemeralKey, box } = splitPrekeyHandshake(log.payload);
      const dh = await x25519(bobKeys.prekey.signedPrekey.secretKey, ephemeralKey);
      const key = prekeyBoxKey(dh);
      const plain = edit(aeadOpen(key, zeroNonce, box, header));
      const payload = concatBytes([header, aeadSeal(key, zeroNonce, plain, header)]);
      const [candidate] = await scanPrekeyHandshakes([{ payload }], [bobKeys.prekey]);
      return candidate!;
    };
    const aliceBinding = encodeKeyBinding(alice.binding);
    const carolBinding = encodeKeyBinding(carol.binding);
    expect(aliceBinding.length).toBe(carolBinding.length);
    const swapped = await reseal((plain) => {
      const out = plain.slice();
      out.set(carolBinding, 1088);
      return out;
    });
    await expect(acceptPrekeyHandshake(bob.identity, swapped, bobKeys.prekey, context(carol.wallet.address))).rejects.toMatchObject({
      code: "HANDSHAKE_BAD_SIGNATURE",
    });
    const lastByte = await reseal((plain) => {
      const out = plain.slice();
      out[out.length - 1]! ^= 1;
      return out;
    });
    await expect(acceptPrekeyHandshake(bob.identity, lastByte, bobKeys.prekey, context(alice.wallet.address))).rejects.toMatchObject({
      code: "PREKEY_FIRST_MESSAGE_FAILED",
    });
    // Any flip of the posted bytes: the handshake is no longer recognised at all.
    const random = createSeededRandom("prekey flips");
    for (let i = 0; i < 30; i++) {
      const payload = log.payload.slice();
      payload[random(2).reduce((a, b) => a * 256 + b) % payload.length]! ^= 1 << (random(1)[0]! % 8);
      expect(await scanPrekeyHandshakes([{ payload }], [bobKeys.prekey])).toEqual([]);
    }
  });

  it("refuses to start a handshake with ourselves or with a binding for another deployment", async () => {
    const own = await publish(alice);
    await expect(initiatePrekeyHandshake(alice.identity, alice.binding, own.bundle, { firstMessage: text("me") })).rejects.toMatchObject({
      code: "HANDSHAKE_SELF",
    });
    await expect(
      initiatePrekeyHandshake(alice.identity, alice.binding, { ...bobKeys.bundle, chainId: 1 }, { firstMessage: text("x") }),
    ).rejects.toMatchObject({ code: "CRYPTO_INVALID_KEY" });
  });
});

describe("what an observer sees of a prekey handshake", () => {
  const contains = (haystack: string, needle: Uint8Array) => {
    const hex = bytesToHex(needle).slice(2);
    for (let k = 0; k + 16 <= hex.length; k += 8) if (haystack.includes(hex.slice(k, k + 16))) return true;
    return false;
  };

  it("nothing public names the recipient, and the view tag is not computable from public data", async () => {
    const recipients = [
      { user: bob, keys: bobKeys },
      { user: carol, keys: carolKeys },
    ];
    const handshakes: { to: number; payload: Uint8Array; topic: string }[] = [];
    for (let i = 0; i < 48; i++) {
      const to = i % 2;
      const started = await initiatePrekeyHandshake(alice.identity, alice.binding, recipients[to]!.keys.bundle, { firstMessage: text("same words") });
      handshakes.push({ to, payload: started.message.payload, topic: started.message.recipientTag });
    }
    // One topic for everyone: not the interactive tag of either recipient.
    expect(new Set(handshakes.map((h) => h.topic))).toEqual(new Set([PREKEY_HANDSHAKE_TAG]));
    for (const { user } of recipients) expect(handshakes.some((h) => h.topic === recipientTag(user.wallet.address))).toBe(false);

    // No public value of either recipient appears in any handshake.
    for (const { user, keys } of recipients) {
      const publicValues = [
        hexToBytes(user.wallet.address),
        keys.bundle.signedPrekey,
        keys.bundle.kemPublicKey.subarray(0, 64),
        keys.bundle.hash,
        hexToBytes(user.binding.devices[0]!.x25519),
        hexToBytes(user.binding.devices[0]!.ed25519),
        hexToBytes(user.binding.signature),
        Uint8Array.of(0, 0, 0, keys.bundle.prekeyId, 0, 0, 0, 0),
      ];
      for (const h of handshakes) {
        const hex = bytesToHex(h.payload);
        for (const value of publicValues) expect(contains(hex, value)).toBe(false);
      }
    }

    // An observer's best guesses from public data: hash or DH every public key of a candidate recipient with E
    // (E used as a scalar, the recipient's public keys as points, or the keys themselves as the "shared secret").
    const observerGuesses = async (payload: Uint8Array, r: (typeof recipients)[number]) => {
      const { ephemeralKey } = splitPrekeyHandshake(payload);
      const publicKeys = [r.keys.bundle.signedPrekey, hexToBytes(r.user.binding.devices[0]!.x25519)];
      const guesses = [...publicKeys, r.keys.bundle.hash, sha256(concatBytes([ephemeralKey, r.keys.bundle.signedPrekey]))];
      for (const key of publicKeys) guesses.push(await x25519(ephemeralKey, key));
      return guesses;
    };
    for (const [index, r] of recipients.entries()) {
      const mine = handshakes.filter((h) => h.to === index);
      const hits = new Array<number>(6).fill(0);
      for (const h of mine) {
        const { viewTag, header, box } = splitPrekeyHandshake(h.payload);
        const guesses = await observerGuesses(h.payload, r);
        guesses.forEach((g, i) => {
          if (prekeyViewTag(g) === viewTag) hits[i]!++;
          expect(() => aeadOpen(prekeyBoxKey(g), zeroNonce, box, header)).toThrow();
        });
        // The recipient's secret computes it every time (so a public derivation would show up as 24 hits).
        const real = await x25519(r.keys.prekey.signedPrekey.secretKey, splitPrekeyHandshake(h.payload).ephemeralKey);
        expect(prekeyViewTag(real)).toBe(viewTag);
      }
      // A one-byte tag matches a wrong guess 24/256 times on average: allow chance, nothing like 24 of 24.
      for (const count of hits) expect(count).toBeLessThanOrEqual(4);
    }
    // And a recipient's scan picks out exactly its own handshakes.
    for (const [index, r] of recipients.entries()) {
      const found = await scanPrekeyHandshakes(handshakes, [r.keys.prekey]);
      expect(found.map((c) => c.log)).toEqual(handshakes.filter((h) => h.to === index));
    }
  });
});
