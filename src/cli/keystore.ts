import { ctr } from "@noble/ciphers/aes.js";
import { pbkdf2Async } from "@noble/hashes/pbkdf2.js";
import { scryptAsync } from "@noble/hashes/scrypt.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { hexToBytes, isHex } from "viem";
import { badInput, CliError, exitCodes } from "./errors.ts";

/**
 * Decrypts an encrypted JSON keystore (Web3 Secret Storage v3, as written by geth, MetaMask, ethers, Foundry's
 * `cast wallet`): derived key = scrypt or PBKDF2-HMAC-SHA256 of the password; MAC = keccak256(dk[16..32] ||
 * ciphertext) must match; private key = AES-128-CTR(dk[0..16], iv) of the ciphertext. Returns the 32-byte key.
 *
 * Bad JSON or unsupported parameters are bad input (exit 2); a MAC mismatch means a wrong password (exit 3).
 * KDF costs are capped (scrypt at 1 GiB, PBKDF2 at 10M iterations) so a crafted file cannot hang the CLI.
 */
export async function decryptKeystore(json: string, password: string): Promise<Uint8Array> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw badInput("the keystore is not valid JSON");
  }
  const root = parsed as { version?: unknown; crypto?: unknown; Crypto?: unknown };
  if (root?.version !== 3) throw badInput("unsupported keystore: only version 3 (Web3 Secret Storage) is read");
  const crypto = (root.crypto ?? root.Crypto) as
    | { cipher?: unknown; ciphertext?: unknown; cipherparams?: { iv?: unknown }; kdf?: unknown; kdfparams?: Record<string, unknown>; mac?: unknown }
    | undefined;
  if (!crypto || crypto.cipher !== "aes-128-ctr") throw badInput("unsupported keystore cipher (expected aes-128-ctr)");
  const ciphertext = hexField(crypto.ciphertext, "ciphertext");
  const iv = hexField(crypto.cipherparams?.iv, "cipherparams.iv");
  const mac = hexField(crypto.mac, "mac");
  const params = crypto.kdfparams ?? {};
  if (iv.length !== 16 || mac.length !== 32 || ciphertext.length !== 32) throw badInput("malformed keystore (iv, mac or ciphertext length)");
  const salt = hexField(params.salt, "kdfparams.salt");
  const dklen = params.dklen;
  if (dklen !== 32) throw badInput("unsupported keystore: kdfparams.dklen must be 32");

  const secret = new TextEncoder().encode(password.normalize("NFKC"));
  let derived: Uint8Array;
  if (crypto.kdf === "scrypt") {
    const { n, r, p } = params as { n?: unknown; r?: unknown; p?: unknown };
    if (!isCount(n) || !isCount(r) || !isCount(p) || (n & (n - 1)) !== 0) throw badInput("malformed keystore scrypt parameters");
    if (128 * r * n > 1024 ** 3) throw badInput("keystore scrypt cost above 1 GiB: refused");
    derived = await scryptAsync(secret, salt, { N: n, r, p, dkLen: 32, maxmem: 1024 ** 3 + 1024 * 1024 });
  } else if (crypto.kdf === "pbkdf2") {
    const { c, prf } = params as { c?: unknown; prf?: unknown };
    if (prf !== "hmac-sha256" || !isCount(c)) throw badInput("unsupported keystore pbkdf2 parameters (expected hmac-sha256)");
    if (c > 10_000_000) throw badInput("keystore pbkdf2 iteration count above 10,000,000: refused");
    derived = await pbkdf2Async(sha256, secret, salt, { c, dkLen: 32 });
  } else {
    throw badInput(`unsupported keystore KDF ${JSON.stringify(crypto.kdf)} (expected scrypt or pbkdf2)`);
  }
  secret.fill(0);
  try {
    const expected = keccak_256(new Uint8Array([...derived.subarray(16, 32), ...ciphertext]));
    let difference = 0;
    for (let i = 0; i < 32; i++) difference |= expected[i]! ^ mac[i]!;
    if (difference !== 0) throw new CliError(exitCodes.auth, "wrong keystore password (the keystore MAC does not match)");
    return ctr(derived.slice(0, 16), iv).decrypt(ciphertext);
  } finally {
    derived.fill(0);
  }
}

function hexField(value: unknown, name: string): Uint8Array {
  if (typeof value !== "string") throw badInput(`malformed keystore: ${name} missing`);
  const hex = value.startsWith("0x") ? value : `0x${value}`;
  if (!isHex(hex, { strict: true }) || hex.length % 2 !== 0) throw badInput(`malformed keystore: ${name} is not hex`);
  return hexToBytes(hex as `0x${string}`);
}

function isCount(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 1;
}
