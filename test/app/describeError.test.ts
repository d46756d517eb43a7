import { HttpRequestError, InsufficientFundsError as ViemInsufficientFundsError, UserRejectedRequestError } from "viem";
import { describe, expect, it } from "vitest";
import { describeError, describeSendFailure } from "../../app/src/lib/describeError.ts";
import { ContractNotFoundError, InsufficientFundsError, UserRejectedError, WrongChainError } from "../../src/index.ts";
import { WrongChainError as ReactWrongChainError } from "../../src/react/index.ts";
import { HistoryReplayError } from "../../src/history.ts";
import { HistoryOnlyConversationError } from "../../src/index.ts";

const account = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

describe("the app's error words", () => {
  it("names the conditions a person can act on, from Hushlog's, viem's and wallets' errors alike", () => {
    const title = (error: unknown) => describeError(error).title;
    // Wrong network: the provider's typed error and the chain layer's.
    expect(describeError(new ReactWrongChainError({ expected: 31337, actual: 1 }))).toMatchObject({ title: "Wrong network", action: "switch-chain" });
    expect(title(new WrongChainError({ expected: 31337, actual: 1 }))).toBe("Wrong network");
    // Declined in the wallet: EIP-1193 4001 as a wallet throws it, viem's class, Hushlog's class.
    expect(title(Object.assign(new Error("User rejected the request."), { code: 4001 }))).toBe("You declined in your wallet");
    expect(title(new UserRejectedRequestError(new Error("nope")))).toBe("You declined in your wallet");
    expect(title(new UserRejectedError())).toBe("You declined in your wallet");
    // Out of gas money.
    expect(title(new InsufficientFundsError({ account }))).toBe("Not enough ETH for gas");
    expect(title(new ViemInsufficientFundsError())).toBe("Not enough ETH for gas");
    // An account the node or wallet cannot sign for (Hardhat's wording, deep in a cause chain).
    expect(title(new Error("signing failed", { cause: { code: -32000, message: `Unknown account ${account}` } }))).toBe("Unknown account");
    // RPC down.
    expect(describeError(new HttpRequestError({ url: "http://127.0.0.1:1", details: "Failed to fetch" }))).toMatchObject({ title: "Can't reach the chain", action: "settings" });
    expect(title(new ContractNotFoundError({ address: account, chainId: 1 }))).toBe("No Hushlog contract here");
    // History transfer: what is true, and that nothing changed.
    expect(describeError(new HistoryReplayError("W9DN-BHC5"))).toEqual({
      title: "History not imported",
      detail: "This history transfer from device W9DN-BHC5 is not newer than one already imported. Nothing was changed.",
      action: "none",
    });
    expect(describeError(new HistoryOnlyConversationError(["W9DN-BHC5"])).title).toBe("This conversation lives on another device");
    // Anything else keeps its own short message.
    expect(describeError(new Error("disk full"))).toMatchObject({ title: "Something went wrong", detail: "disk full" });
  });

  it("turns a stored failure reason (public text) into words, or keeps it", () => {
    expect(describeSendFailure(new UserRejectedError().shortMessage)).toMatch(/^You declined in your wallet\./);
    expect(describeSendFailure(new InsufficientFundsError({ account }).shortMessage)).toMatch(/^Not enough ETH for gas\./);
    expect(describeSendFailure("nonce taken by 0xabc")).toBe("nonce taken by 0xabc");
    expect(describeSendFailure(null)).toBe("The transaction was not sent.");
  });
});
