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
