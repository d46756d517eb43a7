import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { hexToBytes, type Address } from "viem";
import { describe, expect, it } from "vitest";
import { createSeededRandom } from "../../src/crypto/random.ts";
import { x25519KeyPair } from "../../src/crypto/x25519.ts";
import { acceptPrekeyHandshake } from "../../src/handshake/acceptPrekeyHandshake.ts";
import { completeHandshake } from "../../src/handshake/completeHandshake.ts";
import { createPrekeyBundle } from "../../src/handshake/createPrekeyBundle.ts";
import { initiateHandshake } from "../../src/handshake/initiateHandshake.ts";
import { initiatePrekeyHandshake } from "../../src/handshake/initiatePrekeyHandshake.ts";
import { openHandshake } from "../../src/handshake/openHandshake.ts";
import { openPrekeyBundle } from "../../src/handshake/openPrekeyBundle.ts";
import { respondToHandshake } from "../../src/handshake/respondToHandshake.ts";
import { scanPrekeyHandshakes } from "../../src/handshake/scanPrekeyHandshakes.ts";
import { DEFAULT_CHAIN_KDF, type ChainKdfVersion } from "../../src/ratchet/chainKdf.ts";
import { createInitiatorSession, createResponderSession } from "../../src/ratchet/createSession.ts";
import { ratchetDecrypt } from "../../src/ratchet/ratchetDecrypt.ts";
import { ratchetEncrypt } from "../../src/ratchet/ratchetEncrypt.ts";
import type { RatchetSession } from "../../src/ratchet/RatchetSession.ts";
import { decodeSession, encodeSession } from "../../src/wire/sessionCodec.ts";
import { testUser } from "../fixtures/testIdentities.ts";
import { sessionPair, testContract } from "./conversation.ts";

const te = new TextEncoder();
const td = new TextDecoder();

/** Plays a conversation between two sessions (both ways, one burst delivered out of order) and checks every text. */
async function converse(alice: RatchetSession, bob: RatchetSession) {
  const sides = { alice, bob };
  const exchange = async (from: "alice" | "bob", texts: string[], order: number[]) => {
    const to = from === "alice" ? "bob" : "alice";
    const sent = [];
    for (const text of texts) {
      const out = await ratchetEncrypt(sides[from], te.encode(text));
      sides[from] = out.session;
      sent.push(out);
    }
    for (const i of order) {
      const got = await ratchetDecrypt(sides[to], sent[i]!.payload, { topic: sent[i]!.topic });
      sides[to] = got.session;
      expect(td.decode(got.plaintext)).toBe(texts[i]);
    }
  };
  const burst = Array.from({ length: 20 }, (_, i) => `burst ${i}`);
  await exchange("alice", ["a0", "a1"], [1, 0]);
  await exchange("bob", burst, [19, 0, 17, 16, 1, 15, 2]);
  await exchange("alice", ["a2"], [0]);
  return sides;
}

