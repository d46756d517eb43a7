import { concat, getAddress, hexToBytes, keccak256, pad, toHex, type Hex, type Log } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeHushlogLogs } from "../../src/chain/decodeHushlogLogs.ts";
import { deployHushlog, type Deployment } from "../../src/chain/deployHushlog.ts";
import { encodePackedCall } from "../../src/chain/encodePackedCall.ts";
import { createTestChain, type TestChain } from "../fixtures/createTestChain.ts";

let chain: TestChain;
let other: Deployment;
beforeAll(async () => {
  chain = await createTestChain();
  // A private instance next to the canonical one: logs of one contract must never be read as the other's.
  other = await deployHushlog(chain.walletClients[0]!, chain.publicClient, { mode: "private" });
});
afterAll(() => chain.close());

const topic = `0x${"ab".repeat(16)}${"00".repeat(16)}` as Hex;
const tag = keccak256(toHex("recipient"));
const payload = Uint8Array.from({ length: 45 }, (_, i) => i + 1);

async function logsOf(data: Hex, to = chain.deployment.address, from = 1): Promise<Log[]> {
  const hash = await chain.walletClients[from]!.sendTransaction({ to, data });
  return (await chain.publicClient.waitForTransactionReceipt({ hash })).logs;
}

describe("decodeHushlogLogs", () => {
  it("decodes every event kind from real logs, with checksummed senders and the payload bytes", async () => {
    const sender = chain.walletClients[1]!.account.address;
    // An account record declares its account in bytes 1..20: here another account than the one posting it.
    const declared = chain.walletClients[2]!.account.address;
    const record = Uint8Array.from({ length: 45 }, (_, i) => i + 1);
    record.set(hexToBytes(declared), 1);
    const logs = [
      ...(await logsOf(encodePackedCall({ kind: "message", topic, payload }))),
      ...(await logsOf(encodePackedCall({ kind: "handshake", recipientTag: tag, payload }))),
      ...(await logsOf(encodePackedCall({ kind: "response", responseTag: tag, payload }))),
      ...(await logsOf(encodePackedCall({ kind: "prekeys", bundle: record }))),
      ...(await logsOf(encodePackedCall({ kind: "binding", binding: record }))),
    ];
    const { logs: decoded, skipped } = decodeHushlogLogs(logs, { address: chain.deployment.address });
    expect(skipped).toEqual([]);
    expect(decoded.map((l) => l.event)).toEqual(["Message", "Handshake", "HandshakeResponse", "Prekeys", "Binding"]);
    const isRecord = (event: string) => event === "Prekeys" || event === "Binding";
    for (const [i, log] of decoded.entries()) {
      expect(log).toEqual({
        event: log.event,
        address: getAddress(chain.deployment.address),
        tag: isRecord(log.event) ? pad(declared.toLowerCase() as Hex, { size: 32 }) : log.event === "Message" ? topic : tag,
        sender: getAddress(sender),
        payload: isRecord(log.event) ? record : payload,
        blockNumber: logs[i]!.blockNumber,
        blockHash: logs[i]!.blockHash,
        transactionHash: logs[i]!.transactionHash,
        logIndex: logs[i]!.logIndex,
        removed: false,
      });
    }
  });

  it("skips, with a reason and never a throw, what is not a well-formed log of this contract", async () => {
    const [good] = await logsOf(encodePackedCall({ kind: "message", topic, payload }));
    const [foreign] = await logsOf(encodePackedCall({ kind: "message", topic, payload }), other.address);
    const bad: Log[] = [
      foreign!,
      { ...good!, topics: [keccak256(toHex("Transfer(address,address,uint256)")), topic] },
      { ...good!, topics: [] as never },
      { ...good!, topics: good!.topics.slice(0, 2) as never },
      { ...good!, data: "0x1234" },
      { ...good!, data: concat([good!.data, pad("0x01")]) },
      { ...good!, blockNumber: null, blockHash: null, logIndex: null } as never,
    ];
    const { logs, skipped } = decodeHushlogLogs([...bad, good!], { address: chain.deployment.address });
    expect(logs).toHaveLength(1);
    expect(skipped.map((s) => s.reason)).toEqual([
      "wrong-address",
      "unknown-event",
      "unknown-event",
      "undecodable",
      "undecodable",
      "non-canonical",
      "pending",
    ]);
    skipped.forEach((s, i) => {
      expect(s.log).toBe(bad[i]);
      expect(s.detail.length).toBeGreaterThan(0);
    });
    const outside = decodeHushlogLogs([good!], { address: chain.deployment.address, fromBlock: good!.blockNumber! + 1n });
    expect(outside.skipped.map((s) => s.reason)).toEqual(["out-of-range"]);
  });
});
