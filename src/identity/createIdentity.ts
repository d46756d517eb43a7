import { bytesToHex, getAddress, isAddress, zeroAddress, type Address } from "viem";
import { InvalidIdentityError } from "../errors/identityErrors.ts";
import type { Identity } from "./Identity.ts";

export type IdentityFields = {
  account: Address;
  x25519: { secretKey: Uint8Array; publicKey: Uint8Array };
  ed25519: { seed: Uint8Array; publicKey: Uint8Array };
  mlKemSeed: Uint8Array;
};

const inspectSymbol = Symbol.for("nodejs.util.inspect.custom");

/**
 * Wraps identity fields into the `Identity` every other module receives: sizes checked, account checksummed,
 * objects frozen, and secrets redacted from `JSON.stringify`, `String()`/template strings and `util.inspect`
 * (console.log). The redaction is non-enumerable methods plus `Symbol.for("nodejs.util.inspect.custom")`, which
 * needs no Node import, so it works in browsers too.
 *
 * Takes ownership of the byte arrays (no copies), so `wipeIdentity` reaches the only copies. Redaction does not
 * survive `{ ...identity }`, which copies no non-enumerable method: pass identities around as they are.
 */
export function createIdentity(fields: IdentityFields): Identity {
  if (!isAddress(fields.account, { strict: false }) || fields.account.toLowerCase() === zeroAddress) {
    throw new InvalidIdentityError("account is not a non-zero address");
  }
  checkSize("X25519 secret key", fields.x25519.secretKey, 32);
  checkSize("X25519 public key", fields.x25519.publicKey, 32);
  checkSize("Ed25519 seed", fields.ed25519.seed, 32);
  checkSize("Ed25519 public key", fields.ed25519.publicKey, 32);
  checkSize("ML-KEM seed", fields.mlKemSeed, 64);

  const account = getAddress(fields.account);
  const x25519 = redacted({ secretKey: fields.x25519.secretKey, publicKey: fields.x25519.publicKey }, "X25519KeyPair");
  const ed25519 = redacted({ seed: fields.ed25519.seed, publicKey: fields.ed25519.publicKey }, "Ed25519KeyPair");
  const identity = { account, x25519, ed25519, mlKemSeed: fields.mlKemSeed };
  const visible = () => ({
    account,
    x25519: { publicKey: bytesToHex(x25519.publicKey) },
    ed25519: { publicKey: bytesToHex(ed25519.publicKey) },
  });
  hide(identity, {
    toJSON: visible,
    toString: () => `Identity(${account})`,
    [inspectSymbol]: inspectAs("Identity", () => ({ ...visible(), secrets: "[redacted]" })),
  });
  return Object.freeze(identity);
}

function checkSize(what: string, bytes: Uint8Array, size: number) {
  if (!(bytes instanceof Uint8Array) || bytes.length !== size) {
    throw new InvalidIdentityError(`${what} must be ${size} bytes`);
  }
}

/** A frozen key pair whose JSON, string and inspect forms show only the public key. */
function redacted<T extends { publicKey: Uint8Array }>(pair: T, name: string): Readonly<T> {
  const visible = () => ({ publicKey: bytesToHex(pair.publicKey) });
  hide(pair, {
    toJSON: visible,
    toString: () => `${name}(${bytesToHex(pair.publicKey)})`,
    [inspectSymbol]: inspectAs(name, () => ({ ...visible(), secret: "[redacted]" })),
  });
  return Object.freeze(pair);
}

/**
 * A custom inspect hook showing only `shown()`. Node passes its `inspect` as the third argument (nice nesting and
 * colours); elsewhere (browser devtools never call it, but a polyfill might) JSON is enough.
 */
function inspectAs(name: string, shown: () => object) {
  return (_depth: number, options: unknown, inspect?: (value: unknown, options: unknown) => string) =>
    `${name} ${typeof inspect === "function" ? inspect(shown(), options) : JSON.stringify(shown())}`;
}

type Method = (...args: never[]) => unknown;

function hide(target: object, methods: Record<string | symbol, Method>) {
  for (const key of Reflect.ownKeys(methods)) {
    Object.defineProperty(target, key, { value: methods[key as keyof typeof methods], enumerable: false });
  }
}
