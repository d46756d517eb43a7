import { hmac, type _HMAC } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { BLIND_TAG_BYTES, BLIND_TAG_MEMO } from "../../../constants.ts";
import { base64UrlEncode } from "../../../crypto/base64UrlEncode.ts";
import { wipe } from "../../../crypto/bytes.ts";
import { hkdfSha256 } from "../../../crypto/kdf.ts";
import { labels } from "../../../crypto/labels.ts";
import type { IndexKey } from "../../core/RecordTx.ts";

const textEncoder = new TextEncoder();

/**
 * Blind indexes (issue 18): what IndexedDB sees of a row's account, key and index values is a keyed HMAC-SHA256
 * tag, so the browser's files show no address, topic, conversation id or transaction hash to anyone without the
 * store key, yet equal values still meet in an index. Every tag's input names what it is (account, row key or
 * index value), the account, the table and the index, so the same peer address gives unrelated tags in two tables,
 * two indexes or two accounts: the files show which rows share a value within one index, never across them.
 *
 * The HMAC key is derived from the store's key under its own label, never the field (AEAD) key itself.
 */
export class IndexBlinder {
  /** The account as IndexedDB sees it: the first half of every row's primary key. */
  readonly account: string;
  readonly #mac: _HMAC<any>;
  readonly #scratch: _HMAC<any>;
  readonly #digest = new Uint8Array(32);
  /** Index value -> tag, for values that repeat (cleared when full, and on wipe). */
  readonly #recent = new Map<string, string>();
  readonly #accountName: string;
  #tags = 0;

  constructor(encryptionKey: Uint8Array, account: string) {
    const key = hkdfSha256(encryptionKey, undefined, labels.store.blindIndexKey, 32);
    // The keyed inner and outer states are computed once and copied for each tag (2 SHA-256 blocks saved per tag).
    this.#mac = hmac.create(sha256, key) as _HMAC<any>;
    this.#scratch = this.#mac.clone();
    wipe(key);
    this.#accountName = account;
    this.account = this.#tag("account", account);
  }

  /** The tag standing for `key` as the row's primary key in `table`. */
  rowKey(table: string, key: string): string {
    return this.#tag("key", this.#accountName, table, key);
  }

  /** The tag standing for `value` in `table`'s index `index`. Numbers and strings never share a tag (1 is not "1"). */
  indexValue(table: string, index: string, value: IndexKey): string {
    const input = typeof value === "number" ? `n${value}` : `s${value}`;
    // Index values repeat (a conversation's messages, a batch's transaction hash): each is computed once per run.
    const id = `${table}/${index}/${input}`;
    let tag = this.#recent.get(id);
    if (tag === undefined) {
      tag = this.#tag("index", this.#accountName, table, index, input);
      if (this.#recent.size >= BLIND_TAG_MEMO) this.#recent.clear();
      this.#recent.set(id, tag);
    }
    return tag;
  }

  /** HMACs computed so far, the account's included (the bench's cost figure). */
  get tagCount(): number {
    return this.#tags;
  }

  wipe(): void {
    this.#mac.destroy();
    this.#scratch.destroy();
    wipe(this.#digest);
    this.#recent.clear();
  }

  #tag(...parts: string[]): string {
    this.#tags++;
    // Reuses one scratch HMAC (a clone per tag allocates two hash objects: half the time of a tag).
    const mac = this.#mac._cloneInto(this.#scratch);
    // Length-prefixed (in UTF-16 units): parts are unambiguous whatever they contain.
    let input = "";
    for (const part of parts) input += `${part.length}:${part}`;
    mac.update(textEncoder.encode(input));
    mac.digestInto(this.#digest);
    return base64UrlEncode(this.#digest.subarray(0, BLIND_TAG_BYTES));
  }
}
