import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { bytesToHex, hexToBytes, type Hex } from "viem";
import { describe, expect, it } from "vitest";
import { decodeMessageContent } from "../../src/client/messageContent.ts";
import { loadVectors } from "../fixtures/loadVectors.ts";
import { computeContentVectors } from "./computeContentVectors.ts";

const frozen = JSON.parse(readFileSync(fileURLToPath(new URL("./content-v1.json", import.meta.url)), "utf8"));
const asJson = (value: unknown) => JSON.parse(JSON.stringify(value, (_k, v) => (v instanceof Uint8Array ? bytesToHex(v) : v)));

describe("content types v1 golden vectors (issue 19)", () => {
  it("recomputing every content type and proof gives exactly the frozen bytes", () => {
    expect(computeContentVectors()).toEqual(frozen);
  });

  it("the frozen bytes decode to the frozen contents", () => {
    const contents = loadVectors<{ name: string; hex: Hex }>("content-v1.json", "contents");
    const decoded = loadVectors<{ name: string; content: unknown }>("content-v1.json", "decoded");
    expect(contents.map((c) => asJson(decodeMessageContent(hexToBytes(c.hex))))).toEqual(decoded.map((d) => d.content));
  });

  it("unknown types, newer versions and malformed bytes decode as unsupported, never throw", () => {
    for (const vector of loadVectors<{ name: string; hex: Hex; reason: string }>("content-v1.json", "unsupported")) {
      expect(decodeMessageContent(hexToBytes(vector.hex)), vector.name).toMatchObject({ type: "unsupported", reason: vector.reason });
    }
  });
});
