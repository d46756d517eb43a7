/**
 * Every protocol and client limit, in one place, each with the reason for its value.
 *
 * This file is a leaf (it imports nothing), so every layer — wire, ratchet, topics, chain, client — reads its
 * limits from here without bending the one-way import rule.
 */

/**
 * Largest message payload the packed batch format can carry: the entry head keeps 15 bits for the length.
 * At about 40 gas per non-zero calldata byte a 32 KiB payload already costs ~1.3M gas, far beyond chat use.
 */
export const MAX_MESSAGE_PAYLOAD_BYTES = 0x7fff;

/**
 * Most delegates (relayers, session keys, other devices' submitters) one key binding may name. Every binding
 * travels in each handshake and response, so each delegate costs 20 calldata bytes (about 800 gas) there, and
 * receivers compare every log's sender against the list. Eight covers a few devices plus a relayer or two; an
 * account that needs more should rotate bindings. The wire count field is one byte, so the limit must be <= 255.
 */
export const MAX_KEY_BINDING_DELEGATES = 8;

/**
 * Shortest wallet signature accepted as key material for an identity. A 65-byte ECDSA signature (or 64-byte
 * EIP-2098 compact form) carries about 256 bits the signer alone can produce; anything shorter, such as the empty
 * "0x" some smart accounts return for pre-approved messages, is too small to be secret, and keys derived from it
 * could be recomputed by anyone.
 */
export const MIN_SEED_SIGNATURE_BYTES = 64;

/**
 * Longest key binding signature the wire format carries (u16 length). ERC-6492 wrappers embed factory calldata,
 * so they run to hundreds of bytes; the calldata cost (about 40 gas a byte) bounds real ones far below this.
 */
export const MAX_KEY_BINDING_SIGNATURE_BYTES = 0xffff;
