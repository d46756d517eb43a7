import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hushlogAddress } from "../../src/chain/hushlogAddress.ts";
import { defaultDeploymentFile, defaultRpcUrl, resolveNetwork } from "../../src/cli/config.ts";
import { startAnvilProcess, type AnvilProcess } from "../fixtures/anvilNode.ts";
import { cliEnv, cliUsers, hardhatKeys, jsonLines } from "./cliHarness.ts";

const tmp = mkdtempSync(join(tmpdir(), "hushlog-cli-canonical-"));
const dirs = { alice: join(tmp, "alice"), early: join(tmp, "early") };
let anvil: AnvilProcess;
// No deployment file, no config, no --contract: only the RPC of a fresh anvil (8545 may be taken on a shared machine).
const env = cliEnv({ HUSHLOG_PASSPHRASE: "correct horse battery staple" });
const { ok, fails } = cliUsers(dirs, () => env);

beforeAll(async () => {
  anvil = await startAnvilProcess();
});
afterAll(async () => {
  await anvil?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

describe("the CLI on the canonical address", () => {
  it("says how to deploy when a fresh chain lacks it; `deploy` puts it there once; init and sync then need no contract", async () => {
    const rpc = ["--rpc", anvil.url];
    await fails("early", ["init", "--private-key", hardhatKeys[1], ...rpc], 5, /canonical Hushlog contract \(0x0e0E.*\) is not on chain 31337.*hushlog deploy/);

    const first = jsonLines((await ok("alice", ["deploy", ...rpc, "--json"])).stdout)[0]!;
    expect(first).toMatchObject({ type: "deploy", address: hushlogAddress, chainId: 31337, created: true });
    const again = jsonLines((await ok("alice", ["deploy", ...rpc, "--json"])).stdout)[0]!;
    expect(again).toMatchObject({ address: hushlogAddress, deployBlock: first.deployBlock, transactionHash: null, created: false });

    const init = await ok("alice", ["init", "--private-key", hardhatKeys[1], ...rpc]);
    expect(init.stdout).toContain(`contract ${hushlogAddress}`);
    const whoami = jsonLines((await ok("alice", ["whoami", "--json"])).stdout)[0]!;
    expect(whoami).toMatchObject({ account: privateKeyToAccount(hardhatKeys[1]).address, contract: hushlogAddress, rpc: anvil.url });
    await ok("alice", ["sync"]);
  });

  // A checkout where `npm start` ran has a deployment file, which then rightly names the RPC: nothing to test there.
  it.skipIf(existsSync(defaultDeploymentFile))("resolves the network from nothing: the canonical contract on the default local RPC", () => {
    const network = resolveNetwork({}, {}, join(tmp, "nothing"));
    expect(network).toMatchObject({ rpc: defaultRpcUrl, contract: hushlogAddress, deployBlock: undefined, chainId: undefined, source: "defaults" });
    expect(defaultRpcUrl).toBe("http://127.0.0.1:8545");
  });

  it("ignores a deployment file written for another node (its block and chain id say nothing about this one)", () => {
    const file = join(tmp, "deployment.json");
    const recorded = { chainId: 31337, address: hushlogAddress, deployBlock: "7", rpcUrl: "http://127.0.0.1:1" };
    writeFileSync(file, JSON.stringify(recorded));
    expect(resolveNetwork({ deployment: file }, {}, tmp)).toMatchObject({ rpc: recorded.rpcUrl, deployBlock: 7n, chainId: 31337 });
    expect(resolveNetwork({ deployment: file, rpc: anvil.url }, {}, tmp)).toMatchObject({
      rpc: anvil.url,
      contract: hushlogAddress,
      deployBlock: undefined,
      chainId: undefined,
      source: "command line",
    });
  });
});
