import { createClient, custom, type EIP1193RequestFn } from "viem";
import { hardhat } from "viem/chains";
import { describe, expect, it } from "vitest";
import { toHushlogWalletClient } from "../../src/react/toHushlogWalletClient.ts";

const from = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const to = "0x0e0EE92cc1dc6701262871bff715F3c6520B142A";

/** An EIP-1193 wallet that records what it is asked and fails eth_sendTransaction `failures` times first. */
function recordingWallet(failures: number) {
  const calls: { method: string; params: unknown }[] = [];
  let left = failures;
  const request = (async ({ method, params }: { method: string; params?: unknown }) => {
    calls.push({ method, params });
    if (method === "eth_sendTransaction") {
      if (left-- > 0) throw Object.assign(new Error("internal error"), { code: -32603 });
      return `0x${"ab".repeat(32)}`;
    }
    throw Object.assign(new Error(`unsupported ${method}`), { code: 4200 });
  }) as EIP1193RequestFn;
  const client = createClient({ account: from, chain: hardhat, transport: custom({ request }) });
  return { calls, wallet: toHushlogWalletClient(client) };
}

describe("toHushlogWalletClient: the wallet client hushlog/react hands the library", () => {
  it("sends with the wallet's eth_sendTransaction: account, contract, calldata and the chain id", async () => {
    const { calls, wallet } = recordingWallet(0);
    const hash = await wallet.sendTransaction({ account: wallet.account, chain: hardhat, to, data: "0x1234" });
    expect(hash).toBe(`0x${"ab".repeat(32)}`);
    expect(calls).toEqual([{ method: "eth_sendTransaction", params: [{ from, to, data: "0x1234", chainId: "0x7a69" }] }]);
  });

  it("never retries a send that failed (a retry could submit, or prompt for, the same transaction twice)", async () => {
    const { calls, wallet } = recordingWallet(1);
    await expect(wallet.sendTransaction({ account: wallet.account, chain: hardhat, to, data: "0x" })).rejects.toThrow();
    expect(calls.filter((c) => c.method === "eth_sendTransaction")).toHaveLength(1);
  });
});
