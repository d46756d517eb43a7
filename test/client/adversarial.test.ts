import { getAddress, hexToBytes, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RejectedLog } from "../../src/client/ClientEvents.ts";
import { encodePackedCall } from "../../src/chain/encodePackedCall.ts";
import { ed25519PublicKey } from "../../src/crypto/ed25519.ts";
import { x25519PublicKey } from "../../src/crypto/x25519.ts";
import { initiateHandshake } from "../../src/handshake/initiateHandshake.ts";
import { openHandshake } from "../../src/handshake/openHandshake.ts";
import { respondToHandshake } from "../../src/handshake/respondToHandshake.ts";
import { createIdentity } from "../../src/identity/createIdentity.ts";
import { createKeyBinding } from "../../src/identity/createKeyBinding.ts";
import { createTestChain, type TestChain } from "../fixtures/createTestChain.ts";
import { createTestClient, syncUntil, type TestClientUser } from "../fixtures/createTestClients.ts";

let chain: TestChain;
let alice: TestClientUser;
let bob: TestClientUser;
let carol: TestClientUser;
let conversationId: Hex;
const rejected: Record<string, RejectedLog[]> = { alice: [], bob: [] };

async function post(from: number, data: Hex) {
  const hash = await chain.walletClients[from]!.sendTransaction({ to: chain.deployment.address, data });
  await chain.publicClient.waitForTransactionReceipt({ hash });
}

beforeAll(async () => {
  chain = await createTestChain();
  alice = await createTestClient(chain, 1);
  bob = await createTestClient(chain, 2);
  carol = await createTestClient(chain, 3);
  alice.client.on("rejected", (r) => rejected.alice!.push(r));
  bob.client.on("rejected", (r) => rejected.bob!.push(r));
  await alice.client.startConversation(bob.wallet.account.address);
  await syncUntil([bob.client], async () => (await bob.client.requests("pending")).length === 1);
  ({ conversationId } = await bob.client.acceptHandshake((await bob.client.requests("pending"))[0]!.id));
  await syncUntil([alice.client], async () => (await alice.client.conversations()).length === 1);
  await alice.client.sendMessage(conversationId, "hello bob");
  await syncUntil([bob.client], async () => (await bob.client.messages(conversationId)).length === 1);
  // Carol also talks with Bob, so her address is in Bob's log filter: her logs reach the client's own checks.
  await carol.client.startConversation(bob.wallet.account.address);
  await syncUntil([bob.client], async () => (await bob.client.requests("pending")).length === 1);
  await bob.client.acceptHandshake((await bob.client.requests("pending"))[0]!.id);
  await syncUntil([carol.client], async () => (await carol.client.conversations()).length === 1);
});
afterAll(() => chain.close());

async function bobState() {
  return { session: await bob.store.sessions.get(conversationId), messages: (await bob.client.messages(conversationId)).map((m) => m.id) };
}

describe("adversarial logs are rejected with typed reasons and change nothing", () => {
  it("a stranger posting on a conversation's topic", async () => {
    const before = await bobState();
    const topic = before.session!.inboundTopics[0]!;
    // Carol posts a message-shaped payload on the topic of Alice's conversation with Bob.
    await post(3, encodePackedCall({ kind: "message", topic, payload: new Uint8Array(85).fill(7) }));
    await bob.client.sync();
    expect(await bobState()).toEqual(before);
    expect(rejected.bob!.at(-1)).toMatchObject({ reason: "HANDSHAKE_SENDER_NOT_AUTHORIZED", sender: getAddress(carol.wallet.account.address) });
  });

  it("a replayed old message (re-posted by the genuine sender in a new transaction)", async () => {
    const [first] = (await bob.client.messages(conversationId)).filter((m) => m.direction === "in");
    const tx = await chain.publicClient.getTransaction({ hash: first!.txHash! });
    const before = await bobState();
    await post(1, tx.input);
    await bob.client.sync();
    expect(await bobState()).toEqual(before);
    expect(rejected.bob!.at(-1)).toMatchObject({ reason: "RATCHET_KEY_UNAVAILABLE", sender: getAddress(alice.wallet.account.address) });
  });

  it("a third party answering someone else's handshake", async () => {
    // Alice waits for Bob and for Carol; Carol answers the handshake Alice sent to Dave.
    const dave = await createTestClient(chain, 4);
    await alice.client.startConversation(dave.wallet.account.address);
    await alice.client.startConversation(carol.wallet.account.address);
    const handshakeToDave = (await chain.publicClient.getLogs({ address: chain.deployment.address, fromBlock: 0n })).at(-2)!;
    const payload = hexToBytes(`0x${handshakeToDave.data.slice(130, 130 + 2 * Number(BigInt(`0x${handshakeToDave.data.slice(66, 130)}`)))}`);
    const opened = await openHandshake(payload, {
      sender: alice.wallet.account.address,
      recipient: dave.wallet.account.address,
      chainId: chain.deployment.chainId,
      contract: chain.deployment.address,
    });
    const forged = await respondToHandshake(carol.identity, carol.binding, { ...opened, recipient: carol.identity.account });
    await alice.client.sync(); // settle legitimate bookkeeping (topic catch-ups) before the snapshot
    const sessionsBefore = await alice.store.sessions.list();
    await post(3, encodePackedCall({ kind: "response", responseTag: forged.message.responseTag, payload: forged.message.payload }));
    await alice.client.sync();
    expect(await alice.store.sessions.list()).toEqual(sessionsBefore);
    expect(rejected.alice!.at(-1)).toMatchObject({ reason: "HANDSHAKE_WRONG_RESPONDER" });
    expect(await alice.store.pendingHandshakes.getByPeer(dave.identity.account)).toHaveLength(1);
  });

  it("a 'session reset' claiming an existing contact without a valid binding", async () => {
    // Mallory binds her own keys to Alice's account (signed by herself, naming herself as delegate).
    const mallory = privateKeyToAccount("0x7777777777777777777777777777777777777777777777777777777777777777");
    const seed = new Uint8Array(32).fill(9);
    const xSecret = new Uint8Array(32).fill(11);
    const fake = createIdentity({
      account: alice.identity.account,
      x25519: { secretKey: xSecret, publicKey: await x25519PublicKey(xSecret) },
      ed25519: { seed, publicKey: await ed25519PublicKey(seed) },
      mlKemSeed: new Uint8Array(64).fill(3),
    });
    const fakeBinding = await createKeyBinding(fake, {
      signTypedData: (args) => mallory.signTypedData(args as never),
      chainId: chain.deployment.chainId,
      contract: chain.deployment.address,
      sequence: 1n,
      delegates: [mallory.address],
    });
    await chain.testClient.setBalance({ address: mallory.address, value: 10n ** 18n });
    const { message } = await initiateHandshake(fake, fakeBinding, {
      recipient: bob.identity.account,
      chainId: chain.deployment.chainId,
      contract: chain.deployment.address,
    });
    const before = { state: await bobState(), requests: await bob.client.requests() };
    await chain.testClient.impersonateAccount({ address: mallory.address });
    const hash = await chain.walletClients[0]!.sendTransaction({
      account: mallory.address,
      to: chain.deployment.address,
      data: encodePackedCall({ kind: "handshake", recipientTag: message.recipientTag, payload: message.payload }),
    });
    await chain.publicClient.waitForTransactionReceipt({ hash });
    await bob.client.sync();
    expect({ state: await bobState(), requests: await bob.client.requests() }).toEqual(before);
    expect(rejected.bob!.at(-1)).toMatchObject({ reason: "CLIENT_BINDING_INVALID", sender: getAddress(mallory.address) });
  });
});
