import { readFileSync } from "node:fs";
import { toEventSelector, toFunctionSelector, type AbiEvent, type AbiFunction } from "viem";
import { describe, expect, it } from "vitest";
import { abiModulePath, bytecodeModulePath, renderAbiModules } from "../../scripts/renderAbiModules.ts";
import { packedKind } from "../../src/chain/encodePackedCall.ts";
import { hushlogAbi } from "../../src/chain/hushlogAbi.ts";

describe("generated ABI", () => {
  it("matches the compiled artifact (run `npm run abi` when this fails)", () => {
    const expected = renderAbiModules();
    expect(readFileSync(abiModulePath, "utf8")).toBe(expected.abi);
    expect(readFileSync(bytecodeModulePath, "utf8")).toBe(expected.bytecode);
  });

  it("has the event signatures receivers filter on", () => {
    const events = hushlogAbi.filter((item): item is AbiEvent & (typeof hushlogAbi)[number] => item.type === "event");
    expect(events.map((event) => toEventSelector(event as AbiEvent)).sort()).toEqual(
      [
        "Handshake(bytes32,address,bytes)",
        "HandshakeResponse(bytes32,address,bytes)",
        "Message(bytes32,address,bytes)",
        "Prekeys(address,address,bytes)",
        "Binding(address,address,bytes)",
      ]
        .map((signature) => toEventSelector(signature))
        .sort(),
    );
  });

  it("no function selector starts with a packed kind byte, so packed calls never reach an ABI function", () => {
    const firstBytes = hushlogAbi
      .filter((item) => item.type === "function")
      .map((fn) => Number.parseInt(toFunctionSelector(fn as AbiFunction).slice(2, 4), 16));
    for (const kind of Object.values(packedKind)) expect(firstBytes).not.toContain(kind);
  });
});
