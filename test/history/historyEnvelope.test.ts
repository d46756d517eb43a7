import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { bytesToHex } from "viem";
import { describe, expect, it } from "vitest";
import { createSeededRandom } from "../../src/crypto/random.ts";
import { openHistoryTransfer, sealHistoryTransfer, type HistoryTransfer } from "../../src/history.ts";
import { HISTORY_HEADER_LENGTH } from "../../src/history/historyEnvelope.ts";
import { identityFromSecrets } from "../../src/identity/identityFromSecrets.ts";

const vectorFile = fileURLToPath(new URL("../vectors/history-transfer-v1.json", import.meta.url));
const account = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

async function devices(seed: string) {
  const random = createSeededRandom(seed);
  const device = () => identityFromSecrets(account, { x25519Secret: random(32), ed25519Seed: random(32), mlKemSeed: random(64) });
  return { phone: await device(), laptop: await device(), random };
}

const transfer: HistoryTransfer = {
  chainId: 31337,
  contract: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
  account,
  exportedAt: 1_796_000_000_000,
  conversations: [
    {
      peer: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
      holders: [],
      messages: [
        { id: `0x${"01".repeat(32)}`, direction: "in", status: "received", body: new TextEncoder().encode("\u0001hello"), read: true, createdAt: 1_796_000_000_000, timestamp: 1_796_000_000, txHash: `0x${"02".repeat(32)}`, blockNumber: 12n, blockHash: `0x${"03".repeat(32)}`, logIndex: 0 },
      ],
    },
  ],
  nicknames: [],
};

describe("history transfer file (src/history/historyEnvelope.ts)", () => {
  it("matches its frozen vector (format v1), and the vector opens", async () => {
    const { phone, laptop, random } = await devices("history transfer vector");
    const withHolder = { ...transfer, conversations: [{ ...transfer.conversations[0]!, holders: [bytesToHex(phone.ed25519.publicKey)] }] };
    const file = await sealHistoryTransfer(withHolder, phone, laptop.x25519.publicKey, random);
    const computed = { targetSecret: bytesToHex(laptop.x25519.secretKey), exporter: bytesToHex(phone.ed25519.publicKey), file: bytesToHex(file) };
    // Frozen (written once from this computation): a change to a label, a field or the layout is a mismatch.
    expect(computed).toEqual(JSON.parse(readFileSync(vectorFile, "utf8")));
    expect(file.subarray(0, 5)).toEqual(new Uint8Array([0x48, 0x4c, 0x48, 0x54, 0x01]));
    expect(await openHistoryTransfer(file, laptop)).toEqual({ exporter: computed.exporter, transfer: withHolder });
  });

  it("any single flipped bit is refused with a typed error, never opened as something else", async () => {
    const { phone, laptop, random } = await devices("history transfer bit flips");
    const file = await sealHistoryTransfer(transfer, phone, laptop.x25519.publicKey, random);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: file.length * 8 - 1 }), async (bit) => {
        const flipped = file.slice();
        flipped[bit >> 3]! ^= 1 << (bit & 7);
        const error = await openHistoryTransfer(flipped, laptop).then(() => null, (e: { code?: string }) => e.code);
        // In the target key: "another device"; anywhere else in the header or the box: not a transfer, or altered.
        const inTarget = bit >> 3 >= 37 && bit >> 3 < HISTORY_HEADER_LENGTH;
        expect(error).toEqual(inTarget ? "HISTORY_WRONG_DEVICE" : bit >> 3 < 5 ? expect.stringMatching(/^WIRE_/) : "HISTORY_TAMPERED");
      }),
      { numRuns: 200 },
    );
  });
});
