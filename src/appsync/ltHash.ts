import { APPSYNC_LTHASH_BYTES } from "../constants.ts";
import { hkdfSha256 } from "../crypto/kdf.ts";
import { labels } from "../crypto/labels.ts";

/**
 * LtHash16 (Bellare-Micciancio's lattice hash as specified by Lewi, Kim, Maykov and Weis, "Securing Update
 * Propagation with Homomorphic Hashing", IACR ePrint 2019/227, section 3): a set's hash is the lane-wise sum, modulo
 * 2^16, of an expansion of each element. Adding or removing one element costs one expansion, whatever the set size,
 * and the result does not depend on the order of the updates: what WhatsApp's app-state sync keeps per collection.
 * The expansion is HKDF-SHA256 (the paper allows any extendable-output function), here of a mutation's value MAC, so an
 * element is bound to its index, value and sync key. 1,024 lanes (APPSYNC_LTHASH_BYTES) are the paper's parameters.
 *
 * @example
 * let hash = emptyLtHash();
 * hash = ltHashUpdate(hash, [valueMacA, valueMacB], []); // add two elements
 * hash = ltHashUpdate(hash, [], [valueMacA]); // remove one: equals the hash of { B } alone
 */
export function ltHashUpdate(hash: Uint8Array, add: readonly Uint8Array[], remove: readonly Uint8Array[]): Uint8Array {
  if (hash.length !== APPSYNC_LTHASH_BYTES) throw new TypeError(`an LtHash has ${APPSYNC_LTHASH_BYTES} bytes`);
  const out = hash.slice();
  const view = new DataView(out.buffer);
  for (const [elements, sign] of [[add, 1], [remove, -1]] as const) {
    for (const element of elements) {
      const expanded = new DataView(hkdfSha256(element, undefined, labels.appSync.ltHash, APPSYNC_LTHASH_BYTES).buffer);
      for (let i = 0; i < APPSYNC_LTHASH_BYTES; i += 2) {
        view.setUint16(i, (view.getUint16(i, true) + sign * expanded.getUint16(i, true)) & 0xffff, true);
      }
    }
  }
  return out;
}

/** The hash of the empty set (all lanes zero); AppSyncStore keeps an empty array for a collection never synced. */
export function emptyLtHash(): Uint8Array {
  return new Uint8Array(APPSYNC_LTHASH_BYTES);
}
