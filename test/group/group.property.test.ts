import fc from "fast-check";
import type { Hex } from "viem";
import { describe, expect, it } from "vitest";
import { MAX_SENDER_KEY_STATES } from "../../src/constants.ts";
import { createSeededRandom } from "../../src/crypto/random.ts";
import { BaseError } from "../../src/errors/BaseError.ts";
import { createOwnSenderKey } from "../../src/group/createOwnSenderKey.ts";
import { groupDecrypt } from "../../src/group/groupDecrypt.ts";
import { groupEncrypt } from "../../src/group/groupEncrypt.ts";
import { processDistribution } from "../../src/group/processDistribution.ts";
import type { OwnSenderKey, SenderKeyRecord } from "../../src/group/SenderKey.ts";
import { distributionFor } from "../../src/group/senderKeyEntries.ts";
import { encodeSenderKeyRecord } from "../../src/wire/senderKeyRecordCodec.ts";
import { createMembers, deliver, markReached, text } from "./groupHarness.ts";
import { alice, bob, context, groupId } from "./senderChain.ts";

/**
 * A sender's script: send on the current chain, rotate to a new chain (and distribute it), deliver any message in
 * flight (chosen by index, so any order is reachable), deliver a duplicate of one already delivered, or drop one.
 */
type Step =
  | { kind: "send" }
  | { kind: "rotate" }
  | { kind: "deliver"; pick: number }
  | { kind: "duplicate"; pick: number }
  | { kind: "drop"; pick: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: fc.constant({ kind: "send" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "rotate" as const }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("deliver" as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("duplicate" as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("drop" as const), pick: fc.nat() }) },
);

type InFlight = { payload: Uint8Array; topic: Hex; text: string; chain: number };

describe("group sender-key properties", () => {
  it("any order, duplication and loss of a sender's messages decrypts each exactly once within the limits", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 50 }), fc.nat(), async (steps, seed) => {
        const random = createSeededRandom(`property ${seed}`);
        let own: OwnSenderKey = await createOwnSenderKey(groupId, alice, [bob], random);
        let chains = 0;
        let record: SenderKeyRecord = processDistribution(null, distributionFor(own, bob), groupId, alice).record;
        const inFlight: InFlight[] = [];
        const delivered: InFlight[] = [];
        const received: string[] = [];
        let counter = 0;
        for (const s of steps) {
          if (s.kind === "send") {
            const out = await groupEncrypt(own, text(`m${counter}`), { context, random });
            own = out.own;
            inFlight.push({ payload: out.payload, topic: out.topic, text: `m${counter++}`, chain: chains });
            continue;
          }
          if (s.kind === "rotate") {
            own = await createOwnSenderKey(groupId, alice, [bob], random);
            chains++;
            record = processDistribution(record, distributionFor(own, bob), groupId, alice).record;
            continue;
          }
          const pool = s.kind === "duplicate" ? delivered : inFlight;
          if (pool.length === 0) continue;
          const message = s.kind === "duplicate" ? pool[s.pick % pool.length]! : pool.splice(s.pick % pool.length, 1)[0]!;
          if (s.kind === "drop") continue;
          const before = encodeSenderKeyRecord(record);
          // Within the limits: the chain is one of the newest MAX_SENDER_KEY_STATES.
          const held = chains - message.chain < MAX_SENDER_KEY_STATES;
          try {
            const got = await groupDecrypt(record, message.payload, { topic: message.topic, context });
            expect(s.kind).toBe("deliver");
            expect(held).toBe(true);
            record = got.record;
            received.push(new TextDecoder().decode(got.plaintext));
            delivered.push(message);
          } catch (error) {
            expect(error).toBeInstanceOf(BaseError);
            const code = (error as BaseError).code;
            if (s.kind === "duplicate") expect(["GROUP_KEY_UNAVAILABLE", "GROUP_UNKNOWN_TOPIC"]).toContain(code);
            else {
              expect(held).toBe(false);
              expect(code).toBe("GROUP_UNKNOWN_TOPIC");
            }
            expect(encodeSenderKeyRecord(record)).toEqual(before);
          }
        }
        expect(new Set(received).size).toBe(received.length);
        expect([...received].sort()).toEqual(delivered.map((m) => m.text).sort());
      }),
      { numRuns: 500 },
    );
  }, 300_000);

  it("any single bit flip in a group message is refused, and the receiver's store is unchanged", async () => {
    const members = await createMembers(2, "flip");
    const [a, b] = members;
    const created = await a!.groups.createGroup({ members: [b!.account] });
    await markReached(a!, created.outbox, await deliver(a!, created.outbox, members));
    // Give b some history: skipped keys on a's chain.
    const early = [];
    for (let i = 0; i < 3; i++) early.push(await a!.groups.prepareMessage(created.groupId, text(`early ${i}`)));
    await b!.groups.receiveMessage({ tag: early[2]!.topic, sender: a!.account, payload: early[2]!.payload });
    const target = await a!.groups.prepareMessage(created.groupId, text("flip me"));
    const snapshot = b!.snapshot();
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.integer({ min: 0, max: 7 }), async (byte, bit) => {
        const flipped = target.payload.slice();
        flipped[byte % flipped.length]! ^= 1 << bit;
        await expect(b!.groups.receiveMessage({ tag: target.topic, sender: a!.account, payload: flipped })).rejects.toBeInstanceOf(BaseError);
        expect(b!.snapshot()).toBe(snapshot);
      }),
      { numRuns: 400 },
    );
    // The untouched payload, and the skipped ones, still decrypt.
    for (const m of [target, early[0]!, early[1]!]) await b!.groups.receiveMessage({ tag: m.topic, sender: a!.account, payload: m.payload });
  }, 300_000);
});
