import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidStoreInputError, StoreCorruptError } from "../../src/errors/storeErrors.ts";
import { decodeRecord, encodeRecord } from "../../src/store/core/recordCodec.ts";

const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  leaf: fc.oneof(
    fc.constant(null),
    fc.boolean(),
    fc.double({ noNaN: true }),
    fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
    fc.maxSafeInteger(),
    fc.string({ unit: "grapheme" }),
    fc.uint8Array({ maxLength: 40 }).map((b) => `0x${Buffer.from(b).toString("hex")}`),
    fc.stringMatching(/^0[xX][0-9a-fA-F]{0,9}$/),
    fc.bigInt({ min: -(2n ** 200n), max: 2n ** 200n }),
    fc.uint8Array({ maxLength: 300 }),
  ),
  node: fc.oneof({ depthSize: "small" }, tie("leaf"), fc.array(tie("node"), { maxLength: 5 }), fc.dictionary(fc.string(), tie("node"), { maxKeys: 5 })),
})).node;

describe("record codec", () => {
  it("round-trips every supported value exactly (property)", () => {
    fc.assert(
      fc.property(value, (v) => {
        expect(decodeRecord(encodeRecord(v))).toEqual(v);
      }),
      { numRuns: 300 },
    );
  });

  it("keeps -0, non-integers, huge bigints and long strings", () => {
    const record = { zero: -0, pi: 3.14, big: -(2n ** 130n) + 7n, text: "é".repeat(500), nested: [[new Uint8Array([1, 2])]] };
    expect(decodeRecord(encodeRecord(record))).toEqual(record);
    expect(Object.is(decodeRecord<typeof record>(encodeRecord(record)).zero, -0)).toBe(true);
  });

  it("stores lowercase hex text as bytes, and any other text exactly", () => {
    const hash = `0x${"ab".repeat(32)}`;
    expect(encodeRecord(hash).length).toBe(1 + 1 + 1 + 32);
    for (const text of [hash, "0x", "0xABcd", "0xabc", "0x12zz", `${hash}:3`]) expect(decodeRecord(encodeRecord(text))).toBe(text);
  });

  it("decodes fresh copies: changing a decoded array leaves the stored bytes alone", () => {
    const stored = encodeRecord({ b: new Uint8Array([1, 2, 3]) });
    decodeRecord<{ b: Uint8Array }>(stored).b.fill(9);
    expect(decodeRecord(stored)).toEqual({ b: new Uint8Array([1, 2, 3]) });
  });

  it("leaves out undefined fields and refuses values it cannot store", () => {
    expect(decodeRecord(encodeRecord({ a: 1, b: undefined }))).toEqual({ a: 1 });
    for (const bad of [undefined, () => 1, new Map(), new Date(0), Symbol("s"), "lone \ud800 surrogate", new Uint16Array(2)]) {
      expect(() => encodeRecord([bad])).toThrow(InvalidStoreInputError);
    }
    expect(() => encodeRecord({ ["\udc00"]: 1 })).toThrow(InvalidStoreInputError);
  });

  it("rejects truncated, padded, unknown-version and garbled records with StoreCorruptError", () => {
    const good = encodeRecord({ state: new Uint8Array(40).fill(1), n: 5n, s: "text" });
    const bad = [new Uint8Array(0), good.subarray(0, good.length - 1), new Uint8Array([...good, 0]), new Uint8Array([2, ...good.subarray(1)]), new Uint8Array([1, 0xee])];
    for (const bytes of bad) expect(() => decodeRecord(bytes)).toThrow(StoreCorruptError);
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), (garbage) => {
        try {
          decodeRecord(new Uint8Array([1, ...garbage]));
        } catch (error) {
          expect(error).toBeInstanceOf(StoreCorruptError);
        }
      }),
    );
  });

  it("does not let a stored __proto__ field reach the prototype", () => {
    const decoded = decodeRecord<Record<string, unknown>>(encodeRecord(JSON.parse('{"__proto__": {"polluted": true}}')));
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
