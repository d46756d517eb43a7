import { aeadNonceLength, aeadOpen, aeadSeal } from "../../../crypto/aead.ts";
import { wipe } from "../../../crypto/bytes.ts";
import { hkdfSha256 } from "../../../crypto/kdf.ts";
import { labels } from "../../../crypto/labels.ts";
import type { RandomSource } from "../../../crypto/random.ts";
import { StoreCorruptError } from "../../../errors/storeErrors.ts";

const textEncoder = new TextEncoder();

/**
 * Seals every stored record with XChaCha20-Poly1305 under a key derived from the store's encryption key. The
 * associated data names the table, the account and the row key, so a sealed record moved to another row (or
 * account, or table) fails to open instead of being read as that row.
 */
export class FieldCipher {
  readonly #key: Uint8Array;
  readonly #random: RandomSource;

  constructor(encryptionKey: Uint8Array, random: RandomSource) {
    this.#key = hkdfSha256(encryptionKey, undefined, labels.store.fieldKey, 32);
    this.#random = random;
  }

  seal(table: string, account: string, key: string, plaintext: Uint8Array): Uint8Array {
    const nonce = this.#random(aeadNonceLength);
    const sealed = aeadSeal(this.#key, nonce, plaintext, associatedData(table, account, key));
    const out = new Uint8Array(nonce.length + sealed.length);
    out.set(nonce);
    out.set(sealed, nonce.length);
    return out;
  }

  /** Throws `StoreCorruptError` when the record was altered, moved, or sealed under another key. */
  open(table: string, account: string, key: string, stored: Uint8Array): Uint8Array {
    try {
      return aeadOpen(this.#key, stored.subarray(0, aeadNonceLength), stored.subarray(aeadNonceLength), associatedData(table, account, key));
    } catch (cause) {
      throw new StoreCorruptError(`a ${table} record fails authentication`, { cause });
    }
  }

  wipe(): void {
    wipe(this.#key);
  }
}

function associatedData(table: string, account: string, key: string): Uint8Array {
  return textEncoder.encode(`${table.length}:${table}${account.length}:${account}${key}`);
}
