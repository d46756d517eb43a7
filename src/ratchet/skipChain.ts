import { wipe } from "../crypto/bytes.ts";
import { hmacSha256, hmacSha256Pair } from "../crypto/kdf.ts";
import type { ChainKdf } from "./chainKdf.ts";

/**
 * The skip chain (chain KDF 2): message keys of a symmetric chain, any one of them reachable in a few dozen HMACs,
 * with the forward secrecy of Signal's linear chain. The same code runs chain KDF 1 as its one-level case.
 *
 * Why (issue 15). A receiver needs the key of message n before it can check the body of a message claiming n. On a
 * linear chain that means deriving every key up to n; the peer holds the header key and may claim any n, so each
 * junk log cost up to 25,000 HMAC pairs (~4,000x a normal decrypt, measured). The alternatives fall short:
 * authenticating the header first does not help, since the junk comes from the peer, who holds every key it needs
 * (logs are filtered by sender before any crypto); bounding the jump by what can be stored (2,000, now done too)
 * still leaves ~350x; quarantining a peer whose logs fail would change stored state on a rejection and cut off a
 * real peer, and its first junk log would cost the same. With this chain the receiver reaches key n in a few
 * dozen HMACs, checks the body with it, and only then derives the keys of the messages it skipped
 * (ratchet/receivingKeys.ts): work that an authentic message justifies, and at most MAX_SKIPPED_KEYS of it.
 *
 * Construction. b = SKIP_CHAIN_BRANCHING (16), three levels (SKIP_CHAIN_LEVELS). HMAC is HMAC-SHA256 and
 * `message`, `next`, `down` are the labels `hushlog/v1/ratchet/skip-chain/<message|next|down>` (crypto/labels.ts).
 *
 *   level 0, message chain  C[n], n >= 0:   C[n+1] = HMAC(C[n], next)    unless b divides n+1
 *   level 1, middle chain   M[p], p >= 1:   M[p+1] = HMAC(M[p], next)    unless b divides p+1
 *   level 2, top chain      T[q], q >= 1:   T[q+1] = HMAC(T[q], next)    (never ends)
 *   coming down:            C[b·p] = HMAC(M[p], down)      M[b·q] = HMAC(T[q], down)
 *   message key of n:       HMAC(C[n], message)
 *
 * A message chain runs for b messages, then restarts from the next middle key; a middle chain runs for b message
 * chains, then restarts from the next top key. So C[n] serves messages n .. (end of its run), M[p] messages from
 * b·p to the end of its run of b^2, T[q] every message from b^2·q on. A chain starts from C[0], M[1] and T[1]: 96
 * bytes of the KDF that creates it (the root step or the epoch-0 seeds, extended; chain KDF 1 takes 32 there).
 * M[0] and T[0] would only derive C[0..] and M[1..], which the start gives directly, so they never exist.
 *
 * State. A chain at position i (the number of its next message) holds, per level, the key whose messages start
 * first among those still to come:
 *   keys[0] = C[i]                   none when b divides i > 0 (then C[i] comes down from M[i/b])
 *   keys[1] = M[max(1, ceil(i/b))]   none when b divides that number (it comes down from T)
 *   keys[2] = T[max(1, ceil(i/b^2))]
 * The state is a function of the chain's start and i alone: sender and receiver hold the same bytes at the same i,
 * and the session codec checks which keys are present against i.
 *
 * Forward secrecy. A key derives only the keys after it on its level and, coming down, keys of its own messages:
 * every key held serves messages numbered i or more, so the state at position i derives no key of an earlier
 * message, exactly like a linear chain key. Keys are consumed in one direction and wiped when replaced. The keys
 * of skipped messages are kept one by one (never as checkpoints, which would also derive keys already used).
 *
 * Cost. In order: one HMAC pair (message, next) per message, plus a pair (down, next) on the middle level every
 * b messages and on the top level every b^2: 2.07 HMACs per message on average where the linear chain takes 2.
 * Reaching message n from position i (seekChain, then advanceChain) takes at most floor((n - i) / b^2) single
 * HMACs on the top chain, then per lower level one pair down and at most b - 1 single steps, then the message
 * pair: with n - i <= J = MAX_FORWARD_JUMP, at most floor(J / b^2) + 2 (b + 1) + 2 = 43 HMACs for J = 2,000 (40
 * exactly, the maximum over every position and every n; test/ratchet/junkCost.test.ts counts them). A linear chain
 * takes n - i steps. Measured (`npm run bench`, crypto.junkMessage.ratio): a worst-case junk log costs ~9x a
 * normal decrypt, ~10x on the peer's next chain (which adds the DH and root step that any new chain costs).
 */

/** A chain's keys at its position, lowest level first (see the header); `null` where a key comes down later. */
export type ChainKeys = readonly (Uint8Array | null)[];

