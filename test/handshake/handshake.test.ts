import { bytesToHex, type Address } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { beforeAll, describe, expect, it } from "vitest";
import { createSeededRandom } from "../../src/crypto/random.ts";
import { completeHandshake, matchHandshakeResponse } from "../../src/handshake/completeHandshake.ts";
import { initiateHandshake } from "../../src/handshake/initiateHandshake.ts";
import { openHandshake, type OpenedHandshake } from "../../src/handshake/openHandshake.ts";
import { recipientTag } from "../../src/handshake/recipientTag.ts";
import { respondToHandshake } from "../../src/handshake/respondToHandshake.ts";
import { ratchetDecrypt } from "../../src/ratchet/ratchetDecrypt.ts";
import { ratchetEncrypt } from "../../src/ratchet/ratchetEncrypt.ts";
import { decodeHandshakeSecret, encodeHandshakeSecret } from "../../src/wire/handshakeSecretCodec.ts";
import { testUser, type TestUser } from "../fixtures/testIdentities.ts";

const deployment = { chainId: 31337, contract: "0x5FbDB2315678afecb367f032d93F642f64180aa3" as Address };
const relayer = privateKeyToAccount("0x1111111111111111111111111111111111111111111111111111111111111111").address;
let alice: TestUser;
let bob: TestUser;
let carol: TestUser;
let bobRelayed: TestUser;

beforeAll(async () => {
  [alice, bob, carol, bobRelayed] = await Promise.all([
    testUser("alice", deployment),
    testUser("bob", deployment),
    testUser("carol", deployment),
    testUser("bob", deployment, { delegates: [relayer] }),
  ]);
});

const text = (t: string) => new TextEncoder().encode(t);

async function handshakeAliceToBob(note = "hi bob") {
  const random = createSeededRandom(`hs-${note}`);
  const started = await initiateHandshake(alice.identity, alice.binding, { recipient: bob.wallet.address, note, ...deployment, random });
  const opened = await openHandshake(started.message.payload, { sender: alice.wallet.address, recipient: bob.wallet.address, ...deployment });
  return { started, opened, random };
}

