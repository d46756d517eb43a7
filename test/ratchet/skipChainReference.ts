import { SKIP_CHAIN_BRANCHING as b } from "../../src/constants.ts";
import { hmacSha256 } from "../../src/crypto/kdf.ts";
import { labels } from "../../src/crypto/labels.ts";
import type { ChainKeys } from "../../src/ratchet/skipChain.ts";

/**
 * The skip chain as ratchet/skipChain.ts's header writes it, computed the slow obvious way (from the start, every
 * time), independently of the implementation: tests and vectors check the implementation against it key for key.
 */
export function skipChainReference(start: Uint8Array) {
  const { skipChainMessage: message, skipChainNext: next, skipChainDown: down } = labels.ratchet;
  const steps = (key: Uint8Array, count: number) => {
    for (let i = 0; i < count; i++) key = hmacSha256(key, next);
    return key;
  };
  const T = (q: number) => steps(start.slice(64, 96), q - 1);
  const M = (p: number) => (p < b ? steps(start.slice(32, 64), p - 1) : steps(hmacSha256(T(Math.floor(p / b)), down), p % b));
  const C = (n: number) => (n < b ? steps(start.slice(0, 32), n) : steps(hmacSha256(M(Math.floor(n / b)), down), n % b));
  const messageKey = (n: number) => hmacSha256(C(n), message);
  /** The state the header specifies for a chain at position i. */
  const state = (i: number): ChainKeys => [
    i > 0 && i % b === 0 ? null : C(i),
    Math.max(1, Math.ceil(i / b)) % b === 0 ? null : M(Math.max(1, Math.ceil(i / b))),
    T(Math.max(1, Math.ceil(i / b ** 2))),
  ];
  return { T, M, C, messageKey, state };
}
