import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { bytesToHex, hexToBytes, isHex } from "viem";
import type { Argon2idParams } from "../../../crypto/argon2id.ts";
import { StoreCorruptError } from "../../../errors/storeErrors.ts";

/**
 * `<database>.keyparams.json`: how the database key is derived from the passphrase (the random salt and the
 * Argon2id cost, so the cost can be raised for new files without breaking old ones) and a verifier of the key
 * (HMAC-SHA256 of a fixed label under it), so a wrong passphrase is refused without touching the database.
 * The verifier lets a guess be checked offline, exactly as the encrypted file itself does, at the same
 * Argon2id cost per guess.
 */
export type KeyParams = { salt: Uint8Array; argon2id: Argon2idParams; verifier: Uint8Array };

const format = "hushlog-sqlite-key/1";

export const keyParamsPath = (databasePath: string) => `${databasePath}.keyparams.json`;

export function readKeyParams(path: string): KeyParams | null {
  if (!existsSync(path)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (cause) {
    throw new StoreCorruptError("the key parameters file is unreadable", { cause });
  }
  const p = parsed as { format?: unknown; kdf?: unknown; salt?: unknown; verifier?: unknown; t?: unknown; m?: unknown; p?: unknown };
  const positive = (n: unknown) => typeof n === "number" && Number.isSafeInteger(n) && n > 0;
  const hexOf = (v: unknown, length: number) => (typeof v === "string" && isHex(v) && v.length === 2 + 2 * length ? hexToBytes(v) : null);
  const salt = hexOf(p?.salt, 16);
  const verifier = hexOf(p?.verifier, 32);
  if (p?.format !== format || p.kdf !== "argon2id" || !salt || !verifier || !positive(p.t) || !positive(p.m) || !positive(p.p)) {
    throw new StoreCorruptError("the key parameters file is not valid");
  }
  return { salt, verifier, argon2id: { t: p.t as number, m: p.m as number, p: p.p as number } };
}

/** Written to a temporary file, flushed, then renamed over the target: a crash leaves the old file or the new one. */
export function writeKeyParams(path: string, params: KeyParams): void {
  const { salt, verifier, argon2id } = params;
  const json = `${JSON.stringify({ format, kdf: "argon2id", ...argon2id, salt: bytesToHex(salt), verifier: bytesToHex(verifier) }, null, 2)}\n`;
  const temporary = `${path}.tmp`;
  const fd = openSync(temporary, "w", 0o600);
  try {
    writeSync(fd, json);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
  const directory = openSync(dirname(path), "r");
  try {
    fsyncSync(directory);
  } finally {
    closeSync(directory);
  }
}
