import { describe, expect, it } from "vitest";
import { GROUP_CONTROL_BATCH_MIN } from "../../src/constants.ts";
import { createSeededRandom } from "../../src/crypto/random.ts";
import { coverCount, coverMessages } from "../../src/client/coverMessages.ts";
import { padPlaintext } from "../../src/ratchet/padding.ts";
import { MESSAGE_VERSION } from "../../src/wire/messagePayload.ts";

describe("cover messages of group control batches (issue 18)", () => {
  it("pad a batch to GROUP_CONTROL_BATCH_MIN, then to the next power of two; nothing for an empty one", () => {
    expect([0, 1, 2, 3, 4, 5, 8, 9, 17].map((n) => n + coverCount(n))).toEqual([0, GROUP_CONTROL_BATCH_MIN, 4, 4, 4, 8, 8, 16, 32]);
  });

  it("look like the real messages they pad: version byte, a fresh 16-byte topic, a length from the same bucket and jitter", () => {
    const random = createSeededRandom("cover");
    // A real distribution: 1 + 33 + padded body (120-byte plaintext -> 128 bucket + jitter) + 16.
    const real = Array.from({ length: 3 }, () => {
      const body = padPlaintext(new Uint8Array(118), random, 5);
      return new Uint8Array(1 + 33 + body.length + 16);
    });
    const realLengths = real.map((p) => p.length);
    const covers = coverMessages(real, 200, random);
    const lengths = new Set(covers.map((c) => c.payload.length));
    expect(Math.min(...lengths)).toBe(1 + 33 + 128 + 16);
    expect(Math.max(...lengths)).toBe(1 + 33 + 128 + 16 + 16);
    for (const n of realLengths) expect(n).toBeGreaterThanOrEqual(178);
    expect(new Set(covers.map((c) => c.topic)).size).toBe(200);
    for (const c of covers) {
      expect(c.payload[0]).toBe(MESSAGE_VERSION);
      expect(c.topic).toMatch(/^0x[0-9a-f]{32}0{32}$/);
    }
  });
});
