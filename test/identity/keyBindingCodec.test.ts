import fc from "fast-check";
import { bytesToHex, getAddress, type Address, type Hex } from "viem";
import { describe, expect, it } from "vitest";
import { MAX_BINDING_DEVICES, MAX_KEY_BINDING_DELEGATES } from "../../src/constants.ts";
import { BaseError } from "../../src/errors/BaseError.ts";
import { InvalidFieldError, TrailingBytesError, TruncatedPayloadError, UnknownVersionError } from "../../src/errors/wireErrors.ts";
import type { KeyBinding } from "../../src/identity/KeyBinding.ts";
import { arbitraryBinding } from "../fixtures/bindingArbitraries.ts";
import {
  decodeDeviceBindingPrefix,
  decodeKeyBinding,
  decodeKeyBindingPrefix,
  encodeDeviceBinding,
  encodeKeyBinding,
} from "../../src/wire/keyBindingCodec.ts";
import { decodeLegacyKeyBindingPrefix } from "../../src/wire/legacyKeyBindingCodec.ts";

const context = { chainId: 31337, contract: getAddress("0x5fbdb2315678afecb367f032d93f642f64180aa3") };
const bytes = (length: number) => fc.uint8Array({ minLength: length, maxLength: length });
const address = bytes(20)
  .filter((a) => a.some((b) => b !== 0))
  .map((a) => getAddress(bytesToHex(a)));

const arbitrary = arbitraryBinding(context);

const sample: KeyBinding = {
  account: getAddress("0x70997970c51812dc3a010c7d01b50e0d17dc79c8"),
  sequence: 7n,
  expiresAt: 1_700_000_000n,
  devices: [{ x25519: `0x${"11".repeat(32)}`, ed25519: `0x${"22".repeat(32)}`, sender: null }],
  delegates: [getAddress("0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc")],
  signature: `0x${"33".repeat(64)}1b`,
  ...context,
};
/** Offsets in `sample`'s encoding (one device, one delegate). */
const at = { deviceCount: 37, device: 38, delegateCount: 122, delegate: 123, signatureLength: 143 };

const wireErrors = [TruncatedPayloadError, TrailingBytesError, UnknownVersionError, InvalidFieldError];
const isWireError = (error: unknown) => wireErrors.some((type) => error instanceof type);

