import { aeadNonceLength, aeadOpen, aeadSeal } from "../../../crypto/aead.ts";
import { wipe } from "../../../crypto/bytes.ts";
import { hkdfSha256 } from "../../../crypto/kdf.ts";
import { labels } from "../../../crypto/labels.ts";
import type { RandomSource } from "../../../crypto/random.ts";
import { StoreCorruptError } from "../../../errors/storeErrors.ts";

const textEncoder = new TextEncoder();

/**
 * Seals every stored record with XChaCha20-Poly1305 under a key derived from the store's encryption key. The
 * associated data names the table and the row's primary key as stored (the account's and the key's blind tags),
 * so a sealed record moved to another row (or account, or table) fails to open instead of being read as that row.
 */
export class FieldCipher {
  readonly #key: Uint8Array;
  readonly #random: RandomSource;

  constructor(encryptionKey: Uint8Array, random: RandomSource) {
    this.#key = hkdfSha256(encryptionKey, undefined, labels.store.fieldKey, 32);
    this.#random = random;
  }

  /** `account` and `key`: the row's primary key as IndexedDB holds it. */
  seal(table: string, account: string, key: string, plaintext: Uint8Array): Uint8Array {
    const nonce = this.#random(aeadNonceLength);
    const sealed = aeadSeal(this.#key, nonce, plaintext, associatedData("blind", table, account, key));
    const out = new Uint8Array(nonce.length + sealed.length);
    out.set(nonce);
    out.set(sealed, nonce.length);
    return out;
  }

  /** Throws `StoreCorruptError` when the record was altered, moved, or sealed under another key. */
  open(table: string, account: string, key: string, stored: Uint8Array): Uint8Array {
    return this.#open("blind", table, account, key, stored);
  }

  /** Opens a record of the format before blind indexes (main 74a9820: plaintext account and key), to migrate it. */
  openLegacy(table: string, account: string, key: string, stored: Uint8Array): Uint8Array {
    return this.#open("legacy", table, account, key, stored);
  }

  wipe(): void {
    wipe(this.#key);
  }

  #open(format: Format, table: string, account: string, key: string, stored: Uint8Array): Uint8Array {
    try {
      return aeadOpen(this.#key, stored.subarray(0, aeadNonceLength), stored.subarray(aeadNonceLength), associatedData(format, table, account, key));
    } catch (cause) {
      throw new StoreCorruptError(`a ${table} record fails authentication`, { cause });
    }
  }
}

type Format = "legacy" | "blind";

/**
 * Legacy: `<table length>:<table><account length>:<account><key>` (starts with a digit). Blind: the same after a
 * `b`, so a record of one format never opens as the other.
 */
function associatedData(format: Format, table: string, account: string, key: string): Uint8Array {
  return textEncoder.encode(`${format === "blind" ? "b" : ""}${table.length}:${table}${account.length}:${account}${key}`);
}
