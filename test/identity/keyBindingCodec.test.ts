import fc from "fast-check";
import { bytesToHex, getAddress, type Address, type Hex } from "viem";
import { describe, expect, it } from "vitest";
import { MAX_KEY_BINDING_DELEGATES } from "../../src/constants.ts";
import { BaseError } from "../../src/errors/BaseError.ts";
import { InvalidFieldError, TrailingBytesError, TruncatedPayloadError, UnknownVersionError } from "../../src/errors/wireErrors.ts";
import type { KeyBinding } from "../../src/identity/KeyBinding.ts";
import { decodeKeyBinding, decodeKeyBindingPrefix, encodeKeyBinding } from "../../src/wire/keyBindingCodec.ts";

const context = { chainId: 31337, contract: getAddress("0x5fbdb2315678afecb367f032d93f642f64180aa3") };
const bytes = (length: number) => fc.uint8Array({ minLength: length, maxLength: length });
const address = bytes(20)
  .filter((a) => a.some((b) => b !== 0))
  .map((a) => getAddress(bytesToHex(a)));

const arbitraryBinding: fc.Arbitrary<KeyBinding> = fc
  .record({
    account: address,
    x25519: bytes(32).map((b) => bytesToHex(b)),
    ed25519: bytes(32).map((b) => bytesToHex(b)),
    delegates: fc.uniqueArray(address, { maxLength: MAX_KEY_BINDING_DELEGATES, selector: (a) => a.toLowerCase() }),
    issuedAt: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
    signature: fc.oneof(bytes(65), fc.uint8Array({ minLength: 1, maxLength: 600 })).map((b) => bytesToHex(b)),
  })
  .filter((b) => !b.delegates.some((d) => d.toLowerCase() === b.account.toLowerCase()))
  .map((b) => ({ ...b, ...context }));

const sample: KeyBinding = {
  account: getAddress("0x70997970c51812dc3a010c7d01b50e0d17dc79c8"),
  x25519: `0x${"11".repeat(32)}`,
  ed25519: `0x${"22".repeat(32)}`,
  delegates: [getAddress("0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc")],
  issuedAt: 1_700_000_000n,
  signature: `0x${"33".repeat(64)}1b`,
  ...context,
};

const wireErrors = [TruncatedPayloadError, TrailingBytesError, UnknownVersionError, InvalidFieldError];
const isWireError = (error: unknown) => wireErrors.some((type) => error instanceof type);

