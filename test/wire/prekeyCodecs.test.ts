import fc from "fast-check";
import { bytesToHex, getAddress, type Address } from "viem";
import { describe, expect, it } from "vitest";
import { InvalidFieldError, TrailingBytesError, TruncatedPayloadError, UnknownVersionError } from "../../src/errors/wireErrors.ts";
import { arbitraryDeviceBinding } from "../fixtures/bindingArbitraries.ts";
import { encodeDeviceBinding } from "../../src/wire/keyBindingCodec.ts";
import { decodeKyberPrekeyRecord, encodeKyberPrekeyRecord } from "../../src/wire/kyberPrekeyRecordCodec.ts";
import { decodePrekeyBundle, encodePrekeyBundleBody } from "../../src/wire/prekeyBundleCodec.ts";
import {
  decodePrekeyHandshakeBox,
  encodePrekeyHandshakeBox,
  encodePrekeyHandshakeHeader,
  MIN_PREKEY_HANDSHAKE_PAYLOAD,
  splitPrekeyHandshake,
} from "../../src/wire/prekeyHandshakePayload.ts";
import { decodeSignedPrekeyRecord, encodeSignedPrekeyRecord } from "../../src/wire/signedPrekeyRecordCodec.ts";

const context = { chainId: 31337, contract: getAddress("0x5fbdb2315678afecb367f032d93f642f64180aa3") as Address };
const bytes = (length: number) => fc.uint8Array({ minLength: length, maxLength: length });
const address = bytes(20)
  .filter((a) => a.some((b) => b !== 0))
  .map((a) => getAddress(bytesToHex(a)));
const owner = arbitraryDeviceBinding(context);
const time = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });

const wireErrors = [TruncatedPayloadError, TrailingBytesError, UnknownVersionError, InvalidFieldError];
const expectWireError = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    expect(wireErrors.some((type) => error instanceof type)).toBe(true);
    return;
  }
  throw new Error("expected a wire error");
};

describe("prekey bundle codec", () => {
  const body = fc.record({
    prekeyId: fc.integer({ min: 1, max: 0xffff_ffff }),
    createdAt: time,
    signedPrekey: bytes(32),
    kemPublicKey: bytes(1184),
    owner,
  });

  it("round-trips, and every truncation or unknown version is a typed error", () => {
    fc.assert(
      fc.property(body, bytes(64), fc.nat(), (fields, signature, cut) => {
        const encoded = encodePrekeyBundleBody(fields);
        const bundle = new Uint8Array([...encoded, ...signature]);
        const decoded = decodePrekeyBundle(bundle, context);
        expect({ ...decoded, owner: encodeDeviceBinding(decoded.owner) }).toEqual({
          ...fields,
          owner: encodeDeviceBinding(fields.owner),
          signed: encoded,
          signature,
        });
        expectWireError(() => decodePrekeyBundle(bundle.subarray(0, cut % bundle.length), context));
        expectWireError(() => decodePrekeyBundle(new Uint8Array([...bundle, 0]), context));
        expectWireError(() => decodePrekeyBundle(new Uint8Array([3, ...bundle.subarray(1)]), context));
      }),
      { numRuns: 60 },
    );
  });

  it("refuses ids and sizes it cannot carry", () => {
    const fields = { prekeyId: 1, createdAt: 1, signedPrekey: new Uint8Array(32), kemPublicKey: new Uint8Array(1184) };
    const o = fc.sample(owner, 1)[0]!;
    expect(() => encodePrekeyBundleBody({ ...fields, owner: o, prekeyId: 0 })).toThrow(InvalidFieldError);
    expect(() => encodePrekeyBundleBody({ ...fields, owner: o, prekeyId: 2 ** 32 })).toThrow(InvalidFieldError);
    expect(() => encodePrekeyBundleBody({ ...fields, owner: o, signedPrekey: new Uint8Array(31) })).toThrow(InvalidFieldError);
    expect(() => encodePrekeyBundleBody({ ...fields, owner: o, kemPublicKey: new Uint8Array(1183) })).toThrow(InvalidFieldError);
    const zeroId = new Uint8Array([...encodePrekeyBundleBody({ ...fields, owner: o }), ...new Uint8Array(64)]);
    zeroId.fill(0, 21, 25); // the id follows the version byte and the account
    expect(() => decodePrekeyBundle(zeroId, context)).toThrow(InvalidFieldError);
  });
});

describe("prekey handshake payload codec", () => {
  it("splits the clear header and round-trips the box; short or unknown payloads are typed errors", () => {
    fc.assert(
      fc.property(
        bytes(32),
        fc.nat({ max: 255 }),
        bytes(1088),
        owner,
        bytes(64),
        fc.uint8Array({ minLength: 51, maxLength: 300 }),
        (ephemeralKey, viewTag, kemCipherText, initiator, signature, message) => {
          const bindingBytes = encodeDeviceBinding(initiator);
          const plain = encodePrekeyHandshakeBox({ kemCipherText, bindingBytes, signature, message });
          const box = decodePrekeyHandshakeBox(plain, context);
          expect(box.kemCipherText).toEqual(kemCipherText);
          expect(box.bindingBytes).toEqual(bindingBytes);
          expect(box.initiator).toEqual(initiator);
          expect(box.signature).toEqual(signature);
          expect(box.message).toEqual(message);

          const header = encodePrekeyHandshakeHeader(ephemeralKey, viewTag);
          const payload = new Uint8Array([...header, ...plain, ...new Uint8Array(16)]);
          const split = splitPrekeyHandshake(payload);
          expect(split.ephemeralKey).toEqual(ephemeralKey);
          expect(split.viewTag).toBe(viewTag);
          expect(split.header).toEqual(header);
          expect(split.box.length).toBe(payload.length - 34);
          expectWireError(() => splitPrekeyHandshake(payload.subarray(0, MIN_PREKEY_HANDSHAKE_PAYLOAD - 1)));
          expectWireError(() => splitPrekeyHandshake(new Uint8Array([9, ...payload.subarray(1)])));
          expectWireError(() => decodePrekeyHandshakeBox(plain.subarray(0, plain.length - message.length + 10), context));
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe("own prekey record codecs", () => {
  it("round-trip signed and Kyber prekey records", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 0xffff_ffff }),
        bytes(32),
        bytes(32),
        time,
        fc.option(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), { nil: null }),
        fc.option(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), { nil: null }),
        fc.uint8Array({ minLength: 1, maxLength: 1600 }),
        bytes(64),
        (id, secretKey, publicKey, createdAt, publishedAt, supersededAt, bundle, seed) => {
          const record = { id, keyPair: { secretKey, publicKey }, createdAt, publishedAt, supersededAt, bundle };
          const encoded = encodeSignedPrekeyRecord(record);
          expect(decodeSignedPrekeyRecord(encoded)).toEqual(record);
          expectWireError(() => decodeSignedPrekeyRecord(encoded.subarray(0, 93)));
          expectWireError(() => decodeSignedPrekeyRecord(new Uint8Array([0, ...encoded.subarray(1)])));

          const kyber = encodeKyberPrekeyRecord({ id, seed });
          expect(decodeKyberPrekeyRecord(kyber)).toEqual({ id, seed });
          expectWireError(() => decodeKyberPrekeyRecord(kyber.subarray(0, 68)));
          expectWireError(() => decodeKyberPrekeyRecord(new Uint8Array([...kyber, 1])));
        },
      ),
      { numRuns: 100 },
    );
  });
});
