import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { bytesToHex, hexToBytes, isHex } from "viem";
import type { Argon2idParams } from "../../../crypto/argon2id.ts";
import { StoreCorruptError } from "../../../errors/storeErrors.ts";

/**
 * `<database>.keyparams.json`: how the database key is derived from the passphrase (public values only: the
 * random salt and the Argon2id cost). Kept beside the file so the cost can be raised for new files without
 * breaking old ones.
 */
export type KeyParams = { salt: Uint8Array; argon2id: Argon2idParams };

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
  const p = parsed as { format?: unknown; kdf?: unknown; salt?: unknown; t?: unknown; m?: unknown; p?: unknown };
  const positive = (n: unknown) => typeof n === "number" && Number.isSafeInteger(n) && n > 0;
  if (p?.format !== format || p.kdf !== "argon2id" || typeof p.salt !== "string" || !isHex(p.salt) || !positive(p.t) || !positive(p.m) || !positive(p.p)) {
    throw new StoreCorruptError("the key parameters file is not valid");
  }
  const salt = hexToBytes(p.salt);
  if (salt.length !== 16) throw new StoreCorruptError("the key parameters file is not valid");
  return { salt, argon2id: { t: p.t as number, m: p.m as number, p: p.p as number } };
}

/** Written to a temporary file, flushed, then renamed over the target: a crash leaves the old file or the new one. */
export function writeKeyParams(path: string, params: KeyParams): void {
  const json = `${JSON.stringify({ format, kdf: "argon2id", salt: bytesToHex(params.salt), ...params.argon2id }, null, 2)}\n`;
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