describe("chain KDF versions (issue 15): old sessions keep theirs, new sessions get the skip chain", () => {
  it("a session stored before chain KDF 2 (session format 1) decodes as chain KDF 1, keeps talking and keeps its format", async () => {
    const frozen = JSON.parse(readFileSync(fileURLToPath(new URL("../vectors/protocol-v1.json", import.meta.url)), "utf8"));
    const alice = decodeSession(hexToBytes(frozen.sessions.alice));
    const bob = decodeSession(hexToBytes(frozen.sessions.bob));
    expect([alice.chainKdf, bob.chainKdf]).toEqual([1, 1]);
    const after = await converse(alice, bob);
    for (const session of [after.alice, after.bob]) {
      expect(session.chainKdf).toBe(1);
      expect(encodeSession(session)[0]).toBe(1);
    }
  });

  it("sessions of either chain KDF round trip through their session format mid-conversation", async () => {
    for (const chainKdf of [1, 2] as const) {
      const { initiator, responder } = await sessionPair(`versions ${chainKdf}`, undefined, chainKdf);
      const reloaded = (s: RatchetSession) => decodeSession(encodeSession(s));
      const first = await converse(initiator, responder);
      const second = await converse(reloaded(first.alice), reloaded(first.bob));
      expect(second.alice.chainKdf).toBe(chainKdf);
      expect(encodeSession(second.bob)[0]).toBe(chainKdf);
    }
  });

  it("new sessions get chain KDF 2 by default, through handshake format 2 as well; 1 only when both sides are told", async () => {
    const random = createSeededRandom("versions default");
    const ratchetKey = await x25519KeyPair(random);
    const created = createResponderSession({ rootKey: random(32), ratchetKey, chainId: 31337, contract: testContract });
    expect(created.chainKdf).toBe(DEFAULT_CHAIN_KDF);
    expect(DEFAULT_CHAIN_KDF).toBe(2);

    const deployment = { chainId: 31337, contract: testContract as Address };
    const [alice, bob] = await Promise.all([testUser("versions alice", deployment), testUser("versions bob", deployment)]);
    const handshake = async (chainKdf?: ChainKdfVersion) => {
      const started = await initiateHandshake(alice.identity, alice.binding, { recipient: bob.wallet.address, ...deployment });
      const opened = await openHandshake(started.message.payload, { sender: alice.wallet.address, recipient: bob.wallet.address, ...deployment });
      const responded = await respondToHandshake(bob.identity, bob.binding, opened, { chainKdf });
      const completed = await completeHandshake(started.secret, { ...responded.message, sender: bob.wallet.address }, { chainKdf });
      return { alice: completed.session, bob: responded.session };
    };
    // Handshake format 2 creates skip-chain sessions; the linear chain can still be asked for (tests of it).
    for (const [asked, expected] of [[undefined, 2], [1, 1], [2, 2]] as const) {
      const sessions = await handshake(asked);
      expect([sessions.alice.chainKdf, sessions.bob.chainKdf]).toEqual([expected, expected]);
      await converse(sessions.alice, sessions.bob);
    }
  });

  it("the prekey handshake takes the chain KDF the same way (format 2: the skip chain unless both sides are told 1)", async () => {
    const deployment = { chainId: 31337, contract: testContract as Address };
    const [alice, bob] = await Promise.all([testUser("versions prekey alice", deployment), testUser("versions prekey bob", deployment)]);
    const published = await createPrekeyBundle(bob.identity, bob.binding, {
      ...deployment,
      prekeyId: 1,
      now: 1_700_000_000,
      random: createSeededRandom("versions prekey"),
    });
    const bundle = await openPrekeyBundle(published.bundle, { account: bob.wallet.address, ...deployment });
    for (const [asked, expected] of [[undefined, 2], [1, 1], [2, 2]] as const) {
      const started = await initiatePrekeyHandshake(alice.identity, alice.binding, bundle, { firstMessage: te.encode("first"), chainKdf: asked });
      const [candidate] = await scanPrekeyHandshakes([{ payload: started.message.payload, sender: alice.wallet.address }], [published.prekey]);
      const context = { sender: alice.wallet.address, ...deployment, chainKdf: asked };
      const accepted = await acceptPrekeyHandshake(bob.identity, candidate!, published.prekey, context);
      expect(td.decode(accepted.plaintext)).toBe("first");
      expect([started.session.chainKdf, accepted.session.chainKdf]).toEqual([expected, expected]);
      await converse(accepted.session, started.session);
    }
  });

  it("two sides that disagree on the chain KDF cannot read each other: a typed rejection, state unchanged", async () => {
    const random = createSeededRandom("versions disagree");
    const rootKey = random(32);
    const ratchetKey = await x25519KeyPair(random);
    const bob = createResponderSession({ rootKey: rootKey.slice(), ratchetKey, chainId: 31337, contract: testContract, chainKdf: 2 });
    const alice = createInitiatorSession({
      rootKey: rootKey.slice(),
      theirRatchetKey: ratchetKey.publicKey,
      chainId: 31337,
      contract: testContract,
      chainKdf: 1,
    });
    const sent = await ratchetEncrypt(bob, te.encode("hello"));
    const before = encodeSession(alice);
    await expect(ratchetDecrypt(alice, sent.payload, { topic: sent.topic })).rejects.toMatchObject({ code: "CRYPTO_DECRYPTION_FAILED" });
    expect(encodeSession(alice)).toEqual(before);
  });
});
