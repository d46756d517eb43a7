import { getAddress, hexToBytes, keccak256, numberToHex, type Address, type Hex } from "viem";
import { wipe } from "../crypto/bytes.ts";

const inspectSymbol = Symbol.for("nodejs.util.inspect.custom");
/** Reaches the secret for storing it (exportSendingKeySecret); not enumerable, not in JSON or inspect. */
const secretOf = Symbol("hushlog.sendingKey.secret");
/** secp256k1's group order n, big-endian: a secret key is 1..n-1. */
const order = /* @__PURE__ */ Uint8Array.from("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141".match(/../g)!, (h) => Number.parseInt(h, 16));

/**
 * This browser's own sending key (docs/protocol.md, "Devices"): a secp256k1 key the binding lists as this device's
 * `sender`, so the client sends messages, accepts and group operations from it with no wallet prompt. It signs
 * transaction hashes only (createSendingKeyWalletClient builds and serializes the transactions); nothing but the
 * wallet signs messages or typed data for the account.
 *
 * The secret stays in one byte array that `wipe()` zeroes, and is only ever passed as bytes (never a hex string, which
 * could not be wiped). It signs with @noble/secp256k1, the module the library already loads lazily to verify bindings
 * (viem's signer would add its own @noble/curves copy, about 15 kB gzip). JSON, `String()` and `util.inspect` show
 * the address alone.
 */
export type SendingKey = {
  readonly address: Address;
  /** Signs a 32-byte hash (a transaction's signing hash). */
  signHash(hash: Hex): Promise<{ r: Hex; s: Hex; yParity: number }>;
  /** Zeroes the secret; the key cannot sign afterwards. */
  wipe(): void;
};

/**
 * A sending key from 32 secret bytes (takes ownership: `wipe()` zeroes them), or a fresh one from the platform's
 * CSPRNG. `secret` is for loading the stored key and for tests; production never seeds a new key.
 *
 * @example
 * const key = await createSendingKey();
 * const walletClient = createSendingKeyWalletClient(key, publicClient, chainId);
 * // ... send; then, on lock:
 * key.wipe();
 */
export async function createSendingKey(secret?: Uint8Array): Promise<SendingKey> {
  const bytes = secret ?? freshSecret();
  if (!isValidSecret(bytes)) {
    wipe(bytes);
    throw new TypeError("not a secp256k1 secret key");
  }
  let wiped = false;
  const secp = await import("@noble/secp256k1");
  const publicKey = secp.getPublicKey(bytes, false);
  const address = getAddress(`0x${keccak256(publicKey.subarray(1)).slice(-40)}`);
  const key = { address };
  const shown = () => ({ address });
  const methods: Record<string | symbol, unknown> = {
    async signHash(hash: Hex) {
      if (wiped) throw new TypeError("sending key wiped (locked)");
      const signature = secp.Signature.fromBytes(await secp.signAsync(hexToBytes(hash), bytes, { prehash: false, format: "recovered" }), "recovered");
      return { r: numberToHex(signature.r, { size: 32 }), s: numberToHex(signature.s, { size: 32 }), yParity: signature.recovery! };
    },
    wipe: () => {
      wiped = true;
      wipe(bytes);
    },
    toJSON: shown,
    toString: () => `SendingKey(${address})`,
    [secretOf]: () => bytes.slice(),
    [inspectSymbol]: () => `SendingKey ${JSON.stringify(shown())}`,
  };
  for (const name of Reflect.ownKeys(methods)) Object.defineProperty(key, name, { value: methods[name], enumerable: false });
  return Object.freeze(key) as SendingKey;
}

/** The stored form of `key`'s secret: a copy the caller wipes once written. */
export function exportSendingKeySecret(key: SendingKey): Uint8Array {
  const secret = (key as unknown as { [secretOf]?: () => Uint8Array })[secretOf]?.();
  if (!secret) throw new TypeError("not a sending key");
  return secret;
}

/** 0 < bytes < n, compared byte by byte (no bigint copy of the secret that could not be wiped). */
function isValidSecret(bytes: Uint8Array): boolean {
  if (bytes.length !== 32 || bytes.every((b) => b === 0)) return false;
  for (let i = 0; i < 32; i++) {
    if (bytes[i]! !== order[i]!) return bytes[i]! < order[i]!;
  }
  return false;
}

function freshSecret(): Uint8Array {
  // Rejection sampling: a 32-byte draw is outside 1..n-1 with probability about 2^-128.
  for (;;) {
    const bytes = crypto.getRandomValues(new Uint8Array(32));
    if (isValidSecret(bytes)) return bytes;
    wipe(bytes);
  }
}
