import {
  BaseError as ViemBaseError,
  decodeErrorResult,
  encodeAbiParameters,
  hexToBytes,
  keccak256,
  numberToHex,
  parseEventLogs,
  toHex,
  type Hex,
  type Log,
} from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodePackedCall } from "../../src/chain/encodePackedCall.ts";
import { hushlogAbi } from "../../src/chain/hushlogAbi.ts";
import { createTestChain, type TestChain } from "../fixtures/createTestChain.ts";

let chain: TestChain;
beforeAll(async () => {
  chain = await createTestChain();
});
afterAll(() => chain.close());

// Compact message topics: 16 significant bytes, left-aligned in the bytes32.
const compact = (word: Hex): Hex => `0x${word.slice(2, 34)}${"0".repeat(32)}`;
const topicA = compact(keccak256(toHex("topic a")));
const topicB = compact(keccak256(toHex("topic b")));
const tagC = keccak256(toHex("tag c"));
const bytes = (length: number, seed: number) => Uint8Array.from({ length }, (_, i) => (i * 31 + seed) % 255 + 1);

async function logsOf(hash: Hex) {
  const receipt = await chain.publicClient.waitForTransactionReceipt({ hash });
  expect(receipt.status).toBe("success");
  return receipt.logs;
}

async function sendPacked(data: Hex, from = 0) {
  const wallet = chain.walletClients[from]!;
  return logsOf(await wallet.sendTransaction({ to: chain.deployment.address, data }));
}

/** The exact log data an ABI-encoded `bytes payload` must have: proves offsets, length and zero padding. */
const encodedPayload = (payload: Uint8Array) => encodeAbiParameters([{ type: "bytes" }], [toHex(payload)]);
const senderTopic = (address: Hex) => numberToHex(BigInt(address), { size: 32 });
/** An account record: a version byte, the declared account, then any bytes. */
const recordOf = (account: Hex, length: number) => {
  const record = bytes(length, 11);
  record[0] = 2;
  record.set(hexToBytes(account), 1);
  return record;
};

function expectLog(log: Log, event: string, tag: Hex, sender: Hex, payload: Uint8Array) {
  const [decoded] = parseEventLogs({ abi: hushlogAbi, logs: [log] });
  expect(decoded!.eventName).toBe(event);
  expect(log.address.toLowerCase()).toBe(chain.deployment.address.toLowerCase());
  expect(log.topics).toEqual([log.topics[0], tag, senderTopic(sender)]);
  expect(log.data).toBe(encodedPayload(payload));
}

async function revertOf(data: Hex) {
  const error = await chain.publicClient
    .call({ account: chain.walletClients[0]!.account, to: chain.deployment.address, data })
    .then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ViemBaseError);
  const raw = (error as ViemBaseError).walk((e) => typeof (e as { data?: unknown }).data === "string") as unknown as { data: Hex };
  return decodeErrorResult({ abi: hushlogAbi, data: raw.data });
}

