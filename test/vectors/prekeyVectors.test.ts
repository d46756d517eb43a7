import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { computePrekeyVectors } from "./computePrekeyVectors.ts";

describe("prekeys v1 golden vectors", () => {
  it("recomputing the frozen prekey exchange gives exactly the frozen bytes", async () => {
    const frozen = JSON.parse(readFileSync(fileURLToPath(new URL("./prekeys-v1.json", import.meta.url)), "utf8"));
    expect(frozen.messages.length).toBeGreaterThan(0);
    expect(frozen.handshake.payload.length).toBeGreaterThan(2000);
    expect(JSON.parse(JSON.stringify(await computePrekeyVectors()))).toEqual(frozen);
  });
});
