import type { Address, Hex } from "viem";
import { MAX_CHAIN_INDEX, MAX_SENDER_KEY_STATES } from "../constants.ts";
import { InvalidFieldError } from "../errors/wireErrors.ts";
import { deriveSenderChainSeeds } from "./deriveSenderChainSeeds.ts";
import type { SenderKeyDistribution, SenderKeyRecord } from "./SenderKey.ts";

export const emptySenderKeyRecord: SenderKeyRecord = { states: [], skipped: [] };

/**
 * Adds a member's distributed sender key to what we hold of theirs. The new chain goes first; beyond
 * MAX_SENDER_KEY_STATES the oldest chain is dropped with its skipped keys. A chain we already hold (the same
 * topic: a re-sent or duplicated distribution) is left exactly as it is: resetting it would let the messages we
 * already read decrypt a second time.
 */
export function processDistribution(
  record: SenderKeyRecord | null,
  distribution: SenderKeyDistribution,
  groupId: Hex,
  owner: Address,
): { record: SenderKeyRecord; topic: Hex; added: boolean } {
  if (distribution.iteration >= MAX_CHAIN_INDEX) {
    throw new InvalidFieldError({ format: "sender key distribution", field: "iteration", reason: "at the chain maximum" });
  }
  const current = record ?? emptySenderKeyRecord;
  const { topic, headerKey } = deriveSenderChainSeeds(distribution.chainSecret, groupId, owner);
  if (current.states.some((s) => s.topic === topic)) return { record: current, topic, added: false };
  const state = {
    topic,
    headerKey,
    signingPublicKey: distribution.signingPublicKey.slice(),
    iteration: distribution.iteration,
    chainKey: distribution.chainKey.slice(),
  };
  const states = [state, ...current.states].slice(0, MAX_SENDER_KEY_STATES);
  const live = new Set(states.map((s) => s.topic));
  return { record: { states, skipped: current.skipped.filter((k) => live.has(k.topic)) }, topic, added: true };
}
