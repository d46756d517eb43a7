import { getAddress, type Hex } from "viem";
import { describe, expect, it } from "vitest";
import { createSeededRandom } from "../../src/index.ts";
import { predatesDevice } from "../../src/devices/predatesDevice.ts";
import { createDeviceIdentity } from "../../src/identity/createDeviceIdentity.ts";
import type { BoundDevice } from "../../src/identity/KeyBinding.ts";
import type { PublishedBinding } from "../../src/identity/selectCurrentBinding.ts";

const account = getAddress("0x70997970c51812dc3a010c7d01b50e0d17dc79c8");
const device = (n: number): BoundDevice => ({ x25519: `0x${n.toString(16).padStart(64, "0")}` as Hex, ed25519: `0x${(n + 100).toString(16).padStart(64, "0")}` as Hex, sender: null });
const publication = (sequence: number, blockNumber: number, devices: BoundDevice[]): PublishedBinding => ({
  binding: { account, sequence: BigInt(sequence), expiresAt: 10n ** 10n, devices, delegates: [], chainId: 31337, contract: account, signature: "0x" },
  hash: `0x${sequence.toString(16).padStart(64, "0")}`,
  blockNumber: BigInt(blockNumber),
  logIndex: 0,
  blockTime: 0,
});
const [phone, laptop] = [device(1), device(2)];

describe("predatesDevice: what a device linked later does not answer", () => {
  it("a request from before the link, when the account had devices first, predates the linked device only", () => {
    const published = [publication(1, 10, [phone]), publication(2, 20, [phone, laptop])];
    // Even a request from before the account's first publication: the phone was there first.
    for (const block of [5n, 10n, 19n]) expect(predatesDevice(published, laptop, block), `block ${block}`).toBe(true);
    for (const block of [20n, 21n]) expect(predatesDevice(published, laptop, block)).toBe(false);
    for (const block of [5n, 10n, 30n]) expect(predatesDevice(published, phone, block)).toBe(false);
  });

  it("a linked device whose list is not on chain yet predates everything published", () => {
    expect(predatesDevice([publication(1, 10, [phone])], laptop, 50n)).toBe(true);
  });

  it("the first device, and one re-authorised after a phished list, predate nothing", () => {
    expect(predatesDevice([], phone, 5n)).toBe(false);
    const phished = [publication(1, 10, [phone]), publication(2, 20, [laptop]), publication(3, 30, [phone])];
    for (const block of [5n, 25n, 35n]) expect(predatesDevice(phished, phone, block)).toBe(false);
  });
});

describe("createDeviceIdentity", () => {
  it("gives every device keys of its own, for the same account", async () => {
    const a = await createDeviceIdentity({ account });
    const b = await createDeviceIdentity({ account });
    expect(a.account).toBe(account);
    expect(a.ed25519.publicKey).not.toEqual(b.ed25519.publicKey);
    expect(a.x25519.publicKey).not.toEqual(b.x25519.publicKey);
    // Tests may seed it; the same seed gives the same keys.
    const seeded = [await createDeviceIdentity({ account, random: createSeededRandom("device 7") }), await createDeviceIdentity({ account, random: createSeededRandom("device 7") })];
    expect(seeded[0]!.ed25519.publicKey).toEqual(seeded[1]!.ed25519.publicKey);
    await expect(createDeviceIdentity({ account: "0x1234" as Hex })).rejects.toMatchObject({ code: "IDENTITY_INVALID_ADDRESS" });
  });
});
