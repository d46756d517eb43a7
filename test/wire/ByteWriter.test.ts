import { describe, expect, it } from "vitest";
import { ratchetDecrypt } from "../../src/ratchet/ratchetDecrypt.ts";
import { ratchetEncrypt } from "../../src/ratchet/ratchetEncrypt.ts";
import { ByteWriter } from "../../src/wire/ByteWriter.ts";
import { decodeSession, encodeSession } from "../../src/wire/sessionCodec.ts";
import { sessionPair } from "../ratchet/conversation.ts";

describe("ByteWriter", () => {
  it("keeps every byte when a write grows the buffer (u8 and bytes alike)", () => {
    const big = Uint8Array.from({ length: 1000 }, (_, i) => i & 0xff);
    expect(new ByteWriter(4).u8(7).bytes(big).u8(9).finish()).toEqual(Uint8Array.of(7, ...big, 9));
    expect(new ByteWriter(2).u8(1).u8(2).u8(3).u8(4).finish()).toEqual(Uint8Array.of(1, 2, 3, 4));
  });

  it("a session larger than the encoder's first buffer (many skipped keys) round-trips", async () => {
    let { initiator, responder } = await sessionPair("many skipped");
    let last!: Awaited<ReturnType<typeof ratchetEncrypt>>;
    for (let i = 0; i < 60; i++) {
      last = await ratchetEncrypt(responder, new TextEncoder().encode(`m${i}`));
      responder = last.session;
    }
    initiator = (await ratchetDecrypt(initiator, last.payload, { topic: last.topic })).session;
    expect(initiator.skipped.length).toBe(59);
    const bytes = encodeSession(initiator);
    expect(bytes.length).toBeGreaterThan(1024);
    expect(encodeSession(decodeSession(bytes))).toEqual(bytes);
  });
});