describe("Hushlog ABI entry points", () => {
  it("sendMessage emits Message(topic, sender, payload)", async () => {
    const wallet = chain.walletClients[1]!;
    const payload = bytes(85, 1);
    const hash = await wallet.writeContract({
      address: chain.deployment.address,
      abi: hushlogAbi,
      functionName: "sendMessage",
      args: [topicA, toHex(payload)],
    });
    const [log, ...rest] = await logsOf(hash);
    expect(rest).toHaveLength(0);
    expectLog(log!, "Message", topicA, wallet.account.address, payload);
  });

  it("handshake, respond, publishPrekeys and publishBinding emit their events with the sender indexed", async () => {
    const wallet = chain.walletClients[2]!;
    const payload = bytes(1300, 2);
    const write = (functionName: "handshake" | "respond", tag: Hex) =>
      wallet.writeContract({ address: chain.deployment.address, abi: hushlogAbi, functionName, args: [tag, toHex(payload)] });
    expectLog((await logsOf(await write("handshake", topicA)))[0]!, "Handshake", topicA, wallet.account.address, payload);
    expectLog((await logsOf(await write("respond", topicB)))[0]!, "HandshakeResponse", topicB, wallet.account.address, payload);

    // Account records are indexed by the account they declare (bytes 1..20), whoever posts them.
    const declared = chain.walletClients[5]!.account.address;
    for (const functionName of ["publishPrekeys", "publishBinding"] as const) {
      const record = recordOf(declared, functionName === "publishPrekeys" ? 1250 : 190);
      const [log] = await logsOf(
        await wallet.writeContract({ address: chain.deployment.address, abi: hushlogAbi, functionName, args: [toHex(record)] }),
      );
      expectLog(log!, functionName === "publishPrekeys" ? "Prekeys" : "Binding", senderTopic(declared), wallet.account.address, record);
    }
  });

  it("publishPrekeys and publishBinding revert with Truncated for a record shorter than version + account", async () => {
    const { encodeFunctionData } = await import("viem");
    for (const functionName of ["publishPrekeys", "publishBinding"] as const) {
      const data = encodeFunctionData({ abi: hushlogAbi, functionName, args: [toHex(bytes(20, 1))] });
      expect(await revertOf(data)).toMatchObject({ errorName: "Truncated", args: [20n] });
    }
  });

  it("sendMessages emits one Message per entry, in order, across topics", async () => {
    const wallet = chain.walletClients[0]!;
    const payloads = [bytes(40, 4), bytes(0, 0), bytes(300, 5)];
    const topics = [topicA, topicB, topicA];
    const logs = await logsOf(
      await wallet.writeContract({
        address: chain.deployment.address,
        abi: hushlogAbi,
        functionName: "sendMessages",
        args: [topics, payloads.map((p) => toHex(p))],
      }),
    );
    expect(logs).toHaveLength(3);
    logs.forEach((log, i) => expectLog(log, "Message", topics[i]!, wallet.account.address, payloads[i]!));
  });

  it("sendMessages reverts with LengthMismatch when topic and payload counts differ", async () => {
    const { encodeFunctionData } = await import("viem");
    const data = encodeFunctionData({
      abi: hushlogAbi,
      functionName: "sendMessages",
      args: [[topicA, topicB], ["0x01"]],
    });
    const error = await revertOf(data);
    expect(error.errorName).toBe("LengthMismatch");
    expect(error.args).toEqual([2n, 1n]);
  });
});

