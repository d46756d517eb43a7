import { DEXIE_INDEX_CACHE_ROWS } from "../../../constants.ts";
import { aeadNonceLength } from "../../../crypto/aead.ts";
import type { IndexValues } from "../../core/RecordTx.ts";

/** The decrypted key and index values of one stored row version. */
export type RowIndexEntry = { key: string; index: IndexValues };

const aeadTagLength = 16;

/**
 * Decrypted keys and index values of stored rows, by table and key tag, each valid for one sealed version of the
 * row: every write seals under a fresh random nonce, so a row rewritten by this tab, another tab or anyone else no
 * longer matches its entry (nonce, authentication tag and length are compared) and is decrypted again. Record
 * values are never kept: a query decrypts the rows it returns, which also authenticates them.
 *
 * Holds what the open store already reveals to its own process (peer addresses, topics, ids), never secrets; cleared
 * on close. Bounded by DEXIE_INDEX_CACHE_ROWS, oldest entries first.
 */
export class RowIndexCache {
  readonly #entries = new Map<string, { version: string; entry: RowIndexEntry }>();
  readonly #max: number;

  constructor(max = DEXIE_INDEX_CACHE_ROWS) {
    this.#max = max;
  }

  get(table: string, keyTag: string, sealed: Uint8Array): RowIndexEntry | undefined {
    const cached = this.#entries.get(`${table}/${keyTag}`);
    return cached && cached.version === version(sealed) ? cached.entry : undefined;
  }

  set(table: string, keyTag: string, sealed: Uint8Array, entry: RowIndexEntry): void {
    const id = `${table}/${keyTag}`;
    this.#entries.delete(id);
    this.#entries.set(id, { version: version(sealed), entry });
    if (this.#entries.size > this.#max) this.#entries.delete(this.#entries.keys().next().value!);
  }

  clear(): void {
    this.#entries.clear();
  }
}

/** Nonce, Poly1305 tag and length of a sealed blob: what a rewrite of the row always changes. */
function version(sealed: Uint8Array): string {
  let id = `${sealed.length}:`;
  for (let i = 0; i < aeadNonceLength && i < sealed.length; i++) id += String.fromCharCode(sealed[i]!);
  for (let i = Math.max(aeadNonceLength, sealed.length - aeadTagLength); i < sealed.length; i++) id += String.fromCharCode(sealed[i]!);
  return id;
}
