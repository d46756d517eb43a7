import { describe, expect, it } from "vitest";
import { BaseError } from "../../src/errors/BaseError.ts";
import { ContractNotFoundError } from "../../src/errors/chainErrors.ts";

describe("BaseError", () => {
  it("carries a stable code, a short message, details from its cause and a readable message", () => {
    const cause = new Error("socket hang up");
    const error = new BaseError("TEST_CODE", "Something failed.", { cause, metaMessages: ["Try again."] });
    expect(error.code).toBe("TEST_CODE");
    expect(error.shortMessage).toBe("Something failed.");
    expect(error.details).toBe("socket hang up");
    expect(error.cause).toBe(cause);
    expect(error.message).toBe("Something failed.\n\nTry again.\n\nDetails: socket hang up\nCode: TEST_CODE");
  });

  it("walks the cause chain", () => {
    const root = new Error("root");
    const middle = new BaseError("MIDDLE", "middle", { cause: root });
    const top = new BaseError("TOP", "top", { cause: middle });
    expect(top.walk()).toBe(root);
    expect(top.walk((e) => (e as BaseError).code === "MIDDLE")).toBe(middle);
    expect(top.walk(() => false)).toBeNull();
  });

  it("serializes only its public fields (never the cause, which may hold anything)", () => {
    const error = new BaseError("TEST_CODE", "short", { cause: { secret: "0xdeadbeef" } });
    expect(JSON.parse(JSON.stringify(error))).toEqual({ name: "HushlogError", code: "TEST_CODE", shortMessage: "short", details: "" });
  });

  it("subclasses keep their own name and code", () => {
    const error = new ContractNotFoundError({ address: "0x0000000000000000000000000000000000000001", chainId: 31337 });
    expect(error).toBeInstanceOf(BaseError);
    expect(error.name).toBe("ContractNotFoundError");
    expect(error.code).toBe("CHAIN_CONTRACT_NOT_FOUND");
  });
});
