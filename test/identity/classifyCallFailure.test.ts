import {
  HttpRequestError,
  InternalRpcError,
  LimitExceededRpcError,
  RpcRequestError,
  TimeoutError,
  UnknownRpcError,
} from "viem";
import { describe, expect, it } from "vitest";
import { classifyCallFailure } from "../../src/identity/classifyCallFailure.ts";

const url = "https://rpc.example";
const rpcError = (code: number, message: string) => new RpcRequestError({ body: {}, error: { code, message }, url });

describe("classifyCallFailure", () => {
  it("recognises the node's verdict that the call reverted (geth code 3, generic codes with a revert message, Hardhat)", () => {
    expect(classifyCallFailure(rpcError(3, "execution reverted"))).toBe("reverted");
    expect(classifyCallFailure(rpcError(-32000, "execution reverted: SignatureValidator: deployment"))).toBe("reverted");
    expect(
      classifyCallFailure(new UnknownRpcError(new Error("VM Exception while processing transaction: reverted with reason string 'x'"))),
    ).toBe("reverted");
  });

  it("tells running out of the gas given apart from a revert: it is no verdict on a signature", () => {
    expect(classifyCallFailure(new InternalRpcError(rpcError(-32603, "out of gas")))).toBe("out-of-gas");
    // geth's wording when the gas given to eth_call cannot cover the call; code 3 does not make it a revert.
    expect(classifyCallFailure(rpcError(-32000, "gas required exceeds allowance (5000000)"))).toBe("out-of-gas");
    expect(classifyCallFailure(rpcError(3, "execution reverted: out of gas"))).toBe("out-of-gas");
  });

  it("treats transport problems and rate limits as no answer", () => {
    expect(classifyCallFailure(new HttpRequestError({ url, status: 429, details: "Too Many Requests" }))).toBeNull();
    expect(classifyCallFailure(new HttpRequestError({ url, cause: new Error("fetch failed") }))).toBeNull();
    expect(classifyCallFailure(new TimeoutError({ body: {}, url }))).toBeNull();
    expect(classifyCallFailure(new LimitExceededRpcError(rpcError(-32005, "rate limit exceeded")))).toBeNull();
    expect(classifyCallFailure(new InternalRpcError(rpcError(-32603, "header not found")))).toBeNull();
    expect(classifyCallFailure(undefined)).toBeNull();
  });
});
