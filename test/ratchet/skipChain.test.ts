import fc from "fast-check";
import { bytesToHex } from "viem";
import { describe, expect, it } from "vitest";
import { SKIP_CHAIN_BRANCHING as b } from "../../src/constants.ts";
import { createSeededRandom } from "../../src/crypto/random.ts";
import { chainKdf } from "../../src/ratchet/chainKdf.ts";
import { chainStep } from "../../src/ratchet/kdfChains.ts";
import { advanceChain, heldChainKeys, seekChain, startChain, type ChainKeys } from "../../src/ratchet/skipChain.ts";
import { skipChainReference } from "./skipChainReference.ts";

const kdf = chainKdf(2);
const start = createSeededRandom("skip chain reference")(96);

const { T, M, C, messageKey, state: specifiedState } = skipChainReference(start);

const copy = (keys: ChainKeys) => keys.map((key) => key?.slice() ?? null);

describe("skip chain (chain KDF 2)", () => {
  it("walking message by message gives the specified message keys and, at every position, the specified state", () => {
    let keys = startChain(kdf, start);
    for (let i = 0; i < 2 * b * b + 3 * b + 5; i++) {
      expect(keys).toEqual(specifiedState(i));
      expect(keys.map((key) => key !== null)).toEqual(heldChainKeys(kdf, i));
      const input = copy(keys);
      const step = advanceChain(kdf, keys, i);
      expect(keys).toEqual(input); // the caller's keys are neither modified nor wiped
      expect(step.messageKey).toEqual(messageKey(i));
      keys = step.keys;
    }
  });

  it("forward secrecy: once message i is decrypted, no key held can derive its key (or any earlier one)", () => {
    // Every key that derives a consumed message key: the message's own C and its ancestors M and T (earlier keys of
    // those runs were ancestors of earlier messages, so they are already in the set).
    const spent = new Set<string>();
    let keys = startChain(kdf, start);
    for (let i = 0; i < 2 * b * b + 2 * b; i++) {
      keys = advanceChain(kdf, keys, i).keys;
      spent.add(bytesToHex(C(i)));
      if (i >= b) spent.add(bytesToHex(M(Math.floor(i / b))));
      if (i >= b * b) spent.add(bytesToHex(T(Math.floor(i / b ** 2))));
      for (const key of keys) if (key) expect(spent.has(bytesToHex(key))).toBe(false);
    }
    expect(spent.size).toBeGreaterThan(2 * b * b);
  });

  it("seeking from any position to any later one gives the specified state, and the next key is the message key", () => {
    const positions = fc.integer({ min: 0, max: 4 * b * b });
    fc.assert(
      fc.property(positions, fc.integer({ min: 1, max: 2_000 }), (from, distance) => {
        const to = from + distance;
        const keys = specifiedState(from);
        const input = copy(keys);
        const sought = seekChain(kdf, keys, from, to);
        expect(keys).toEqual(input);
        expect(sought).toEqual(specifiedState(to));
        expect(advanceChain(kdf, sought, to).messageKey).toEqual(messageKey(to));
      }),
      { numRuns: 300 },
    );
  });

  it("chain KDF 1 is the one-level case: Signal's linear chain step, exactly", () => {
    const linear = chainKdf(1);
    let keys = startChain(linear, start.slice(0, 32));
    let chainKey: Uint8Array = start.slice(0, 32);
    for (let i = 0; i < 50; i++) {
      const step = advanceChain(linear, keys, i);
      const signal = chainStep(chainKey);
      expect(step.messageKey).toEqual(signal.messageKey);
      expect(step.keys).toEqual([signal.chainKey]);
      expect(seekChain(linear, startChain(linear, start.slice(0, 32)), 0, i + 1)).toEqual(step.keys);
      keys = step.keys;
      chainKey = signal.chainKey;
    }
  });
});
