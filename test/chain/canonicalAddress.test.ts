import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { getContractAddress, keccak256, parseTransaction, recoverTransactionAddress } from "viem";
import { describe, expect, it } from "vitest";
import { hushlogCompilerSettings, hushlogSolcVersion } from "../../scripts/hushlogCompiler.ts";
import { canonicalDeployment, canonicalModulePath, renderCanonicalModule } from "../../scripts/renderCanonicalModule.ts";
import { deterministicDeployer } from "../../src/chain/deterministicDeployer.ts";
import { hushlogAddress, hushlogInitCodeHash, hushlogSalt } from "../../src/chain/hushlogAddress.ts";
import { hushlogBytecode } from "../../src/chain/hushlogBytecode.ts";

const require = createRequire(import.meta.url);

describe("canonical address", () => {
  it("is pinned for the current bytecode (run `npm run canonical` when the contract change is meant to move it)", () => {
    const { address, initCodeHash } = canonicalDeployment();
    const message =
      `The contract's init code changed: the canonical address would move from ${hushlogAddress} to ${address} ` +
      `(init code hash ${initCodeHash}). If that is intended, run \`npm run canonical\` and say so in the commit.`;
    expect(readFileSync(canonicalModulePath, "utf8"), message).toBe(renderCanonicalModule());
    expect(hushlogInitCodeHash, message).toBe(keccak256(hushlogBytecode));
    expect(hushlogAddress).toBe(address);
  });

  it("is CREATE2(factory, zero salt, keccak256(init code)), recomputed here from the EIP-1014 formula", () => {
    expect(hushlogSalt).toBe(`0x${"00".repeat(32)}`);
    const preimage = `0xff${deterministicDeployer.address.slice(2)}${hushlogSalt.slice(2)}${hushlogInitCodeHash.slice(2)}` as const;
    expect(hushlogAddress.toLowerCase()).toBe(`0x${keccak256(preimage).slice(-40)}`);
  });

  it("comes from bytecode anyone can reproduce: plain solc-js, another file path, every comment removed", () => {
    const solc = require("solc") as { version: () => string; compile: (input: string) => string };
    expect(solc.version()).toMatch(new RegExp(`^${hushlogSolcVersion.replaceAll(".", "\\.")}\\+commit\\.`));
    const source = readFileSync(new URL("../../contracts/Hushlog.sol", import.meta.url), "utf8");
    const stripped = source.replace(/\/\/[^\n]*/g, "");
    expect(stripped.length).toBeLessThan(source.length * 0.8);
    const output = JSON.parse(
      solc.compile(
        JSON.stringify({
          language: "Solidity",
          sources: { "elsewhere/Renamed.sol": { content: stripped } },
          settings: { ...hushlogCompilerSettings, outputSelection: { "*": { Hushlog: ["evm.bytecode.object"] } } },
        }),
      ),
    ) as { contracts: Record<string, Record<string, { evm: { bytecode: { object: string } } }>>; errors?: { severity: string; message: string }[] };
    expect(output.errors?.filter((e) => e.severity === "error") ?? []).toEqual([]);
    // Without the CBOR metadata trailer, comments and paths cannot reach the bytes: the address stays put.
    expect(`0x${output.contracts["elsewhere/Renamed.sol"]!.Hushlog!.evm.bytecode.object}`).toBe(hushlogBytecode);
    expect(hushlogBytecode).not.toMatch(/a264697066735822/); // no "ipfs" CBOR key
  });
});

describe("deterministic-deployment proxy constants", () => {
  it("the pre-signed transaction is signed by the keyless signer and creates the factory at its address", async () => {
    const signer = await recoverTransactionAddress({ serializedTransaction: deterministicDeployer.transaction as never });
    expect(signer).toBe(deterministicDeployer.signer);
    expect(getContractAddress({ from: signer, nonce: 0n })).toBe(deterministicDeployer.address);
    const transaction = parseTransaction(deterministicDeployer.transaction);
    expect(transaction.chainId).toBeUndefined(); // pre-EIP-155: valid on every chain
    expect(transaction.nonce ?? 0).toBe(0);
    expect(transaction.gas! * transaction.gasPrice!).toBe(deterministicDeployer.fundingWei);
    expect(transaction.gasPrice).toBe(deterministicDeployer.gasPrice);
    // The init code returns the runtime code that follows its 14-byte header.
    expect(transaction.data!.endsWith(deterministicDeployer.code.slice(2))).toBe(true);
    expect(keccak256(deterministicDeployer.code)).toBe(deterministicDeployer.codeHash);
  });
});
