import { describe, expect, it } from "vitest";
import { decodeHistoryTransfer, encodeHistoryTransfer, type HistoryTransfer } from "../../src/wire/historyTransferCodec.ts";

const transfer: HistoryTransfer = {
  chainId: 31337,
  contract: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
  account: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
  exportedAt: 1_796_000_000_123,
  conversations: [
    {
      peer: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
      holders: [`0x${"ab".repeat(32)}`],
      messages: [
        { id: `0x${"01".repeat(32)}`, direction: "in", status: "received", body: new Uint8Array([1, 2, 3]), read: true, createdAt: 1, timestamp: 2, txHash: `0x${"02".repeat(32)}`, blockNumber: 7n, blockHash: `0x${"03".repeat(32)}`, logIndex: 4 },
        { id: `0x${"04".repeat(32)}`, direction: "out", status: "final", body: new Uint8Array(0), read: false, createdAt: 3, timestamp: null, txHash: null, blockNumber: 9n, blockHash: null, logIndex: null },
      ],
    },
  ],
  nicknames: [{ alias: "nickname:0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc:Bob", address: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC", createdAt: 5, updatedAt: 6 }],
};

describe("history transfer content codec", () => {
  it("round-trips every field, optional ones present or absent", () => {
    expect(decodeHistoryTransfer(encodeHistoryTransfer(transfer))).toEqual(transfer);
  });

  it("rejects trailing bytes, an unknown version, unknown flag bits and a status that contradicts the direction", () => {
    const bytes = encodeHistoryTransfer(transfer);
    expect(() => decodeHistoryTransfer(new Uint8Array([...bytes, 0]))).toThrow(expect.objectContaining({ code: "WIRE_TRAILING_BYTES" }));
    expect(() => decodeHistoryTransfer(new Uint8Array([2, ...bytes.subarray(1)]))).toThrow(expect.objectContaining({ code: "WIRE_UNKNOWN_VERSION" }));
    // The first message's flags byte sits after version, chain, contract, account, time, count, peer, holders, count, id.
    const flagsAt = 1 + 4 + 20 + 20 + 8 + 1 + 20 + 1 + 32 + 1 + 1 + 66;
    const badFlags = bytes.slice();
    badFlags[flagsAt]! |= 0x80;
    expect(() => decodeHistoryTransfer(badFlags)).toThrow(expect.objectContaining({ code: "WIRE_INVALID_FIELD", field: "flags" }));
    const outReceived = bytes.slice();
    outReceived[flagsAt]! |= 0x01; // now "out" but still status "received"
    expect(() => decodeHistoryTransfer(outReceived)).toThrow(expect.objectContaining({ code: "WIRE_INVALID_FIELD", field: "status" }));
    expect(() => decodeHistoryTransfer(bytes.subarray(0, bytes.length - 3))).toThrow(expect.objectContaining({ code: "WIRE_TRUNCATED" }));
    expect(() => encodeHistoryTransfer({ ...transfer, conversations: [{ ...transfer.conversations[0]!, messages: [{ ...transfer.conversations[0]!.messages[0]!, status: "confirmed" }] }] })).toThrow(
      expect.objectContaining({ code: "WIRE_INVALID_FIELD" }),
    );
  });
});