describe("key binding codec", () => {
  it("has the documented layout: 161 bytes for an EOA binding without delegates", () => {
    const encoded = encodeKeyBinding({ ...sample, delegates: [] });
    expect(encoded).toHaveLength(161);
    expect(encoded[0]).toBe(1);
    expect(bytesToHex(encoded.subarray(1, 21))).toBe(sample.account.toLowerCase());
    expect(bytesToHex(encoded.subarray(85, 93))).toBe("0x000000006553f100");
    expect(encoded[93]).toBe(0);
    expect(bytesToHex(encoded.subarray(94, 96))).toBe("0x0041");
    expect(encodeKeyBinding(sample)).toHaveLength(181);
  });

  it("round-trips any valid binding, alone and embedded in a larger payload (property)", () => {
    fc.assert(
      fc.property(arbitraryBinding, fc.uint8Array({ maxLength: 40 }), fc.uint8Array({ maxLength: 40 }), (binding, before, after) => {
        const encoded = encodeKeyBinding(binding);
        expect(decodeKeyBinding(encoded, context)).toEqual(binding);
        const embedded = new Uint8Array([...before, ...encoded, ...after]);
        expect(decodeKeyBindingPrefix(embedded, before.length, context)).toEqual({ binding, end: before.length + encoded.length });
      }),
      { numRuns: 300 },
    );
  });

  it("decodes arbitrary or mutated bytes only into canonical bindings, otherwise throws a wire error (property)", () => {
    const mutated = fc
      .tuple(arbitraryBinding, fc.nat(), fc.integer({ min: 1, max: 255 }))
      .map(([binding, at, xor]) => {
        const encoded = encodeKeyBinding(binding);
        encoded[at % encoded.length]! ^= xor;
        return encoded;
      });
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 400 }), mutated), (input) => {
        let decoded: KeyBinding;
        try {
          decoded = decodeKeyBinding(input, context);
        } catch (error) {
          expect(isWireError(error)).toBe(true);
          return;
        }
        expect(encodeKeyBinding(decoded)).toEqual(input);
      }),
      { numRuns: 1000 },
    );
  });

  it("rejects every truncation and any trailing byte", () => {
    const encoded = encodeKeyBinding(sample);
    for (let length = 0; length < encoded.length; length++) {
      expect(() => decodeKeyBinding(encoded.slice(0, length), context)).toThrow(TruncatedPayloadError);
    }
    const error = (() => {
      try {
        decodeKeyBinding(new Uint8Array([...encoded, 0, 0]), context);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(TrailingBytesError);
    expect((error as TrailingBytesError).extra).toBe(2);
    expect(decodeKeyBindingPrefix(new Uint8Array([...encoded, 0, 0]), 0, context).end).toBe(encoded.length);
  });

  it("rejects an oversized delegate count before reading any delegate", () => {
    const encoded = encodeKeyBinding(sample);
    for (const count of [MAX_KEY_BINDING_DELEGATES + 1, 255]) {
      const bad = encoded.slice();
      bad[93] = count;
      expect(() => decodeKeyBinding(bad, context)).toThrow(InvalidFieldError);
    }
    // A count within the limit but more delegates than the bytes hold: truncated.
    const short = encoded.slice();
    short[93] = MAX_KEY_BINDING_DELEGATES;
    expect(() => decodeKeyBinding(short, context)).toThrow(TruncatedPayloadError);
  });

  it("rejects unknown versions, empty signatures and non-canonical delegates", () => {
    const encoded = encodeKeyBinding(sample);
    const edit = (change: (copy: Uint8Array) => void) => {
      const copy = encoded.slice();
      change(copy);
      return () => decodeKeyBinding(copy, context);
    };
    expect(edit((c) => (c[0] = 2))).toThrow(UnknownVersionError);
    expect(edit((c) => (c[0] = 0))).toThrow(UnknownVersionError);
    expect(() => decodeKeyBinding(encodeKeyBinding({ ...sample, delegates: [] }).fill(0, 94, 96).subarray(0, 96), context)).toThrow(
      InvalidFieldError,
    );
    expect(edit((c) => c.copyWithin(94, 1, 21))).toThrow(InvalidFieldError); // the account as its own delegate
    expect(edit((c) => c.fill(0, 94, 114))).toThrow(InvalidFieldError); // zero delegate
    expect(edit((c) => c.fill(0, 1, 21))).toThrow(InvalidFieldError); // zero account
    const twice = encodeKeyBinding({ ...sample, delegates: [sample.delegates[0]!, getAddress(`0x${"44".repeat(20)}`)] });
    twice.copyWithin(114, 94, 114);
    expect(() => decodeKeyBinding(twice, context)).toThrow(InvalidFieldError);
  });

  it("refuses to encode what it would not decode", () => {
    const many = Array.from({ length: MAX_KEY_BINDING_DELEGATES + 1 }, (_, i) => getAddress(`0x${(i + 1).toString(16).padStart(40, "0")}`));
    const bad: Partial<KeyBinding>[] = [
      { delegates: many },
      { delegates: [sample.account] },
      { delegates: [sample.delegates[0]!, sample.delegates[0]!.toLowerCase() as Address] },
      { x25519: "0x1234" },
      { issuedAt: -1n },
      { issuedAt: 1n << 64n },
      { signature: "0x" },
      { signature: `0x${"00".repeat(0x10000)}` as Hex },
      { account: "0x0000000000000000000000000000000000000000" },
    ];
    for (const change of bad) expect(() => encodeKeyBinding({ ...sample, ...change })).toThrow(InvalidFieldError);
    const maxSignature = { ...sample, signature: `0x${"ab".repeat(0xffff)}` as Hex };
    expect(decodeKeyBinding(encodeKeyBinding(maxSignature), context)).toEqual(maxSignature);
  });

  it("takes chainId and contract from the caller, never from the bytes", () => {
    const elsewhere = { chainId: 8453, contract: getAddress(`0x${"cd".repeat(20)}`) };
    expect(decodeKeyBinding(encodeKeyBinding(sample), elsewhere)).toEqual({ ...sample, ...elsewhere });
    expect(() => decodeKeyBinding(encodeKeyBinding(sample), { ...context, chainId: 0 })).toThrow(BaseError);
  });
});