describe("key binding codec", () => {
  it("has the documented layout: 190 bytes for an EOA binding of one device without delegates", () => {
    const encoded = encodeKeyBinding({ ...sample, delegates: [] });
    expect(encoded).toHaveLength(190);
    expect(encoded[0]).toBe(2);
    // The account right after the version byte: where the contract reads it to index the Binding log.
    expect(bytesToHex(encoded.subarray(1, 21))).toBe(sample.account.toLowerCase());
    expect(bytesToHex(encoded.subarray(21, 29))).toBe("0x0000000000000007");
    expect(bytesToHex(encoded.subarray(29, 37))).toBe("0x000000006553f100");
    expect(encoded[37]).toBe(1);
    expect(bytesToHex(encoded.subarray(38, 70))).toBe(sample.devices[0]!.x25519);
    expect(bytesToHex(encoded.subarray(70, 102))).toBe(sample.devices[0]!.ed25519);
    expect(bytesToHex(encoded.subarray(102, 122))).toBe(`0x${"00".repeat(20)}`); // no sender of its own
    expect(encoded[122]).toBe(0);
    expect(bytesToHex(encoded.subarray(123, 125))).toBe("0x0041");
    expect(encodeKeyBinding(sample)).toHaveLength(210);
  });

  it("names one device of a binding with an index byte, refusing an index outside the list", () => {
    const encoded = encodeDeviceBinding({ binding: sample, device: 0 });
    expect(decodeDeviceBindingPrefix(encoded, 0, context)).toEqual({ binding: sample, device: 0, end: encoded.length });
    const outside = encoded.slice();
    outside[outside.length - 1] = 1;
    expect(() => decodeDeviceBindingPrefix(outside, 0, context)).toThrow(InvalidFieldError);
    expect(() => decodeDeviceBindingPrefix(encoded.subarray(0, encoded.length - 1), 0, context)).toThrow(TruncatedPayloadError);
    expect(() => encodeDeviceBinding({ binding: { ...sample, devices: [] }, device: 0 })).toThrow(InvalidFieldError);
  });

  it("still reads a protocol-v1 binding stored in an old conversation state, as a legacy binding (sequence 0)", () => {
    const v1 = new Uint8Array(96 + 65);
    v1[0] = 1;
    v1.set(Array.from({ length: 20 }, () => 0x70), 1);
    v1.fill(0x11, 21, 53);
    v1.fill(0x22, 53, 85);
    v1[95] = 65;
    const { binding, end } = decodeLegacyKeyBindingPrefix(v1, 0, context);
    expect(end).toBe(v1.length);
    expect(binding).toMatchObject({ sequence: 0n, devices: [{ x25519: `0x${"11".repeat(32)}`, ed25519: `0x${"22".repeat(32)}`, sender: null }] });
    // The current decoder refuses it: nothing from the chain can be a v1 binding any more.
    expect(() => decodeKeyBinding(v1, context)).toThrow(UnknownVersionError);
  });

  it("round-trips any valid binding, alone and embedded in a larger payload (property)", () => {
    fc.assert(
      fc.property(arbitrary, fc.uint8Array({ maxLength: 40 }), fc.uint8Array({ maxLength: 40 }), (binding, before, after) => {
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
      .tuple(arbitrary, fc.nat(), fc.integer({ min: 1, max: 255 }))
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

  it("rejects oversized device and delegate counts before reading them", () => {
    const encoded = encodeKeyBinding(sample);
    for (const [offset, limit] of [[at.deviceCount, MAX_BINDING_DEVICES], [at.delegateCount, MAX_KEY_BINDING_DELEGATES]] as const) {
      for (const count of [limit + 1, 255]) {
        const bad = encoded.slice();
        bad[offset] = count;
        expect(() => decodeKeyBinding(bad, context)).toThrow(InvalidFieldError);
      }
    }
    // A count within the limit but more delegates than the bytes hold: truncated.
    const short = encoded.slice();
    short[at.delegateCount] = MAX_KEY_BINDING_DELEGATES;
    expect(() => decodeKeyBinding(short, context)).toThrow(TruncatedPayloadError);
  });

  it("rejects unknown versions, empty signatures and non-canonical delegates", () => {
    const encoded = encodeKeyBinding(sample);
    const edit = (change: (copy: Uint8Array) => void) => {
      const copy = encoded.slice();
      change(copy);
      return () => decodeKeyBinding(copy, context);
    };
    expect(edit((c) => (c[0] = 1))).toThrow(UnknownVersionError);
    expect(edit((c) => (c[0] = 3))).toThrow(UnknownVersionError);
    expect(edit((c) => c.fill(0, 21, 29))).toThrow(InvalidFieldError); // sequence 0
    const noDelegates = encodeKeyBinding({ ...sample, delegates: [] });
    expect(() => decodeKeyBinding(noDelegates.fill(0, at.delegateCount + 1, at.delegateCount + 3).subarray(0, at.delegateCount + 3), context)).toThrow(
      InvalidFieldError,
    ); // empty signature
    expect(edit((c) => c.copyWithin(at.delegate, 1, 21))).toThrow(InvalidFieldError); // the account as its own delegate
    expect(edit((c) => c.fill(0, at.delegate, at.delegate + 20))).toThrow(InvalidFieldError); // zero delegate
    expect(edit((c) => c.fill(0, 1, 21))).toThrow(InvalidFieldError); // zero account
    expect(edit((c) => c.copyWithin(at.device + 32, at.device, at.device + 32))).toThrow(InvalidFieldError); // one key twice
    const twice = encodeKeyBinding({ ...sample, delegates: [sample.delegates[0]!, getAddress(`0x${"44".repeat(20)}`)] });
    twice.copyWithin(at.delegate + 20, at.delegate, at.delegate + 20);
    expect(() => decodeKeyBinding(twice, context)).toThrow(InvalidFieldError);
  });

  it("refuses to encode what it would not decode", () => {
    const many = Array.from({ length: MAX_KEY_BINDING_DELEGATES + 1 }, (_, i) => getAddress(`0x${(i + 1).toString(16).padStart(40, "0")}`));
    const bad: Partial<KeyBinding>[] = [
      { delegates: many },
      { delegates: [sample.account] },
      { delegates: [sample.delegates[0]!, sample.delegates[0]!.toLowerCase() as Address] },
      { devices: [{ ...sample.devices[0]!, x25519: "0x1234" }] },
      { devices: [sample.devices[0]!, sample.devices[0]!] },
      { devices: Array.from({ length: MAX_BINDING_DEVICES + 1 }, (_, i) => ({ x25519: `0x${(2 * i + 1).toString(16).padStart(64, "0")}` as Hex, ed25519: `0x${(2 * i + 2).toString(16).padStart(64, "0")}` as Hex, sender: null })) },
      { sequence: 0n },
      { sequence: 1n << 64n },
      { expiresAt: -1n },
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
