import { describe, expect, it } from "vitest";
import { encodePackedCall } from "../../src/chain/encodePackedCall.ts";
import { toSubmissionError } from "../../src/chain/toSubmissionError.ts";
import { GasLimitExceededError, TransactionWouldRevertError } from "../../src/errors/chainErrors.ts";
import { createChain, type ChainKind } from "../fixtures/createChain.ts";
import { rpcError } from "../fixtures/createFaultyTransport.ts";

const account = "0x0000000000000000000000000000000000000001" as const;
const map = (error: unknown) => toSubmissionError(error, { account, chainId: 31337 });

describe("toSubmissionError: a transaction over the block gas limit says so (issue 21: it said 'would revert')", () => {
  it.each([
    ["Hardhat / geth txpool", rpcError(-32000, "Transaction gas limit is 221650 and exceeds block gas limit of 100000")],
    ["geth estimate", rpcError(-32000, "gas required exceeds allowance (30000000)")],
    ["anvil estimate", rpcError(3, "Execution reverted with reason: Out of gas: gas required exceeds allowance: 100000.")],
  ])("%s", (_, error) => {
    expect(map(error)).toBeInstanceOf(GasLimitExceededError);
  });

  it("a real revert is still a revert", () => {
    expect(map(rpcError(3, "execution reverted: NoPreviousTopic(1)"))).toBeInstanceOf(TransactionWouldRevertError);
  });

  it.each<ChainKind>(["hardhat", "anvil"])("on %s with a 100k-gas block limit", async (kind) => {
    const chain = await createChain(kind);
    try {
      await chain.testClient.setBlockGasLimit({ gasLimit: 100_000n });
      await chain.testClient.mine({ blocks: 1 });
      const data = encodePackedCall({ kind: "message", topic: `0x${"ab".repeat(16)}${"00".repeat(16)}`, payload: new Uint8Array(5000).fill(7) });
      const from = chain.walletClients[1]!.account.address;
      // Hardhat refuses the send; anvil accepts any gas into its mempool, so ask what a wallet asks first.
      const attempt =
        kind === "hardhat" ? chain.walletClients[1]!.sendTransaction({ to: chain.deployment.address, data }) : chain.publicClient.estimateGas({ account: from, to: chain.deployment.address, data });
      const error = await attempt.then(() => null, (e: unknown) => e);
      expect(map(error)).toBeInstanceOf(GasLimitExceededError);
    } finally {
      await chain.close();
    }
  });
});
