import { bytesToHex, hexToBytes, keccak256, toHex, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { hkdfSha256 } from "../../src/crypto/kdf.ts";
import { labels } from "../../src/crypto/labels.ts";
import { identitySeedMessage } from "../../src/identity/identitySeedMessage.ts";
import { deriveDexieKey } from "../../src/store/deriveDexieKey.ts";
import { seedKeyMaterial } from "../../src/identity/seedKeyMaterial.ts";

const wallet = privateKeyToAccount(keccak256(toHex("hushlog dexie key test")));
const other = privateKeyToAccount(keccak256(toHex("hushlog dexie key test, other")));
const n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

describe("deriveDexieKey", () => {
  it("is 32 bytes, the same on every call for an EOA, and per account", async () => {
    const key = await deriveDexieKey({ account: wallet.address, signMessage: wallet.signMessage });
    expect(key).toHaveLength(32);
    expect(await deriveDexieKey({ account: wallet.address, signMessage: wallet.signMessage })).toEqual(key);
    expect(await deriveDexieKey({ account: other.address, signMessage: other.signMessage })).not.toEqual(key);
  });

  it("signs the identity seed message (one prompt for both) and derives with its own label", async () => {
    const asked: string[] = [];
    const key = await deriveDexieKey({
      account: wallet.address,
      signMessage: async ({ message }) => (asked.push(message), wallet.signMessage({ message })),
    });
    expect(asked).toEqual([identitySeedMessage(wallet.address)]);
    const signature = seedKeyMaterial(await wallet.signMessage({ message: asked[0]! }));
    expect(key).toEqual(hkdfSha256(signature, hexToBytes(wallet.address), labels.store.dexieKey, 32));
    // Independent of the identity's keys, which come from the same signature under other labels.
    for (const other of [labels.identity.x25519, labels.identity.ed25519]) {
      expect(key).not.toEqual(hkdfSha256(signature, hexToBytes(wallet.address), other, 32));
    }
    expect(new TextDecoder().decode(labels.store.dexieKey)).toBe("hushlog/v1/store/dexie-key");
  });

  it("gives the same key for the high-s twin of the signature (wallets differ in which they emit)", async () => {
    const key = await deriveDexieKey({ account: wallet.address, signMessage: wallet.signMessage });
    const twin = await deriveDexieKey({
      account: wallet.address,
      signMessage: async ({ message }) => {
        const bytes = hexToBytes(await wallet.signMessage({ message }));
        const s = BigInt(bytesToHex(bytes.slice(32, 64)));
        bytes.set(hexToBytes(toHex(n - s, { size: 32 })), 32);
        bytes[64] = bytes[64] === 27 ? 28 : 27;
        return bytesToHex(bytes) as Hex;
      },
    });
    expect(twin).toEqual(key);
  });

  it("refuses signatures too short to be secret", async () => {
    await expect(deriveDexieKey({ account: wallet.address, signMessage: async () => "0x1234" })).rejects.toMatchObject({
      code: "IDENTITY_INVALID_SEED_SIGNATURE",
    });
  });
});
