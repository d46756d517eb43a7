import { describe, expect, it } from "vitest";
import { loadVectors } from "../fixtures/loadVectors.ts";
import { computeGroupVectors } from "./computeGroupVectors.ts";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

describe("group v1 golden vectors", () => {
  it("recomputing the frozen group exchange gives exactly the frozen bytes", async () => {
    expect(loadVectors("group-v1.json", "messages").length).toBeGreaterThan(0);
    const frozen = JSON.parse(readFileSync(fileURLToPath(new URL("./group-v1.json", import.meta.url)), "utf8"));
    expect(JSON.parse(JSON.stringify(await computeGroupVectors()))).toEqual(frozen);
  });
});
