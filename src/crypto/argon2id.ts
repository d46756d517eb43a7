import { argon2idAsync } from "@noble/hashes/argon2.js";

/** Argon2id parameters, recorded next to the data they protect so they can be raised without breaking old files. */
export type Argon2idParams = { t: number; m: number; p: number };

/**
 * Default cost: 3 passes over 64 MiB (OWASP's Argon2id baseline is 2 passes over 19 MiB). Opening a store is
 * rare, and the passphrase is the only thing standing between a stolen file and its contents.
 */
export const defaultArgon2idParams: Argon2idParams = { t: 3, m: 64 * 1024, p: 1 };

export function argon2id(password: Uint8Array, salt: Uint8Array, params: Argon2idParams, length = 32): Promise<Uint8Array> {
  return argon2idAsync(password, salt, { ...params, dkLen: length });
}
