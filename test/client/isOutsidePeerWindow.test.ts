import type { Hex } from "viem";
import { describe, expect, it } from "vitest";
import { isOutsidePeerWindow, rememberSentTopic } from "../../src/client/isOutsidePeerWindow.ts";
import type { ConversationState } from "../../src/client/ConversationState.ts";
import { MAX_RECEIVING_CHAINS, PREVIOUS_CHAIN_TTL_SECONDS, SKIPPED_KEY_TTL_SECONDS } from "../../src/constants.ts";

const topic = (n: number) => `0x${n.toString(16).padStart(32, "0")}${"0".repeat(32)}` as Hex;
const state = (current: Hex | null, sentTopics?: Hex[]) =>
  ({ ratchet: { sending: current ? { topic: current } : null }, sentTopics }) as unknown as ConversationState;

describe("isOutsidePeerWindow", () => {
  it("the current chain is readable until skipped keys expire", () => {
    expect(isOutsidePeerWindow(state(topic(1)), topic(1), 0)).toBe(false);
    expect(isOutsidePeerWindow(state(topic(1)), topic(1), SKIPPED_KEY_TTL_SECONDS)).toBe(true);
  });

  it("previous chains are readable while the peer keeps them, and only before their expiry", () => {
    let s = state(null);
    for (let i = 1; i <= MAX_RECEIVING_CHAINS + 2; i++) s = { ...s, sentTopics: rememberSentTopic(s, topic(i)) };
    const newest = MAX_RECEIVING_CHAINS + 2;
    expect(s.sentTopics).toHaveLength(MAX_RECEIVING_CHAINS);
    expect(isOutsidePeerWindow(s, topic(newest), 0)).toBe(false);
    expect(isOutsidePeerWindow(s, topic(newest - (MAX_RECEIVING_CHAINS - 1)), 0)).toBe(false);
    expect(isOutsidePeerWindow(s, topic(newest - MAX_RECEIVING_CHAINS), 0)).toBe(true);
    expect(isOutsidePeerWindow(s, topic(newest - 1), PREVIOUS_CHAIN_TTL_SECONDS)).toBe(true);
  });

  it("a chain not in the history (or a state without one) counts as outside", () => {
    expect(isOutsidePeerWindow(state(topic(2)), topic(1), 0)).toBe(true);
  });
});
