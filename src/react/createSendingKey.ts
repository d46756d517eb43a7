import { secp256k1 } from "@noble/curves/secp256k1.js";
import { getAddress, hexToBytes, keccak256, numberToHex, serializeTransaction, type Address, type LocalAccount } from "viem";
import { toAccount } from "viem/accounts";
import { wipe } from "../crypto/bytes.ts";

const inspectSymbol = Symbol.for("nodejs.util.inspect.custom");
/** Reaches the secret for storing it (exportSendingKeySecret); not enumerable, not in JSON or inspect. */
const secretOf = Symbol("hushlog.sendingKey.secret");

/**
 * This browser's own sending key (docs/protocol.md, "Devices"): a secp256k1 key the binding lists as this device's
 * `sender`, so the client sends messages, accepts and group operations from it with no wallet prompt. `account` is a
 * viem local account that signs transactions only (it refuses messages and typed data: nothing but the wallet may
 * sign for the account). The secret stays in one byte array, never a hex string, so `wipe()` reaches the only copy;
 * JSON, `String()` and `util.inspect` show the address alone.
 */
export type SendingKey = {
  readonly address: Address;
  readonly account: LocalAccount;
  /** Zeroes the secret; the account cannot sign afterwards. */
  wipe(): void;
};

/**
 * A sending key from 32 secret bytes (takes ownership: they are wiped by `wipe()`), or a fresh one from the platform's
 * CSPRNG. `secret` is for tests and for loading the stored key; production never seeds a new key.
 *
 * @example
 * const key = createSendingKey();
 * const walletClient = createWalletClient({ account: key.account, transport: custom(publicClient) });
 * // ... send; then, on lock:
 * key.wipe();
 */
export function createSendingKey(secret?: Uint8Array): SendingKey {
  const bytes = secret ?? freshSecret();
  if (!secp256k1.utils.isValidSecretKey(bytes)) {
    wipe(bytes);
    throw new TypeError("a sending key must be 32 bytes in 1..n-1 of secp256k1");
  }
  let wiped = false;
  const publicKey = secp256k1.getPublicKey(bytes, false);
  const address = getAddress(`0x${keccak256(publicKey.subarray(1)).slice(-40)}`);
  const refuse = async (): Promise<never> => {
    throw new TypeError("a sending key signs transactions only; the wallet signs messages and typed data");
  };
  const account = toAccount({
    address,
    async signTransaction(transaction, options) {
      if (wiped) throw new TypeError("this sending key was wiped (the browser locked)");
      const serializer = options?.serializer ?? serializeTransaction;
      const hash = keccak256(await serializer(transaction));
      const signature = secp256k1.Signature.fromBytes(secp256k1.sign(hexToBytes(hash), bytes, { prehash: false, format: "recovered" }), "recovered");
      const yParity = signature.recovery!;
      return serializer(transaction, { r: numberToHex(signature.r, { size: 32 }), s: numberToHex(signature.s, { size: 32 }), yParity, v: BigInt(27 + yParity) });
    },
    signMessage: refuse,
    signTypedData: refuse,
  });
  const key = { address, account };
  const shown = () => ({ address });
  for (const [name, value] of Object.entries({
    wipe: () => {
      wiped = true;
      wipe(bytes);
    },
    toJSON: shown,
    toString: () => `SendingKey(${address})`,
  })) {
    Object.defineProperty(key, name, { value, enumerable: false });
  }
  Object.defineProperty(key, secretOf, { value: () => bytes.slice(), enumerable: false });
  Object.defineProperty(key, inspectSymbol, { value: () => `SendingKey ${JSON.stringify(shown())}`, enumerable: false });
  return Object.freeze(key) as SendingKey;
}

/** The stored form of `key`'s secret: a copy the caller wipes once written. */
export function exportSendingKeySecret(key: SendingKey): Uint8Array {
  const secret = (key as unknown as { [secretOf]?: () => Uint8Array })[secretOf]?.();
  if (!secret) throw new TypeError("not a sending key made by createSendingKey");
  return secret;
}

function freshSecret(): Uint8Array {
  // Rejection sampling: a 32-byte draw is outside 1..n-1 with probability about 2^-128.
  for (;;) {
    const bytes = crypto.getRandomValues(new Uint8Array(32));
    if (secp256k1.utils.isValidSecretKey(bytes)) return bytes;
    wipe(bytes);
  }
}
