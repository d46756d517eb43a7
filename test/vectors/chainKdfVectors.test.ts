import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { bytesToHex, hexToBytes } from "viem";
import { loadVectors } from "../fixtures/loadVectors.ts";
import { skipChainReference } from "../ratchet/skipChainReference.ts";
import { computeChainKdfVectors } from "./computeChainKdfVectors.ts";

describe("chain KDF 2 (skip chain) golden vectors", () => {
  it("the frozen skip chain keys are those of the construction as written (an independent reference)", () => {
    const frozen = JSON.parse(readFileSync(fileURLToPath(new URL("./chain-kdf-v2.json", import.meta.url)), "utf8"));
    const reference = skipChainReference(hexToBytes(frozen.skipChain.start));
    const messageKeys = frozen.skipChain.messageKeys as { index: number; messageKey: string }[];
    const states = frozen.skipChain.states as { index: number; keys: (string | null)[] }[];
    expect(messageKeys.length).toBeGreaterThan(0);
    expect(states.length).toBeGreaterThan(0);
    for (const { index, messageKey } of messageKeys) expect(bytesToHex(reference.messageKey(index))).toBe(messageKey);
    for (const { index, keys } of states) expect(reference.state(index).map((key) => (key ? bytesToHex(key) : null))).toEqual(keys);
  });

  it("recomputing the frozen skip chain keys and exchange gives exactly the frozen bytes", async () => {
    const frozen = JSON.parse(readFileSync(fileURLToPath(new URL("./chain-kdf-v2.json", import.meta.url)), "utf8"));
    expect(loadVectors("chain-kdf-v2.json", "messages").length).toBeGreaterThan(0);
    expect(frozen.skipChain.messageKeys.length).toBeGreaterThan(0);
    expect(frozen.skipChain.states.length).toBeGreaterThan(0);
    // Skip-chain sessions are stored as session format 2.
    expect(frozen.sessions.alice.slice(0, 4)).toBe("0x02");
    expect(JSON.parse(JSON.stringify(await computeChainKdfVectors()))).toEqual(frozen);
  });
});
