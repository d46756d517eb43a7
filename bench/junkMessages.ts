import type { Hex } from "viem";
import { MAX_FORWARD_JUMP } from "../src/constants.ts";
import { createSeededRandom } from "../src/crypto/random.ts";
import type { ChainKdfVersion } from "../src/ratchet/chainKdf.ts";
import { sealMessage } from "../src/ratchet/messageCrypto.ts";
import { ratchetDecrypt } from "../src/ratchet/ratchetDecrypt.ts";
import { ratchetEncrypt } from "../src/ratchet/ratchetEncrypt.ts";
import type { RatchetSession } from "../src/ratchet/RatchetSession.ts";
import { sessionPair } from "../test/ratchet/conversation.ts";
import type { BenchResult } from "./BenchResult.ts";

type Log = { payload: Uint8Array; topic: Hex };

const junkKey = createSeededRandom("bench junk keys");
const rounds = 15;

/**
 * What a peer can post on its chain's topic: a valid header (it holds the header key) claiming message `index`,
 * with a body sealed under a key of its choosing, which fails the receiver's body check.
 */
function junk(peer: RatchetSession, index: number): Log {
  const chain = peer.sending!;
  const payload = sealMessage({
    messageKey: junkKey(32),
    headerKey: chain.headerKey,
    topic: chain.topic,
    context: peer.context,
    ratchetKey: peer.ourRatchetKey!.publicKey,
    index,
    body: new Uint8Array(40),
  });
  return { payload, topic: chain.topic };
}

/**
 * A receiver (Bob) whose chain for Alice's current sending chain stands at `position`, the `normal` messages that
 * follow in order, and Alice after a DH step (her next chain, which Bob listens for on its `next` topic).
 */
async function scene(chainKdf: ChainKdfVersion, position: number) {
  let { initiator: alice, responder: bob } = await sessionPair(`bench junk ${chainKdf}`, undefined, chainKdf);
  let out!: Awaited<ReturnType<typeof ratchetEncrypt>>;
  for (let i = 0; i < position; i++) {
    out = await ratchetEncrypt(alice, new Uint8Array(100));
    alice = out.session;
  }
  bob = (await ratchetDecrypt(bob, out.payload, { topic: out.topic })).session;
  const reply = await ratchetEncrypt(bob, new Uint8Array(100));
  bob = reply.session;
  const normal: Log[] = [];
  for (let i = 0; i < 500; i++) {
    out = await ratchetEncrypt(alice, new Uint8Array(100));
    alice = out.session;
    normal.push(out);
  }
  let next = (await ratchetDecrypt(alice, reply.payload, { topic: reply.topic })).session;
  next = (await ratchetEncrypt(next, new Uint8Array(100))).session;
  return { alice, bob, next, normal };
}

/** Time per log to decrypt each of `logs` with `bob`, in ms; every one must be rejected (junk) or accepted (normal). */
async function perLog(bob: RatchetSession, logs: readonly Log[], expect: "accept" | "reject"): Promise<number> {
  let session = bob;
  const start = performance.now();
  for (const log of logs) {
    try {
      const got = await ratchetDecrypt(session, log.payload, { topic: log.topic });
      if (expect === "reject") throw new Error("benchmark junk was accepted");
      session = got.session;
    } catch (error) {
      if (expect === "accept") throw error;
    }
  }
  return (performance.now() - start) / logs.length;
}

/** Median and range of per-round ratios. */
function summary(ratios: number[]): { median: number; min: number; max: number } {
  const sorted = ratios.slice().sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)]!, min: sorted[0]!, max: sorted[sorted.length - 1]! };
}

/**
 * Issue 15, bounded cost of junk (goal: at most 20x a normal decrypt). Each round times, back to back, a normal
 * in-order decrypt and the junk, so each ratio compares neighbours (this machine's speed drifts up to 2x); the
 * figure is the median over rounds, with the worst round beside it. Junk measured:
 * - `junkMessage`: one worst-case log on an established chain, repeated: chain position 30 claiming 2,030, the
 *   costliest pair of all (40 HMACs; test/ratchet/junkCost.test.ts counts every pair).
 * - `junkMessage.newChain`: the same on the peer's announced next chain, which adds a DH and a root step
 *   (position 0 claiming 1,774, the costliest number from 0: 39 HMACs).
 * - `junkFlood`: 400 logs claiming uniformly random numbers within MAX_FORWARD_JUMP, half on each chain.
 * - `junkMessage.linear`: a session of chain KDF 1 (stored before issue 15), claiming the largest jump.
 */
export async function benchJunkMessages(): Promise<BenchResult[]> {
  const skip = await scene(2, 30);
  const linear = await scene(1, 30);
  const pick = createSeededRandom("bench junk numbers");
  const claim = () => {
    const r = pick(2);
    return ((r[0]! << 8) | r[1]!) % (MAX_FORWARD_JUMP + 1);
  };
  const worst = Array.from({ length: 200 }, () => junk(skip.alice, 2_030));
  const worstNext = Array.from({ length: 100 }, () => junk(skip.next, 1_774));
  const flood = Array.from({ length: 400 }, (_, i) => (i % 2 ? junk(skip.alice, 30 + claim()) : junk(skip.next, claim())));
  const linearWorst = Array.from({ length: 5 }, () => junk(linear.alice, 30 + MAX_FORWARD_JUMP));

  const ratios = { worst: [] as number[], next: [] as number[], flood: [] as number[], linear: [] as number[] };
  const normalMs: number[] = [];
  // Junk time per log over the normal decrypt time, timed right before and right after it (averaged).
  const ratioOf = async (side: typeof skip, logs: readonly Log[]) => {
    const before = await perLog(side.bob, side.normal, "accept");
    const junkMs = await perLog(side.bob, logs, "reject");
    const normal = (before + (await perLog(side.bob, side.normal, "accept"))) / 2;
    if (side === skip) normalMs.push(normal);
    return junkMs / normal;
  };
  for (let round = -3; round < rounds; round++) {
    const results = {
      worst: await ratioOf(skip, worst),
      next: await ratioOf(skip, worstNext),
      flood: await ratioOf(skip, flood),
      linear: await ratioOf(linear, linearWorst),
    };
    if (round < 0) continue; // warm-up
    for (const key of Object.keys(ratios) as (keyof typeof ratios)[]) ratios[key].push(results[key]);
  }
  const rows = (name: string, values: number[], goal?: number): BenchResult[] => {
    const { median, min, max } = summary(values);
    return [
      { name, value: median, unit: "x", ...(goal ? { goal: { max: goal } } : {}) },
      { name: `${name}.min`, value: min, unit: "x" },
      { name: `${name}.max`, value: max, unit: "x" },
    ];
  };
  return [
    { name: "crypto.normalDecrypt.ms", value: summary(normalMs).median, unit: "ms" },
    ...rows("crypto.junkMessage.ratio", ratios.worst, 20),
    ...rows("crypto.junkMessage.newChain.ratio", ratios.next, 20),
    ...rows("crypto.junkFlood.ratio", ratios.flood, 20),
    ...rows("crypto.junkMessage.linear.ratio", ratios.linear),
  ];
}
