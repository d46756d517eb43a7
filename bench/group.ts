import { keccak256, toHex, type Address, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { encodePackedCall, type PackedCall } from "../src/chain/encodePackedCall.ts";
import { encodeMessageContent } from "../src/client/messageContent.ts";
import { createSeededRandom } from "../src/crypto/random.ts";
import { distributionReceipt } from "../src/group/GroupOutbox.ts";
import { GroupService } from "../src/group/GroupService.ts";
import { ratchetEncrypt } from "../src/ratchet/ratchetEncrypt.ts";
import type { RatchetSession } from "../src/ratchet/RatchetSession.ts";
import { createMemoryStore } from "../src/store/backends/memory/createMemoryStore.ts";
import { createTestChain } from "../test/fixtures/createTestChain.ts";
import { sessionPair } from "../test/ratchet/conversation.ts";
import { pseudoRandomBytes, type BenchResult } from "./BenchResult.ts";
import { benchPayloadSizes } from "./payloadSizes.ts";

const size = 50;
const text = "gm! lunch at noon?";

/** Median of `runs` timings of `fn` (which gets an untimed `setup` result), in ms, after `warmup` runs. */
async function median<T>(runs: number, warmup: number, setup: () => Promise<T>, fn: (input: T) => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < warmup + runs; i++) {
    const input = await setup();
    const start = performance.now();
    await fn(input);
    if (i >= warmup) times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/** A 50-member group seen by its creator, with every member marked as holding the creator's key. */
async function creatorOf50(deployment: { chainId: number; contract: Address }) {
  const accounts = Array.from({ length: size }, (_, i) => privateKeyToAccount(keccak256(toHex(`bench group member ${i}`))).address);
  const store = await createMemoryStore({ account: accounts[0] });
  const groups = new GroupService({ store, account: accounts[0]!, ...deployment, random: createSeededRandom("bench group") });
  const created = await groups.createGroup({ name: "fifty", members: accounts });
  await groups.markDistributed(distributionReceipt(created.outbox)!);
  return { groups, groupId: created.groupId, accounts };
}

/**
 * Groups: gas of a group message in a 50-member group against the 1:1 minimal message (goal: at most 1.3x), gas of
 * the first message after a key rotation (the message plus 49 distributions in one transaction), and the time to
 * prepare and encrypt a distribution to 49 members over their 1:1 ratchet sessions.
 */
export async function benchGroup(): Promise<BenchResult[]> {
  const chain = await createTestChain();
  const wallet = chain.walletClients[0]!;
  const gasOf = async (call: PackedCall) => {
    const hash = await wallet.sendTransaction({ to: chain.deployment.address, data: encodePackedCall(call) });
    const receipt = await chain.publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`benchmark transaction reverted: ${hash}`);
    return Number(receipt.gasUsed);
  };
  const deployment = { chainId: chain.deployment.chainId, contract: chain.deployment.address };

  // The 1:1 minimal message exactly as bench/gas.ts measures `gas.message.min`.
  const sizes = await benchPayloadSizes();
  const topic = (i: number): Hex => `0x${keccak256(toHex(`bench tag ${i}`)).slice(2, 34)}${"0".repeat(32)}`;
  const baseline = await gasOf({ kind: "message", topic: topic(1), payload: pseudoRandomBytes(sizes.minMessage, 1) });

  // A real group payload of the same text: the largest of 50 (padding jitter varies), like the 1:1 size.
  const { groups, groupId, accounts } = await creatorOf50(deployment);
  const work = groups.begin();
  let largest = await work.prepareMessage(groupId, encodeMessageContent(text));
  for (let i = 1; i < 50; i++) {
    const next = await work.prepareMessage(groupId, encodeMessageContent(text));
    if (next.payload.length > largest.payload.length) largest = next;
  }
  if (largest.outbox.messages.length) throw new Error("every member should already hold the key");
  const groupGas = await gasOf({ kind: "message", topic: largest.topic, payload: largest.payload });

  // First message after a rotation: 49 distributions as 1:1 messages, then the group message, in one batch.
  const rotated = await groups.removeMembers(groupId, [accounts[size - 1]!]);
  await groups.markDistributed(distributionReceipt(rotated.outbox)!);
  await groups.forgetDistributed(groupId, accounts);
  const afterRotation = await groups.prepareMessage(groupId, encodeMessageContent(text));
  const sessions: RatchetSession[] = [];
  for (let i = 0; i < afterRotation.outbox.messages.length; i++) sessions.push((await sessionPair(`bench fanout ${i}`)).responder);
  const batch: { topic: Hex; payload: Uint8Array }[] = [];
  for (const [i, m] of afterRotation.outbox.messages.entries()) {
    const out = await ratchetEncrypt(sessions[i]!, m.plaintext);
    batch.push({ topic: out.topic, payload: out.payload });
  }
  batch.push({ topic: afterRotation.topic, payload: afterRotation.payload });
  const rotationGas = await gasOf({ kind: "batch", messages: batch });
  await chain.close();

  // Fan-out: prepare the distributions of a new key to 49 members and encrypt each over its 1:1 session. Cold:
  // each session's next message starts a new sending chain (a DH ratchet step), the case after a quiet period.
  const fanout = (pick: "initiator" | "responder") =>
    median(
      9,
      2,
      async () => {
        const { groups: g, groupId: id, accounts: members } = await creatorOf50(deployment);
        await g.forgetDistributed(id, members);
        const pairs = await Promise.all(Array.from({ length: size - 1 }, (_, i) => sessionPair(`bench fanout ${pick} ${i}`)));
        return { g, id, sessions: pairs.map((p) => p[pick]) };
      },
      async ({ g, id, sessions: s }) => {
        const w = g.begin();
        const outbox = await w.prepareDistributions(id);
        for (const [i, m] of outbox.messages.entries()) await ratchetEncrypt(s[i]!, m.plaintext);
        await w.commit();
      },
    );
  const cold = await fanout("initiator");
  const warm = await fanout("responder");

  return [
    { name: "gas.group50.message", value: groupGas, unit: "gas", goal: { max: Math.floor(baseline * 1.3) } },
    { name: "gas.group50.message.ratio", value: groupGas / baseline, unit: "x gas.message.min", goal: { max: 1.3 } },
    { name: "gas.group50.message.bytes", value: largest.payload.length, unit: "bytes" },
    { name: "gas.group50.rotation", value: rotationGas, unit: "gas" },
    { name: "gas.group50.rotation.perMember", value: rotationGas / (size - 2), unit: "gas" },
    { name: "crypto.group50.fanoutMs", value: cold, unit: "ms" },
    { name: "crypto.group50.fanoutMs.warm", value: warm, unit: "ms" },
  ];
}
