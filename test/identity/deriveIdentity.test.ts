import { inspect, format } from "node:util";
import { bytesToHex, hexToBytes, numberToHex, recoverMessageAddress, type Hex, type LocalAccount } from "viem";
import { mnemonicToAccount, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ed25519PublicKey } from "../../src/crypto/ed25519.ts";
import { x25519PublicKey } from "../../src/crypto/x25519.ts";
import { InvalidAddressError, InvalidSeedSignatureError } from "../../src/errors/identityErrors.ts";
import { deriveIdentity } from "../../src/identity/deriveIdentity.ts";
import type { Identity } from "../../src/identity/Identity.ts";
import { identitySeedMessage } from "../../src/identity/identitySeedMessage.ts";
import { wipeIdentity } from "../../src/identity/wipeIdentity.ts";
import { createTestChain, type TestChain } from "../fixtures/createTestChain.ts";

const n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
// Hardhat's default accounts come from this mnemonic, so a local viem account can hold the same key as the node.
const hardhatMnemonic = "test test test test test test test test test test test junk";
const alice = privateKeyToAccount("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
const bob = privateKeyToAccount("0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a");

/** The same signature as ECDSA's other valid form: s -> n - s, recovery bit flipped. */
function toHighS(signature: Hex): Hex {
  const bytes = hexToBytes(signature);
  const s = BigInt(bytesToHex(bytes.subarray(32, 64)));
  bytes.set(hexToBytes(numberToHex(n - s, { size: 32 })), 32);
  bytes[64] = bytes[64] === 27 ? 28 : 27;
  return bytesToHex(bytes);
}

const fromAccount = (account: LocalAccount) => ({ account: account.address, signMessage: account.signMessage });
const keysOf = (identity: Identity) => ({
  account: identity.account,
  x25519: bytesToHex(identity.x25519.secretKey),
  x25519Public: bytesToHex(identity.x25519.publicKey),
  ed25519: bytesToHex(identity.ed25519.seed),
  ed25519Public: bytesToHex(identity.ed25519.publicKey),
  mlKem: bytesToHex(identity.mlKemSeed),
});

let chain: TestChain;
beforeAll(async () => {
  chain = await createTestChain();
});
afterAll(() => chain.close());

describe("identitySeedMessage", () => {
  it("names Hushlog and the checksummed account, says what signing does, and names no chain", () => {
    const message = identitySeedMessage(alice.address.toLowerCase() as Hex);
    expect(message).toBe(identitySeedMessage(alice.address));
    expect(message).toContain("Hushlog");
    expect(message).toContain(alice.address);
    expect(message).toMatch(/sends no transaction/);
    expect(message).toMatch(/costs no gas/);
    expect(message).toMatch(/Anyone who gets this signature can read your Hushlog messages/);
    expect(message).toMatch(/Only sign it in an app you trust/);
    expect(message).not.toMatch(/chain/i);
  });

  it("rejects a non-address with a typed error", () => {
    expect(() => identitySeedMessage("0x1234")).toThrow(InvalidAddressError);
  });
});

describe("deriveIdentity", () => {
  it("gives the same keys for the same key held by the node's wallet client and by a local viem account", async () => {
    const wallet = chain.walletClients[0]!;
    const local = mnemonicToAccount(hardhatMnemonic, { addressIndex: 0 });
    // The node reports its accounts in lower case; the derivation checksums, so the case must not matter.
    expect(local.address.toLowerCase()).toBe(wallet.account.address.toLowerCase());
    const fromNode = await deriveIdentity({ account: wallet.account.address, signMessage: wallet.signMessage });
    const fromLocal = await deriveIdentity(fromAccount(local));
    const again = await deriveIdentity(fromAccount(local));
    expect(keysOf(fromNode)).toEqual(keysOf(fromLocal));
    expect(keysOf(again)).toEqual(keysOf(fromLocal));
  });

  it("public keys belong to the derived secrets", async () => {
    const identity = await deriveIdentity(fromAccount(alice));
    expect(identity.x25519.publicKey).toEqual(await x25519PublicKey(identity.x25519.secretKey));
    expect(identity.ed25519.publicKey).toEqual(await ed25519PublicKey(identity.ed25519.seed));
    expect(identity.mlKemSeed).toHaveLength(64);
  });

  it("different accounts get unrelated keys", async () => {
    const [a, b] = await Promise.all([deriveIdentity(fromAccount(alice)), deriveIdentity(fromAccount(bob))]);
    const keysA = keysOf(a);
    const keysB = keysOf(b);
    for (const key of Object.keys(keysA) as (keyof typeof keysA)[]) expect(keysA[key]).not.toBe(keysB[key]);
  });

  it("normalises high-s and v = 0/1 signatures, so every wallet with the key gets the same keys", async () => {
    const message = identitySeedMessage(alice.address);
    const low = await alice.signMessage({ message });
    const high = toHighS(low);
    expect(high).not.toBe(low);
    expect(await recoverMessageAddress({ message, signature: high })).toBe(alice.address);
    const zeroOneV = (signature: Hex) => {
      const bytes = hexToBytes(signature);
      bytes[64]! -= 27;
      return bytesToHex(bytes);
    };
    const expected = keysOf(await deriveIdentity(fromAccount(alice)));
    for (const signature of [high, zeroOneV(low), zeroOneV(high)]) {
      const identity = await deriveIdentity({ account: alice.address, signMessage: async () => signature });
      expect(keysOf(identity)).toEqual(expected);
    }
  });

  it("uses other signatures (smart accounts) as they are", async () => {
    const opaque = bytesToHex(Uint8Array.from({ length: 97 }, (_, i) => (i * 7 + 3) & 0xff));
    const one = await deriveIdentity({ account: alice.address, signMessage: async () => opaque });
    const two = await deriveIdentity({ account: alice.address, signMessage: async () => opaque });
    expect(keysOf(one)).toEqual(keysOf(two));
    expect(keysOf(one)).not.toEqual(keysOf(await deriveIdentity(fromAccount(alice))));
  });

  it("refuses signatures whose bytes are not secret", async () => {
    const safeApprovedHash = bytesToHex(new Uint8Array([...new Uint8Array(12), ...hexToBytes(alice.address), ...new Uint8Array(32), 1]));
    for (const signature of ["0x", "0x1234", "not hex", safeApprovedHash, `0x${"00".repeat(64)}1b`] as Hex[]) {
      await expect(deriveIdentity({ account: alice.address, signMessage: async () => signature })).rejects.toThrow(
        InvalidSeedSignatureError,
      );
    }
  });

  it("rejects an invalid account and passes wallet errors through", async () => {
    await expect(deriveIdentity({ account: "0xnope", signMessage: alice.signMessage })).rejects.toThrow(InvalidAddressError);
    const rejected = new Error("User rejected the request.");
    await expect(deriveIdentity({ account: alice.address, signMessage: () => Promise.reject(rejected) })).rejects.toBe(rejected);
  });
});

describe("identity secrets", () => {
  it("never appear in JSON, strings or util.inspect", async () => {
    const identity = await deriveIdentity(fromAccount(alice));
    const secrets = [identity.x25519.secretKey, identity.ed25519.seed, identity.mlKemSeed];
    const renderings = [
      JSON.stringify(identity),
      JSON.stringify(identity.x25519),
      JSON.stringify(identity.ed25519),
      JSON.stringify({ nested: identity }),
      String(identity),
      `${identity}`,
      `${identity.x25519}`,
      inspect(identity),
      inspect(identity, { depth: Infinity, showHidden: true }),
      inspect({ nested: identity }, { depth: Infinity }),
      inspect(identity.ed25519, { showHidden: true }),
      format("%o %O %s %j", identity, identity, identity, identity),
    ];
    for (const text of renderings) {
      for (const secret of secrets) {
        expect(text).not.toContain(bytesToHex(secret).slice(2));
        expect(text).not.toContain(Array.from(secret.subarray(0, 8)).join(","));
        expect(text).not.toContain(Array.from(secret.subarray(0, 8)).join(", "));
      }
    }
    expect(JSON.parse(JSON.stringify(identity))).toEqual({
      account: alice.address,
      x25519: { publicKey: bytesToHex(identity.x25519.publicKey) },
      ed25519: { publicKey: bytesToHex(identity.ed25519.publicKey) },
    });
    expect(inspect(identity)).toContain(alice.address);
    expect(inspect(identity)).toContain("[redacted]");
  });

  it("is frozen, and wipeIdentity zeroes every secret", async () => {
    const identity = await deriveIdentity(fromAccount(alice));
    expect(() => {
      (identity as { account: string }).account = bob.address;
    }).toThrow(TypeError);
    wipeIdentity(identity);
    for (const secret of [identity.x25519.secretKey, identity.ed25519.seed, identity.mlKemSeed]) {
      expect(secret.every((byte) => byte === 0)).toBe(true);
    }
  });
});
