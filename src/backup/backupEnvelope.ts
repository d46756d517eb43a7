/**
 * The encrypted envelope of a backup file: any payload (the CLI puts an account's identity, key binding and
 * sessions in it) sealed under a key derived from a passphrase. Version 1:
 *
 * | offset | size | field                                                          |
 * |-------:|-----:|----------------------------------------------------------------|
 * |      0 |    4 | magic `HLBK` (0x48 0x4c 0x42 0x4b)                              |
 * |      4 |    1 | version = 0x01                                                 |
 * |      5 |    1 | KDF = 0x01 (Argon2id)                                          |
 * |      6 |    4 | Argon2id passes `t` (u32, big-endian)                          |
 * |     10 |    4 | Argon2id memory `m` in KiB (u32)                               |
 * |     14 |    4 | Argon2id lanes `p` (u32)                                       |
 * |     18 |   16 | random salt                                                    |
 * |     34 |   24 | random XChaCha20-Poly1305 nonce                                |
 * |     58 | n+16 | XChaCha20-Poly1305(key, nonce, payload, AD = bytes 0..57)      |
 *
 * key = Argon2id(NFKC(passphrase), `labels.backup.key` || salt, t, m, p, 32 bytes). The header is the AEAD's
 * associated data, so a changed cost, salt or version fails like a wrong passphrase instead of being trusted.
 * The cost is recorded per file, so it can be raised for new backups without breaking old ones; on opening,
 * costs beyond `maxArgon2idParams` are refused before any work (a crafted file cannot make us allocate GiBs).
 */
import { concatBytes } from "viem";
import { aeadNonceLength, aeadOpen, aeadSeal } from "../crypto/aead.ts";
import { argon2id, defaultArgon2idParams, type Argon2idParams } from "../crypto/argon2id.ts";
import { wipe } from "../crypto/bytes.ts";
import { labels } from "../crypto/labels.ts";
import { systemRandom, type RandomSource } from "../crypto/random.ts";
import { InvalidFieldError, UnknownVersionError } from "../errors/wireErrors.ts";
import { ByteReader } from "../wire/ByteReader.ts";
import { ByteWriter } from "../wire/ByteWriter.ts";

export const BACKUP_FORMAT_VERSION = 1;
const format = "backup";
const magic = new Uint8Array([0x48, 0x4c, 0x42, 0x4b]);
const KDF_ARGON2ID = 0x01;
const saltLength = 16;
const headerLength = 4 + 1 + 1 + 12 + saltLength + aeadNonceLength;

/** The highest Argon2id cost a backup may ask for when opened: 16 passes, 1 GiB, 16 lanes. */
export const maxArgon2idParams: Argon2idParams = { t: 16, m: 1024 * 1024, p: 16 };

export type SealBackupOptions = {
  /** Argon2id cost. Default `defaultArgon2idParams` (3 passes, 64 MiB). */
  kdf?: Argon2idParams;
  random?: RandomSource;
};

export type BackupHeader = { version: number; kdf: Argon2idParams };

/** Seals `payload` under `passphrase` in the format above. */
export async function sealBackup(payload: Uint8Array, passphrase: string | Uint8Array, options: SealBackupOptions = {}): Promise<Uint8Array> {
  const kdf = options.kdf ?? defaultArgon2idParams;
  const random = options.random ?? systemRandom;
  const salt = random(saltLength);
  const nonce = random(aeadNonceLength);
  const header = new ByteWriter(headerLength).bytes(magic).u8(BACKUP_FORMAT_VERSION).u8(KDF_ARGON2ID).u32(kdf.t).u32(kdf.m).u32(kdf.p).bytes(salt).bytes(nonce).finish();
  const key = await deriveKey(passphrase, salt, kdf);
  try {
    return concatBytes([header, aeadSeal(key, nonce, payload, header)]);
  } finally {
    wipe(key);
  }
}

/** The cleartext header of a backup (format checks only; says nothing about the passphrase). */
export function readBackupHeader(file: Uint8Array): BackupHeader {
  return parseHeader(new ByteReader(format, file)).header;
}

/**
 * Opens a sealed backup. Throws a wire error when `file` is not a backup of a known version, and
 * `DecryptionFailedError` when the passphrase is wrong or the file was altered (the two cannot be told apart).
 */
export async function openBackup(file: Uint8Array, passphrase: string | Uint8Array): Promise<Uint8Array> {
  const reader = new ByteReader(format, file);
  const { header, salt, nonce } = parseHeader(reader);
  const sealed = reader.bytesView(reader.remaining);
  const key = await deriveKey(passphrase, salt, header.kdf);
  try {
    return aeadOpen(key, nonce, sealed, file.subarray(0, headerLength));
  } finally {
    wipe(key);
  }
}

function parseHeader(reader: ByteReader) {
  const found = reader.bytesView(4);
  if (!found.every((b, i) => b === magic[i])) throw new InvalidFieldError({ format, field: "magic", reason: "not a Hushlog backup" });
  const version = reader.u8();
  if (version !== BACKUP_FORMAT_VERSION) throw new UnknownVersionError({ format, version });
  const kdfId = reader.u8();
  if (kdfId !== KDF_ARGON2ID) throw new InvalidFieldError({ format, field: "kdf", reason: `unknown KDF ${kdfId}` });
  const kdf = { t: reader.u32(), m: reader.u32(), p: reader.u32() };
  for (const name of ["t", "m", "p"] as const) {
    if (kdf[name] < 1 || kdf[name] > maxArgon2idParams[name]) {
      throw new InvalidFieldError({ format, field: `argon2id.${name}`, reason: `must be 1..${maxArgon2idParams[name]}` });
    }
  }
  if (kdf.m < 8 * kdf.p) throw new InvalidFieldError({ format, field: "argon2id.m", reason: "must be at least 8 KiB per lane" });
  const salt = reader.bytesView(saltLength);
  const nonce = reader.bytesView(aeadNonceLength);
  reader.need(16);
  return { header: { version, kdf }, salt, nonce };
}

function deriveKey(passphrase: string | Uint8Array, salt: Uint8Array, kdf: Argon2idParams): Promise<Uint8Array> {
  // NFKC, as for the SQLite store: the same passphrase typed on two keyboards gives the same key.
  const secret = typeof passphrase === "string" ? new TextEncoder().encode(passphrase.normalize("NFKC")) : passphrase.slice();
  if (secret.length === 0) throw new InvalidFieldError({ format, field: "passphrase", reason: "empty" });
  return argon2id(secret, concatBytes([labels.backup.key, salt]), kdf, 32).finally(() => wipe(secret));
}
