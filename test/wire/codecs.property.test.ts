import fc from "fast-check";
import { bytesToHex, getAddress, type Address, type Hex } from "viem";
import { describe, expect, it } from "vitest";
import { decodePackedCall } from "../../src/chain/decodePackedCall.ts";
import { encodePackedCall, type PackedCall } from "../../src/chain/encodePackedCall.ts";
import { decodeMessageContent, encodeMessageContent } from "../../src/client/messageContent.ts";
import { decodeConversationState, encodeConversationState } from "../../src/wire/conversationStateCodec.ts";
import { decodeHandshakePayload, encodeHandshakeBody } from "../../src/wire/handshakePayload.ts";
import { decodeHandshakeSecret, encodeHandshakeSecret } from "../../src/wire/handshakeSecretCodec.ts";
import { decodeResponseBox, encodeResponseBoxBody } from "../../src/wire/responsePayload.ts";
import { sessionPair } from "../ratchet/conversation.ts";
import { arbitraryDeviceBinding } from "../fixtures/bindingArbitraries.ts";

const context = { chainId: 31337, contract: getAddress("0x5FbDB2315678afecb367f032d93F642f64180aa3") };
const bytes = (n: number) => fc.uint8Array({ minLength: n, maxLength: n });
const address = bytes(20).map((b) => getAddress(bytesToHex(b)) as Address);
const word = bytes(32).map((b) => bytesToHex(b));
const compactTopic = bytes(16).map((b): Hex => `${bytesToHex(b)}${"0".repeat(32)}`);
const note = fc.option(fc.string({ minLength: 1, maxLength: 60 }), { nil: null });
const author = arbitraryDeviceBinding(context);

describe("codec round trips (fast-check)", () => {
  it("handshake payload", () => {
    fc.assert(
      fc.property(bytes(32), bytes(1184), author, note, bytes(64), (ephemeralKey, kemPublicKey, initiator, n, signature) => {
        const body = encodeHandshakeBody({ ephemeralKey, kemPublicKey, initiator, note: n });
        const decoded = decodeHandshakePayload(Uint8Array.from([...body, ...signature]), context);
        expect(decoded).toEqual({ ephemeralKey, kemPublicKey, initiator, note: n, signed: body, signature });
      }),
      { numRuns: 100 },
    );
  });

  it("response box", () => {
    fc.assert(
      fc.property(bytes(32), bytes(1088), author, note, bytes(64), (ratchetKey, kemCipherText, responder, n, signature) => {
        const body = encodeResponseBoxBody({ ratchetKey, kemCipherText, responder, note: n });
        expect(decodeResponseBox(Uint8Array.from([...body, ...signature]), context)).toEqual({ ratchetKey, kemCipherText, responder, note: n, signed: body, signature });
      }),
      { numRuns: 100 },
    );
  });

  it("handshake secret", () => {
    fc.assert(
      fc.property(address, address, fc.integer({ min: 1, max: 2 ** 40 }), address, bytes(32), bytes(32), bytes(64), bytes(32), fc.integer({ min: 0, max: 2 ** 40 }), (account, recipient, chainId, contract, secretKey, publicKey, kemSeed, handshakeHash, createdAt) => {
        const secret = { account, recipient, chainId, contract, ephemeralKey: { secretKey, publicKey }, kemSeed, handshakeHash, createdAt };
        expect(decodeHandshakeSecret(encodeHandshakeSecret(secret))).toEqual(secret);
      }),
    );
  });

  it("conversation state", async () => {
    const { initiator, responder } = await sessionPair("codec property");
    fc.assert(
      fc.property(author, fc.array(fc.record({ topic: compactTopic, fromBlock: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }) }), { maxLength: 16 }), fc.boolean(), fc.option(word, { nil: null }), fc.constantFrom("active" as const, "request" as const, "revoked" as const), fc.boolean(), fc.option(fc.array(compactTopic, { minLength: 1, maxLength: 5 }), { nil: undefined }), (peer, unscanned, which, prekeyOrigin, status, rewound, sentTopics) => {
        const state = { ratchet: which ? initiator : responder, peer, unscanned, prekeyOrigin, status, rewound, ...(sentTopics ? { sentTopics } : {}) };
        expect(decodeConversationState(encodeConversationState(state), context)).toEqual(state);
      }),
      { numRuns: 100 },
    );
  });

  it("message content", () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (text) => {
      fc.pre(!/[\uD800-\uDFFF]/.test(text)); // lone surrogates are not UTF-8 encodable text
      expect(decodeMessageContent(encodeMessageContent(text))).toEqual({ type: "text", text });
    }));
  });

  it("packed calldata", () => {
    const payload = fc.uint8Array({ maxLength: 400 });
    const call: fc.Arbitrary<PackedCall> = fc.oneof(
      fc.record({ kind: fc.constant("message" as const), topic: compactTopic, payload }),
      fc.record({ kind: fc.constant("handshake" as const), recipientTag: word, payload }),
      fc.record({ kind: fc.constant("response" as const), responseTag: word, payload }),
      fc.record({ kind: fc.constant("prekeys" as const), bundle: fc.uint8Array({ minLength: 21, maxLength: 400 }) }),
      fc.record({ kind: fc.constant("binding" as const), binding: fc.uint8Array({ minLength: 21, maxLength: 400 }) }),
      fc.record({ kind: fc.constant("batch" as const), messages: fc.array(fc.record({ topic: fc.constantFrom<Hex>(`0x${"11".repeat(16)}${"0".repeat(32)}`, `0x${"22".repeat(16)}${"0".repeat(32)}`), payload }), { minLength: 1, maxLength: 8 }) }),
    );
    fc.assert(
      fc.property(call, (c) => {
        expect(decodePackedCall(encodePackedCall(c))).toEqual(c);
      }),
    );
  });
});