describe("Hushlog packed entry point", () => {
  it("message, handshake, response and prekeys produce the same logs as the ABI functions", async () => {
    const sender = chain.walletClients[3]!.account.address;
    const payload = bytes(85, 6);
    expectLog((await sendPacked(encodePackedCall({ kind: "message", topic: topicA, payload }), 3))[0]!, "Message", topicA, sender, payload);
    expectLog(
      (await sendPacked(encodePackedCall({ kind: "handshake", recipientTag: tagC, payload }), 3))[0]!,
      "Handshake",
      tagC,
      sender,
      payload,
    );
    expectLog(
      (await sendPacked(encodePackedCall({ kind: "response", responseTag: topicA, payload }), 3))[0]!,
      "HandshakeResponse",
      topicA,
      sender,
      payload,
    );
    const declared = chain.walletClients[6]!.account.address;
    const bundle = recordOf(declared, 1300);
    expectLog((await sendPacked(encodePackedCall({ kind: "prekeys", bundle }), 3))[0]!, "Prekeys", senderTopic(declared), sender, bundle);
    const binding = recordOf(declared, 198);
    expectLog((await sendPacked(encodePackedCall({ kind: "binding", binding }), 3))[0]!, "Binding", senderTopic(declared), sender, binding);
  });

  it("an empty message payload is carried as empty bytes", async () => {
    const [log] = await sendPacked(encodePackedCall({ kind: "message", topic: topicA, payload: new Uint8Array() }));
    expectLog(log!, "Message", topicA, chain.walletClients[0]!.account.address, new Uint8Array());
  });

  it("a batch emits every entry in order, reusing topics, with clean padding after longer entries", async () => {
    const messages = [
      { topic: topicA, payload: bytes(300, 7) },
      { topic: topicA, payload: bytes(3, 8) }, // shorter than the previous entry: padding must be zeroed
      { topic: topicB, payload: bytes(85, 9) },
      { topic: topicB, payload: bytes(0, 0) },
      { topic: topicA, payload: bytes(1000, 10) },
    ];
    const data = encodePackedCall({ kind: "batch", messages });
    // Reused topics are not repeated: 1 kind byte + 5 heads + 3 topics + payloads.
    expect((data.length - 2) / 2).toBe(1 + 5 * 2 + 3 * 16 + 300 + 3 + 85 + 0 + 1000);
    const logs = await sendPacked(data, 4);
    expect(logs).toHaveLength(5);
    logs.forEach((log, i) =>
      expectLog(log, "Message", messages[i]!.topic, chain.walletClients[4]!.account.address, messages[i]!.payload),
    );
  });

  it("rejects malformed packed calldata with custom errors", async () => {
    const topic16 = topicA.slice(2, 34);
    expect(await revertOf("0x09")).toMatchObject({ errorName: "UnknownKind", args: [9n] });
    expect(await revertOf("0x")).toMatchObject({ errorName: "UnknownKind", args: [2n ** 256n - 1n] });
    expect(await revertOf(`0x00${"11".repeat(15)}`)).toMatchObject({ errorName: "Truncated", args: [1n] });
    expect(await revertOf(`0x02${"11".repeat(31)}`)).toMatchObject({ errorName: "Truncated", args: [1n] });
    expect(await revertOf(`0x03${"11".repeat(20)}`)).toMatchObject({ errorName: "Truncated", args: [1n] });
    // Batch: a head promising 5 bytes with only 2 present.
    expect(await revertOf(`0x010005${topic16}aabb`)).toMatchObject({ errorName: "Truncated", args: [19n] });
    // Batch: a lone byte where a head should be.
    expect(await revertOf(`0x010000${topic16}ff`)).toMatchObject({ errorName: "Truncated", args: [19n] });
    // Batch: a missing topic.
    expect(await revertOf(`0x010001${"22".repeat(10)}`)).toMatchObject({ errorName: "Truncated", args: [3n] });
    // Batch: the first entry claims to reuse a previous topic.
    expect(await revertOf("0x018001aa")).toMatchObject({ errorName: "NoPreviousTopic", args: [1n] });
    // Account records: version + account (21 bytes) at least; the argument is the calldata size.
    expect(await revertOf(`0x04${"33".repeat(20)}`)).toMatchObject({ errorName: "Truncated", args: [21n] });
    expect(await revertOf(`0x05${"33".repeat(20)}`)).toMatchObject({ errorName: "Truncated", args: [21n] });
    expect(await revertOf("0x05")).toMatchObject({ errorName: "Truncated", args: [1n] });
  });

  it("the encoder refuses what the packed format cannot carry", () => {
    const payload = new Uint8Array(1);
    expect(() => encodePackedCall({ kind: "message", topic: tagC, payload })).toThrow(/compact/);
    expect(() => encodePackedCall({ kind: "message", topic: "0x1234", payload })).toThrow(/32-byte/);
    expect(() => encodePackedCall({ kind: "batch", messages: [] })).toThrow(/at least one/);
    expect(() => encodePackedCall({ kind: "binding", binding: new Uint8Array(20) })).toThrow(/at least 21/);
    expect(() => encodePackedCall({ kind: "prekeys", bundle: new Uint8Array(20) })).toThrow(/at least 21/);
    expect(() => encodePackedCall({ kind: "batch", messages: [{ topic: topicA, payload: new Uint8Array(0x8000) }] })).toThrow(
      /exceeds/,
    );
  });

  it("rejects value transfers (nothing payable, no receive)", async () => {
    const wallet = chain.walletClients[0]!;
    await expect(wallet.sendTransaction({ to: chain.deployment.address, value: 1n })).rejects.toThrow();
  });
});

describe("decodePackedCall", () => {
  it("inverts encodePackedCall for every kind", async () => {
    const { decodePackedCall } = await import("../../src/chain/decodePackedCall.ts");
    const calls = [
      { kind: "message" as const, topic: topicA, payload: bytes(85, 1) },
      { kind: "handshake" as const, recipientTag: tagC, payload: bytes(1300, 2) },
      { kind: "response" as const, responseTag: tagC, payload: bytes(10, 3) },
      { kind: "prekeys" as const, bundle: bytes(40, 4) },
      { kind: "binding" as const, binding: bytes(190, 5) },
      { kind: "batch" as const, messages: [{ topic: topicA, payload: bytes(5, 5) }, { topic: topicA, payload: bytes(0, 0) }, { topic: topicB, payload: bytes(9, 6) }] },
    ];
    for (const call of calls) expect(decodePackedCall(encodePackedCall(call))).toEqual(call);
    expect(() => decodePackedCall("0x09")).toThrow(/unknown kind/);
    expect(() => decodePackedCall("0x0011")).toThrow(/truncated/);
    expect(() => decodePackedCall("0x018001aa")).toThrow(/reuses a topic/);
  });
});
