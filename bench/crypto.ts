import type { Address } from "viem";
import { matchHandshakeResponse, completeHandshake } from "../src/handshake/completeHandshake.ts";
import { initiateHandshake } from "../src/handshake/initiateHandshake.ts";
import { openHandshake } from "../src/handshake/openHandshake.ts";
import { respondToHandshake } from "../src/handshake/respondToHandshake.ts";
import type { ChainKdfVersion } from "../src/ratchet/chainKdf.ts";
import { ratchetDecrypt } from "../src/ratchet/ratchetDecrypt.ts";
import { ratchetEncrypt } from "../src/ratchet/ratchetEncrypt.ts";
import type { RatchetSession } from "../src/ratchet/RatchetSession.ts";
import { testUser } from "../test/fixtures/testIdentities.ts";
import { medianMs, type BenchResult } from "./BenchResult.ts";
import { benchJunkMessages } from "./junkMessages.ts";

const deployment = { chainId: 31337, contract: "0x5FbDB2315678afecb367f032d93F642f64180aa3" as Address };


export async function benchCrypto(): Promise<BenchResult[]> {
  const [alice, bob] = await Promise.all([testUser("bench alice", deployment), testUser("bench bob", deployment)]);
  // Sessions of the chain KDF new sessions get (2, the skip chain) unless told otherwise.
  const handshake = async (chainKdf: ChainKdfVersion = 2) => {
    const started = await initiateHandshake(alice.identity, alice.binding, { recipient: bob.wallet.address, ...deployment });
    const opened = await openHandshake(started.message.payload, { sender: alice.wallet.address, recipient: bob.wallet.address, ...deployment });
    const responded = await respondToHandshake(bob.identity, bob.binding, opened, { chainKdf });
    const completed = await completeHandshake(started.secret, { ...responded.message, sender: bob.wallet.address }, { chainKdf });
    return { initiator: completed.session, responder: responded.session, handshakeBytes: started.message.payload.length, responseBytes: responded.message.payload.length };
  };
  const handshakeMs = await medianMs(30, 5, handshake);
  const sizes = await handshake();

  // 100 pending handshakes to 100 different accounts; the answer comes from one of them.
  const peers = await Promise.all(Array.from({ length: 100 }, (_, i) => testUser(`bench peer ${i}`, deployment)));
  const pending = [];
  for (const peer of peers) pending.push(await initiateHandshake(alice.identity, alice.binding, { recipient: peer.wallet.address, ...deployment }));
  const answering = 73;
  const opened = await openHandshake(pending[answering]!.message.payload, {
    sender: alice.wallet.address,
    recipient: peers[answering]!.wallet.address,
    ...deployment,
  });
  const response = (await respondToHandshake(peers[answering]!.identity, peers[answering]!.binding, opened)).message;
  const secrets = pending.map((p) => p.secret);
  const match100 = await medianMs(20, 3, () => matchHandshakeResponse(secrets, { ...response, sender: peers[answering]!.wallet.address }));
  // Relayed by an address that is none of the recipients: every candidate is tried (worst case).
  const relayer = peers[0]!.wallet.address === peers[answering]!.wallet.address ? peers[1]! : peers[0]!;
  const relayedSecrets = secrets.filter((_, i) => peers[i] !== relayer);
  const match100Relayed = await medianMs(5, 1, () =>
    matchHandshakeResponse(relayedSecrets, { ...response, sender: relayer.wallet.address }).catch(() => null),
  );

  // One direction: encrypt + decrypt of 100-byte messages on one chain. Ping-pong: every message answers the
  // previous one, so every message is a DH ratchet step. Both for skip-chain sessions (new sessions) and, in the
  // same rounds, for linear-chain sessions (stored before issue 15): their ratio is the skip chain's cost.
  const message = new Uint8Array(100).fill(0x61);
  const conversation = async (chainKdf: ChainKdfVersion) => {
    let { initiator, responder } = await handshake(chainKdf);
    const oneWay = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const out = await ratchetEncrypt(responder, message);
        responder = out.session;
        initiator = (await ratchetDecrypt(initiator, out.payload, { topic: out.topic })).session;
      }
    };
    const sides: RatchetSession[] = [];
    const pingPong = async (n: number) => {
      if (sides.length === 0) sides.push(initiator, responder);
      for (let i = 0; i < n; i++) {
        const from = i % 2;
        const out = await ratchetEncrypt(sides[from]!, message);
        sides[from] = out.session;
        sides[1 - from] = (await ratchetDecrypt(sides[1 - from]!, out.payload, { topic: out.topic })).session;
      }
    };
    return { oneWay, pingPong, sides };
  };
  const skip = await conversation(2);
  const linear = await conversation(1);
  const oneWayRound = 200;
  // Rounds of an even number of messages, so every round starts on the same side.
  const pingPongRound = 40;
  // Median of rounds, like every other timing here: one long mean lets a single stall (GC, the host) decide it.
  const oneWay = await pairedRounds(15, 4, () => skip.oneWay(oneWayRound), () => linear.oneWay(oneWayRound));
  const pingPong = await pairedRounds(15, 4, () => skip.pingPong(pingPongRound), () => linear.pingPong(pingPongRound));
  const oneWayMs = oneWay.a / oneWayRound;
  const pingPongMs = pingPong.a / pingPongRound;
  const sides = skip.sides;

  const shortText = new TextEncoder().encode("\u0001gm! lunch at noon?");
  let minPayload = 0;
  for (let i = 0; i < 200; i++) {
    const out = await ratchetEncrypt(sides[0]!, shortText);
    sides[0] = out.session;
    minPayload = Math.max(minPayload, out.payload.length);
  }

  return [
    { name: "crypto.handshake.ms", value: handshakeMs, unit: "ms", goal: { max: 10 } },
    { name: "crypto.match100.ms", value: match100, unit: "ms", goal: { max: 10 } },
    { name: "crypto.match100.relayed.ms", value: match100Relayed, unit: "ms" },
    { name: "crypto.oneWay.msPerMessage", value: oneWayMs, unit: "ms", goal: { max: 0.1 } },
    { name: "crypto.pingPong.msPerMessage", value: pingPongMs, unit: "ms", goal: { max: 0.5 } },
    { name: "crypto.oneWay.skipChain.ratio", value: oneWay.ratio, unit: "x linear" },
    { name: "crypto.pingPong.skipChain.ratio", value: pingPong.ratio, unit: "x linear" },
    ...(await benchJunkMessages()),
    { name: "wire.minPayload.bytes", value: minPayload, unit: "bytes", goal: { max: 100 } },
    { name: "wire.handshake.bytes", value: sizes.handshakeBytes, unit: "bytes" },
    { name: "wire.response.bytes", value: sizes.responseBytes, unit: "bytes" },
  ];
}

/**
 * Medians of `a` and `b` timed alternately in the same rounds (ms per round), and the median of their per-round
 * ratio a / b: the machine's speed drifts, so a ratio of neighbours is steadier than a ratio of medians.
 */
async function pairedRounds(runs: number, warmup: number, a: () => Promise<unknown>, b: () => Promise<unknown>) {
  const times = { a: [] as number[], b: [] as number[], ratio: [] as number[] };
  const timed = async (fn: () => Promise<unknown>) => {
    const start = performance.now();
    await fn();
    return performance.now() - start;
  };
  for (let i = 0; i < warmup + runs; i++) {
    // Alternate which goes first: the first of a pair tends to pay for the other's garbage.
    let ta: number, tb: number;
    if (i % 2) {
      tb = await timed(b);
      ta = await timed(a);
    } else {
      ta = await timed(a);
      tb = await timed(b);
    }
    if (i < warmup) continue;
    times.a.push(ta);
    times.b.push(tb);
    times.ratio.push(ta / tb);
  }
  const median = (values: number[]) => values.sort((x, y) => x - y)[Math.floor(values.length / 2)]!;
  return { a: median(times.a), b: median(times.b), ratio: median(times.ratio) };
}
