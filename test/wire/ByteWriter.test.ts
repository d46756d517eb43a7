import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ByteReader } from "../../src/wire/ByteReader.ts";
import { ByteWriter, uvarintLength } from "../../src/wire/ByteWriter.ts";

type Field = { kind: "u8" | "u16" | "u32"; value: number } | { kind: "u64"; value: bigint } | { kind: "uvarint"; value: number } | { kind: "bytes"; value: Uint8Array };

const field: fc.Arbitrary<Field> = fc.oneof(
  fc.record({ kind: fc.constant("u8" as const), value: fc.integer({ min: 0, max: 0xff }) }),
  fc.record({ kind: fc.constant("u16" as const), value: fc.integer({ min: 0, max: 0xffff }) }),
  fc.record({ kind: fc.constant("u32" as const), value: fc.integer({ min: 0, max: 0xffff_ffff }) }),
  fc.record({ kind: fc.constant("u64" as const), value: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }) }),
  fc.record({ kind: fc.constant("uvarint" as const), value: fc.integer({ min: 0, max: 0xffff_ffff }) }),
  fc.record({ kind: fc.constant("bytes" as const), value: fc.uint8Array({ maxLength: 300 }) }),
);

describe("ByteWriter / ByteReader", () => {
  it("round-trip any field sequence, whatever the initial capacity (growth included)", () => {
    fc.assert(
      fc.property(fc.array(field, { maxLength: 40 }), fc.integer({ min: 1, max: 64 }), (fields, capacity) => {
        const w = new ByteWriter(capacity);
        for (const f of fields) (w[f.kind] as (v: unknown) => ByteWriter)(f.value);
        const bytes = w.finish();
        const r = new ByteReader("test", bytes);
        for (const f of fields) {
          const got = f.kind === "bytes" ? r.bytesCopy(f.value.length) : f.kind === "uvarint" ? r.uvarint("v") : r[f.kind]();
          expect(got).toEqual(f.value);
        }
        r.end();
      }),
    );
  });

  it("uvarintLength matches the encoding, and the reader refuses non-minimal or oversized varints", () => {
    for (const v of [0, 127, 128, 16383, 16384, 0xffff_ffff]) expect(new ByteWriter(1).uvarint(v).finish().length).toBe(uvarintLength(v));
    expect(() => new ByteReader("t", Uint8Array.of(0x80, 0x00)).uvarint("v")).toThrow(expect.objectContaining({ code: "WIRE_INVALID_FIELD" }));
    expect(() => new ByteReader("t", Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0x7f)).uvarint("v")).toThrow(expect.objectContaining({ code: "WIRE_INVALID_FIELD" }));
    expect(() => new ByteReader("t", Uint8Array.of(0x80)).uvarint("v")).toThrow(expect.objectContaining({ code: "WIRE_TRUNCATED" }));
  });
});