/** A new chain's keys from its start material, 32 bytes per level (the caller wipes the material). */
export function startChain(kdf: ChainKdf, material: Uint8Array): ChainKeys {
  return Array.from({ length: kdf.levels }, (_, level) => material.slice(32 * level, 32 * level + 32));
}

/**
 * The key of message `index`, the chain's position, and the chain's keys at `index + 1`. Pure: `keys` is never
 * modified nor wiped (it belongs to the caller's session); every key made and consumed here is wiped.
 */
export function advanceChain(kdf: ChainKdf, keys: ChainKeys, index: number): { messageKey: Uint8Array; keys: ChainKeys } {
  const next = keys.slice();
  let level = 0;
  while (next[level] === null) level++;
  // A level's key is missing only when `index` starts a new run on it: come down from the lowest key held.
  for (; level > 0; level--) comeDown(kdf, next, level, index / kdf.branching ** level, keys);
  const key = next[0]!;
  let messageKey: Uint8Array;
  if (endsRun(kdf, 0, index)) {
    messageKey = hmacSha256(key, kdf.message);
    next[0] = null;
  } else {
    [messageKey, next[0]] = hmacSha256Pair(key, kdf.message, kdf.next);
  }
  release(key, keys);
  return { messageKey, keys: next };
}

/**
 * The chain's keys at position `to` (> `from`, the position of `keys`), without deriving the keys of the messages
 * in between: they are skipped for good. Pure, like advanceChain.
 */
export function seekChain(kdf: ChainKdf, keys: ChainKeys, from: number, to: number): ChainKeys {
  const next = keys.slice();
  let at = from;
  for (let level = kdf.levels - 1; level > 0 && at < to; level--) {
    let key = next[level];
    if (!key) continue;
    const span = kdf.branching ** level;
    let position = Math.max(1, Math.ceil(at / span));
    const target = Math.floor(to / span);
    if (target < position) continue;
    // `to` lies at or after this key's first message: the keys below serve only messages before it.
    for (let below = 0; below < level; below++) {
      release(next[below], keys);
      next[below] = null;
    }
    // Within this key's run: the levels above stopped at the run that holds `to`.
    for (; position < target; position++) {
      const stepped = hmacSha256(key, kdf.next);
      release(key, keys);
      key = stepped;
    }
    next[level] = key;
    at = position * span;
    if (at < to) comeDown(kdf, next, level, position, keys);
  }
  if (at < to) {
    let key = next[0]!;
    for (; at < to; at++) {
      const stepped = hmacSha256(key, kdf.next);
      release(key, keys);
      key = stepped;
    }
    next[0] = key;
  }
  return next;
}

/** The keys of messages `from` .. `to - 1` (the chain's position is `from`) and the chain's keys at `to`. */
export function walkChain(kdf: ChainKdf, keys: ChainKeys, from: number, to: number): { messageKeys: Uint8Array[]; keys: ChainKeys } {
  const messageKeys: Uint8Array[] = [];
  let current = keys;
  for (let index = from; index < to; index++) {
    const step = advanceChain(kdf, current, index);
    for (const key of current) if (key && !step.keys.includes(key)) release(key, keys);
    messageKeys.push(step.messageKey);
    current = step.keys;
  }
  return { messageKeys, keys: current };
}

/** Wipes the keys of `derived` that are not also in `kept` (keys of a discarded state, not the caller's). */
export function releaseChainKeys(derived: ChainKeys, kept: ChainKeys): void {
  for (const key of derived) release(key, kept);
}

/** Which keys a chain at `index` holds (see State in the header): how a stored chain is checked. */
export function heldChainKeys(kdf: ChainKdf, index: number): boolean[] {
  return Array.from({ length: kdf.levels }, (_, level) => {
    if (level === kdf.levels - 1) return true;
    const position = level === 0 ? index : Math.max(1, Math.ceil(index / kdf.branching ** level));
    return position === 0 || position % kdf.branching !== 0;
  });
}

/** Whether the key after `position` on `level` starts a new run, coming down from the level above. */
function endsRun(kdf: ChainKdf, level: number, position: number): boolean {
  return level < kdf.levels - 1 && (position + 1) % kdf.branching === 0;
}

/** Replaces next[level], the key at `position` of its level, with the first key below it and its own successor. */
function comeDown(kdf: ChainKdf, next: (Uint8Array | null)[], level: number, position: number, input: ChainKeys): void {
  const key = next[level]!;
  if (endsRun(kdf, level, position)) {
    next[level - 1] = hmacSha256(key, kdf.down!);
    next[level] = null;
  } else {
    [next[level - 1], next[level]] = hmacSha256Pair(key, kdf.down!, kdf.next);
  }
  release(key, input);
}

/** Wipes `key` unless the caller's state holds it. */
function release(key: Uint8Array | null | undefined, input: ChainKeys): void {
  if (key && !input.includes(key)) wipe(key);
}
