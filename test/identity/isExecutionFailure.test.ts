import {
  HttpRequestError,
  InternalRpcError,
  LimitExceededRpcError,
  RpcRequestError,
  TimeoutError,
  UnknownRpcError,
} from "viem";
import { describe, expect, it } from "vitest";
import { isExecutionFailure } from "../../src/identity/isExecutionFailure.ts";

const url = "https://rpc.example";
const rpcError = (code: number, message: string) => new RpcRequestError({ body: {}, error: { code, message }, url });

describe("isExecutionFailure", () => {
  it("recognises the node's verdict that the call reverted (geth code 3, generic codes with a revert message, Hardhat)", () => {
    expect(isExecutionFailure(rpcError(3, "execution reverted"))).toBe(true);
    expect(isExecutionFailure(rpcError(-32000, "execution reverted: SignatureValidator: deployment"))).toBe(true);
    expect(isExecutionFailure(new InternalRpcError(rpcError(-32603, "out of gas")))).toBe(true);
    expect(
      isExecutionFailure(new UnknownRpcError(new Error("VM Exception while processing transaction: reverted with reason string 'x'"))),
    ).toBe(true);
  });

  it("treats transport problems and rate limits as no answer", () => {
    expect(isExecutionFailure(new HttpRequestError({ url, status: 429, details: "Too Many Requests" }))).toBe(false);
    expect(isExecutionFailure(new HttpRequestError({ url, cause: new Error("fetch failed") }))).toBe(false);
    expect(isExecutionFailure(new TimeoutError({ body: {}, url }))).toBe(false);
    expect(isExecutionFailure(new LimitExceededRpcError(rpcError(-32005, "rate limit exceeded")))).toBe(false);
    expect(isExecutionFailure(new InternalRpcError(rpcError(-32603, "header not found")))).toBe(false);
    expect(isExecutionFailure(undefined)).toBe(false);
  });
});
