import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { computeProtocolVectors } from "./computeProtocolVectors.ts";

describe("protocol v2 golden vectors (handshakes carry published, numbered, expiring bindings)", () => {
  it("recomputing the frozen exchange gives exactly the frozen bytes", async () => {
    const frozen = JSON.parse(readFileSync(fileURLToPath(new URL("./protocol-v2.json", import.meta.url)), "utf8"));
    expect(frozen.messages.length).toBeGreaterThan(0);
    expect(JSON.parse(JSON.stringify(await computeProtocolVectors()))).toEqual(frozen);
  });
});
