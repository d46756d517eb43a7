import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { computePrekeyVectors } from "./computePrekeyVectors.ts";

describe("prekeys v2 golden vectors (bundle v2: the declared account leads)", () => {
  it("recomputing the frozen prekey exchange gives exactly the frozen bytes", async () => {
    const frozen = JSON.parse(readFileSync(fileURLToPath(new URL("./prekeys-v2.json", import.meta.url)), "utf8"));
    expect(frozen.messages.length).toBeGreaterThan(0);
    expect(frozen.handshake.payload.length).toBeGreaterThan(2000);
    expect(JSON.parse(JSON.stringify(await computePrekeyVectors()))).toEqual(frozen);
  });
});
