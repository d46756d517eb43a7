import fc from "fast-check";
import { bytesToHex, getAddress, type Address, type Hex } from "viem";
import { describe, expect, it } from "vitest";
import { MAX_GROUP_MEMBERS, MAX_SENDER_KEY_STATES } from "../../src/constants.ts";
import type { GroupControl } from "../../src/group/GroupControl.ts";
import type { GroupState, MembershipChange } from "../../src/group/Membership.ts";
import type { OwnSenderKey, SenderKeyRecord } from "../../src/group/SenderKey.ts";
import { sortAddresses } from "../../src/wire/addressList.ts";
import { ByteWriter } from "../../src/wire/ByteWriter.ts";
import { decodeGroupControl, encodeGroupControl } from "../../src/wire/groupControlCodec.ts";
import { decodeGroupIndex, encodeGroupIndex } from "../../src/wire/groupIndexCodec.ts";
import { splitGroupMessagePayload } from "../../src/wire/groupMessagePayload.ts";
import { decodeGroupState, encodeGroupState } from "../../src/wire/groupStateCodec.ts";
import { decodeOwnSenderKey, encodeOwnSenderKey } from "../../src/wire/ownSenderKeyCodec.ts";
import { decodeSenderKeyRecord, encodeSenderKeyRecord } from "../../src/wire/senderKeyRecordCodec.ts";

const bytes = (n: number) => fc.uint8Array({ minLength: n, maxLength: n });
const address: fc.Arbitrary<Address> = bytes(20).map((b) => getAddress(bytesToHex(b)));
const addresses = (min: number, max: number) => fc.uniqueArray(address, { minLength: min, maxLength: max, selector: (a) => a.toLowerCase() }).map(sortAddresses);
const groupId: fc.Arbitrary<Hex> = bytes(16).map(bytesToHex);
const topic: fc.Arbitrary<Hex> = bytes(16).map((b) => `${bytesToHex(b)}${"0".repeat(32)}` as Hex);
const u32 = fc.integer({ min: 0, max: 0xffff_ffff });
const name = fc.string({ maxLength: 20 });

const salt = fc.option(bytes(16).filter((b) => b.some((x) => x !== 0)).map((b) => bytesToHex(b)), { nil: null });
const membership = fc
  .record({ epoch: fc.integer({ min: 1, max: 0xffff_ffff }), salt, name, members: addresses(1, 12) })
  .chain((m) => fc.constantFrom(...m.members).map((creator) => ({ ...m, creator })));
const change: fc.Arbitrary<MembershipChange> = fc
  .record({ epoch: fc.integer({ min: 2, max: 0xffff_ffff }), added: addresses(0, 4), removed: addresses(0, 4), digest: bytes(16) })
  .filter((c) => c.added.length + c.removed.length > 0);
const distribution = fc.record({ chainSecret: bytes(32), iteration: u32.filter((i) => i < 0xffff_ffff), chainKey: bytes(32), signingPublicKey: bytes(32) });

const control: fc.Arbitrary<GroupControl> = fc
  .record({ groupId, membership: fc.option(membership, { nil: undefined }), change: fc.option(change, { nil: undefined }), distribution: fc.option(distribution, { nil: undefined }) }, { requiredKeys: ["groupId"] })
  .filter((c) => Boolean(c.membership || c.change || c.distribution))
  .map((c) => Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined)) as unknown as GroupControl);

const senderKeyRecord: fc.Arbitrary<SenderKeyRecord> = fc
  .uniqueArray(fc.record({ topic, headerKey: bytes(32), signingPublicKey: bytes(32), iteration: u32, chainKey: bytes(32) }), { maxLength: MAX_SENDER_KEY_STATES, selector: (s) => s.topic })
  .chain((states) =>
    states.length === 0
      ? fc.constant<SenderKeyRecord>({ states, skipped: [] })
      : fc.record<SenderKeyRecord>({ states: fc.constant(states), skipped: fc.array(fc.record({ topic: fc.constantFrom(...states.map((s) => s.topic)), iteration: u32, messageKey: bytes(32), storedAt: u32 }), { maxLength: 6 }) }),
  );

const ownKey: fc.Arbitrary<OwnSenderKey> = fc.record({
  chainSecret: bytes(32),
  topic,
  headerKey: bytes(32),
  signingKey: fc.record({ seed: bytes(32), publicKey: bytes(32) }),
  iteration: u32,
  chainKey: bytes(32),
  entries: fc.array(fc.record({ iteration: u32, chainKey: bytes(32), members: addresses(1, 5) }), { maxLength: 4 }),
});