describe("interactive hybrid handshake", () => {
  it("completes, and both sides can talk at once (responder first)", async () => {
    const { started, opened, random } = await handshakeAliceToBob();
    expect(started.message.recipientTag).toBe(recipientTag(bob.wallet.address));
    expect(opened.initiator.binding.account).toBe(alice.wallet.address);
    expect(opened.initiator.device).toBe(0);
    expect(opened.note).toBe("hi bob");

    const responded = await respondToHandshake(bob.identity, bob.binding, opened, { note: "hey alice", random });
    const completed = await completeHandshake(started.secret, { ...responded.message, sender: bob.wallet.address });
    expect(completed.peer.binding.account).toBe(bob.wallet.address);
    expect(completed.note).toBe("hey alice");

    let bobSession = responded.session;
    let aliceSession = completed.session;
    const first = await ratchetEncrypt(bobSession, text("bob speaks first"));
    bobSession = first.session;
    const got = await ratchetDecrypt(aliceSession, first.payload, { topic: first.topic });
    aliceSession = got.session;
    expect(new TextDecoder().decode(got.plaintext)).toBe("bob speaks first");
    const reply = await ratchetEncrypt(aliceSession, text("alice replies"));
    expect(new TextDecoder().decode((await ratchetDecrypt(bobSession, reply.payload, { topic: reply.topic })).plaintext)).toBe("alice replies");
  });

  it("a third party answering someone else's handshake is rejected by the initiator", async () => {
    const { started, opened } = await handshakeAliceToBob("for bob only");
    // Carol sees Alice's public handshake and answers it as herself.
    const hijacked: OpenedHandshake = { ...opened, recipient: carol.wallet.address };
    const forged = await respondToHandshake(carol.identity, carol.binding, hijacked);
    await expect(completeHandshake(started.secret, { ...forged.message, sender: carol.wallet.address })).rejects.toMatchObject({
      code: "HANDSHAKE_WRONG_RESPONDER",
    });
    // Posting it from Bob's address does not help: the binding inside still names Carol.
    await expect(completeHandshake(started.secret, { ...forged.message, sender: bob.wallet.address })).rejects.toMatchObject({
      code: "HANDSHAKE_WRONG_RESPONDER",
    });
  });

  it("a handshake re-addressed to someone else fails its signature", async () => {
    const { started } = await handshakeAliceToBob("re-address");
    await expect(
      openHandshake(started.message.payload, { sender: alice.wallet.address, recipient: carol.wallet.address, ...deployment }),
    ).rejects.toMatchObject({ code: "HANDSHAKE_BAD_SIGNATURE" });
  });

  it("a log whose sender is neither the bound account nor a delegate is rejected (both directions)", async () => {
    const { started, opened } = await handshakeAliceToBob("sender");
    await expect(
      openHandshake(started.message.payload, { sender: carol.wallet.address, recipient: bob.wallet.address, ...deployment }),
    ).rejects.toMatchObject({ code: "HANDSHAKE_SENDER_NOT_AUTHORIZED" });

    const responded = await respondToHandshake(bobRelayed.identity, bobRelayed.binding, opened);
    await expect(completeHandshake(started.secret, { ...responded.message, sender: carol.wallet.address })).rejects.toMatchObject({
      code: "HANDSHAKE_SENDER_NOT_AUTHORIZED",
    });
    // The delegate named in Bob's binding may submit for him.
    const viaRelayer = await completeHandshake(started.secret, { ...responded.message, sender: relayer });
    expect(viaRelayer.peer.binding.delegates).toEqual([relayer]);
  });

  it("a handshake on another chain or contract does not verify: its signature covers the deployment", async () => {
    const { started } = await handshakeAliceToBob("deployment");
    for (const other of [{ chainId: 1, contract: deployment.contract }, { chainId: 31337, contract: relayer }]) {
      await expect(
        openHandshake(started.message.payload, { sender: alice.wallet.address, recipient: bob.wallet.address, ...other }),
      ).rejects.toMatchObject({ code: "HANDSHAKE_BAD_SIGNATURE" });
    }
    // And we refuse to initiate with a binding made for another deployment.
    await expect(
      initiateHandshake(alice.identity, alice.binding, { recipient: bob.wallet.address, chainId: 1, contract: deployment.contract }),
    ).rejects.toMatchObject({ code: "CRYPTO_INVALID_KEY" });
  });

  it("any bit flip in the handshake or the response is rejected", async () => {
    const { started, opened } = await handshakeAliceToBob("flips");
    const responded = await respondToHandshake(bob.identity, bob.binding, opened);
    const random = createSeededRandom("flip positions");
    for (let i = 0; i < 40; i++) {
      const hs = started.message.payload.slice();
      hs[random(2).reduce((a, b) => a * 256 + b) % hs.length]! ^= 1 << (random(1)[0]! % 8);
      await expect(openHandshake(hs, { sender: alice.wallet.address, recipient: bob.wallet.address, ...deployment })).rejects.toHaveProperty("code");

      const resp = responded.message.payload.slice();
      resp[random(2).reduce((a, b) => a * 256 + b) % resp.length]! ^= 1 << (random(1)[0]! % 8);
      await expect(completeHandshake(started.secret, { ...responded.message, payload: resp, sender: bob.wallet.address })).rejects.toHaveProperty(
        "code",
      );
    }
    const wrongTag = `0x${"11".repeat(32)}` as const;
    await expect(completeHandshake(started.secret, { ...responded.message, responseTag: wrongTag, sender: bob.wallet.address })).rejects.toMatchObject({
      code: "HANDSHAKE_TAG_MISMATCH",
    });
  });

  it("matches a response among many pending handshakes, relayed or not", async () => {
    const users = await Promise.all(Array.from({ length: 12 }, (_, i) => testUser(`peer-${i}`, deployment)));
    const pending = await Promise.all(
      users.map((u) => initiateHandshake(alice.identity, alice.binding, { recipient: u.wallet.address, ...deployment })),
    );
    const target = 7;
    const opened = await openHandshake(pending[target]!.message.payload, {
      sender: alice.wallet.address,
      recipient: users[target]!.wallet.address,
      ...deployment,
    });
    const responded = await respondToHandshake(users[target]!.identity, users[target]!.binding, opened);
    const secrets = pending.map((p) => p.secret);
    const match = await matchHandshakeResponse(secrets, { ...responded.message, sender: users[target]!.wallet.address });
    expect(match?.secret).toBe(secrets[target]);
    // A response from an account we never addressed matches nothing.
    const stray = await respondToHandshake(carol.identity, carol.binding, { ...opened, recipient: carol.wallet.address });
    expect(await matchHandshakeResponse(secrets.filter((_, i) => i !== target), { ...stray.message, sender: carol.wallet.address })).toBeNull();
  });

  it("the response shows observers neither the responder's ratchet key nor its identity", async () => {
    const { opened } = await handshakeAliceToBob("observer");
    const responded = await respondToHandshake(bob.identity, bob.binding, opened);
    const hex = bytesToHex(responded.message.payload);
    const ratchetKey = bytesToHex(responded.session.ourRatchetKey!.publicKey).slice(2);
    expect(hex.includes(ratchetKey)).toBe(false);
    expect(hex.includes(bob.wallet.address.slice(2).toLowerCase())).toBe(false);
    expect(hex.includes(bob.binding.devices[0]!.ed25519.slice(2).toLowerCase())).toBe(false);
  });

  it("the pending secret survives its codec exactly", async () => {
    const { started } = await handshakeAliceToBob("codec");
    const bytes = encodeHandshakeSecret(started.secret);
    expect(decodeHandshakeSecret(bytes)).toEqual(started.secret);
    expect(() => decodeHandshakeSecret(bytes.subarray(1))).toThrow(expect.objectContaining({ code: "WIRE_UNKNOWN_VERSION" }));
    expect(() => decodeHandshakeSecret(bytes.subarray(0, 100))).toThrow(expect.objectContaining({ code: "WIRE_TRUNCATED" }));
  });
});
