import fc from "fast-check";
import { bytesToHex, toRlp, type Hex } from "viem";
import { describe, expect, it } from "vitest";
import { encodeRlp, type RlpItem } from "../../src/react/encodeRlp.ts";

const bytes = fc.uint8Array({ maxLength: 300 }).map((b) => bytesToHex(b) as Hex);
const item: fc.Arbitrary<RlpItem> = fc.letrec<{ item: RlpItem }>((tie) => ({
  item: fc.oneof({ depthSize: "small" }, bytes, fc.array(tie("item"), { maxLength: 6 })),
})).item;

describe("encodeRlp", () => {
  it("matches the Yellow Paper's examples", () => {
    expect(encodeRlp("0x")).toBe("0x80");
    expect(encodeRlp("0x7f")).toBe("0x7f");
    expect(encodeRlp("0x80")).toBe("0x8180");
    expect(encodeRlp([])).toBe("0xc0");
    expect(encodeRlp(["0x636174", "0x646f67"])).toBe("0xc88363617483646f67"); // ["cat", "dog"]
    expect(encodeRlp(`0x${"61".repeat(56)}`)).toBe(`0xb838${"61".repeat(56)}`);
  });

  it("encodes any nesting of byte strings as viem's toRlp does (short and long forms)", () => {
    fc.assert(fc.property(item, (value) => encodeRlp(value) === toRlp(value as never)), { numRuns: 300 });
  });
});