const groupState: fc.Arbitrary<GroupState> = fc.record({
  membership: fc.tuple(groupId, membership).map(([id, m]) => ({ groupId: id, ...m })),
  left: fc.boolean(),
  held: fc.array(change, { maxLength: 3 }),
  chains: fc.array(fc.record({ topic, sender: address }), { maxLength: 6 }),
});

describe("group codecs", () => {
  it("round-trip every format exactly", () => {
    fc.assert(fc.property(control, (c) => {
      expect(decodeGroupControl(encodeGroupControl(c))).toEqual(c);
    }), { numRuns: 300 });
    fc.assert(fc.property(senderKeyRecord, (r) => {
      expect(decodeSenderKeyRecord(encodeSenderKeyRecord(r))).toEqual(r);
    }), { numRuns: 200 });
    fc.assert(fc.property(ownKey, (k) => {
      expect(decodeOwnSenderKey(encodeOwnSenderKey(k))).toEqual(k);
    }), { numRuns: 200 });
    fc.assert(fc.property(groupState, (s) => {
      expect(decodeGroupState(encodeGroupState(s))).toEqual(s);
    }), { numRuns: 200 });
    fc.assert(fc.property(fc.array(groupId, { maxLength: 20 }), (ids) => {
      expect(decodeGroupIndex(encodeGroupIndex(ids))).toEqual(ids);
    }));
  });

  it("decoding arbitrary bytes never throws anything but a typed wire error", () => {
    const decoders = [decodeGroupControl, decodeSenderKeyRecord, decodeOwnSenderKey, decodeGroupState, decodeGroupIndex, splitGroupMessagePayload];
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.constantFrom(...decoders), (input, decode) => {
        try {
          decode(input);
        } catch (error) {
          expect((error as { code?: string }).code).toMatch(/^WIRE_/);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("refuses unknown versions, trailing bytes, unsorted or duplicate member lists and oversized groups", () => {
    const c = encodeGroupControl({ groupId: `0x${"11".repeat(16)}`, change: { epoch: 2, added: [getAddress(`0x${"22".repeat(20)}`)], removed: [], digest: new Uint8Array(16) } });
    expect(() => decodeGroupControl(Uint8Array.of(...c, 0))).toThrow(expect.objectContaining({ code: "WIRE_TRAILING_BYTES" }));
    const newer = c.slice();
    newer[1] = 3;
    expect(() => decodeGroupControl(newer)).toThrow(expect.objectContaining({ code: "WIRE_UNKNOWN_VERSION" }));
    const text = c.slice();
    text[0] = 1;
    expect(() => decodeGroupControl(text)).toThrow(expect.objectContaining({ code: "WIRE_INVALID_FIELD" }));

    const a = `0x${"33".repeat(20)}` as Address;
    const b = `0x${"44".repeat(20)}` as Address;
    // Version 1 records (no salt: groups from before ids were bound to creators) are still read.
    const record = (members: Address[]) => {
      const w = new ByteWriter().u8(2).u8(1).bytes(new Uint8Array(16)).u8(1).u32(1).bytes(new Uint8Array(20).fill(0x33)).u8(0).u8(members.length);
      for (const m of members) w.bytes(new Uint8Array(20).fill(Number.parseInt(m.slice(2, 4), 16)));
      return w.finish();
    };
    expect(decodeGroupControl(record([a, b])).membership!.members).toEqual([getAddress(a), getAddress(b)]);
    expect(() => decodeGroupControl(record([b, a]))).toThrow(expect.objectContaining({ code: "WIRE_INVALID_FIELD" }));
    expect(() => decodeGroupControl(record([a, a]))).toThrow(expect.objectContaining({ code: "WIRE_INVALID_FIELD" }));
    expect(() => decodeGroupControl(record([b]))).toThrow(expect.objectContaining({ code: "WIRE_INVALID_FIELD" })); // creator not a member
    const many = Array.from({ length: MAX_GROUP_MEMBERS + 1 }, (_, i) => `0x${i.toString(16).padStart(2, "0").repeat(20)}` as Address);
    expect(() => decodeGroupControl(record(many))).toThrow(expect.objectContaining({ code: "WIRE_INVALID_FIELD" }));
  });

  it("a distribution fits the 128-byte padding bucket", () => {
    const c = encodeGroupControl({
      groupId: `0x${"11".repeat(16)}`,
      distribution: { chainSecret: new Uint8Array(32), iteration: 0xffff_fffe, chainKey: new Uint8Array(32), signingPublicKey: new Uint8Array(32) },
    });
    expect(c.length + 1).toBeLessThanOrEqual(128);
  });
});
