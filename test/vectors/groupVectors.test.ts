import { describe, expect, it } from "vitest";
import { loadVectors } from "../fixtures/loadVectors.ts";
import { computeGroupVectors } from "./computeGroupVectors.ts";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

describe("group v2 golden vectors (group ids bound to their creator)", () => {
  it("recomputing the frozen group exchange gives exactly the frozen bytes", async () => {
    expect(loadVectors("group-v2.json", "messages").length).toBeGreaterThan(0);
    const frozen = JSON.parse(readFileSync(fileURLToPath(new URL("./group-v2.json", import.meta.url)), "utf8"));
    expect(JSON.parse(JSON.stringify(await computeGroupVectors()))).toEqual(frozen);
  });
});
