import { spawn } from "node:child_process";
import { AssertionError } from "node:assert";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createHardhatRuntimeEnvironment } from "hardhat/hre";
import { createPublicClient, http, keccak256, type PublicClient } from "viem";
import { afterAll, describe, expect, it } from "vitest";
import { deterministicDeployer } from "../../src/chain/deterministicDeployer.ts";
import { hushlogDeployedCodeHash } from "../../src/chain/hushlogBytecode.ts";
import hushlog, { expectMessage, handshake, hardhatDeployer, hushlogAccounts, hushlogAddress } from "../../src/hardhat.ts";
import { freePort } from "../fixtures/freePort.ts";
import { hardhatCli } from "../../scripts/hardhatCli.ts";

const tmp = mkdtempSync(join(tmpdir(), "hushlog-hardhat-plugin-"));
const stops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const stop of stops) await stop();
  rmSync(tmp, { recursive: true, force: true });
});

const hre = await createHardhatRuntimeEnvironment({ plugins: [hushlog] });

async function codeHash(request: (args: { method: string; params: unknown[] }) => Promise<unknown>, address: string) {
  const code = (await request({ method: "eth_getCode", params: [address, "latest"] })) as `0x${string}`;
  return code === "0x" ? null : keccak256(code);
}

describe("hushlog/hardhat plugin", () => {
  it("every in-process connection has the canonical contract, and the named accounts are untouched", async () => {
    for (let i = 0; i < 2; i++) {
      const connection = await hre.network.create();
      const request = connection.provider.request.bind(connection.provider) as never as (args: { method: string; params: unknown[] }) => Promise<unknown>;
      expect(await codeHash(request, hushlogAddress)).toBe(hushlogDeployedCodeHash);
      expect(await codeHash(request, deterministicDeployer.address)).toBe(deterministicDeployer.codeHash);
      // One block: Hushlog's CREATE2 through the factory, sent by the plugin's own impersonated deployer.
      expect(await request({ method: "eth_blockNumber", params: [] })).toBe("0x1");
      const [first] = (await request({ method: "eth_accounts", params: [] })) as string[];
      expect(await request({ method: "eth_getTransactionCount", params: [first, "latest"] })).toBe("0x0");
      expect(await request({ method: "eth_getTransactionCount", params: [hardhatDeployer, "latest"] })).toBe("0x1");
      await connection.close();
    }
  });

  it("a dapp's first encrypted-chat test: named accounts, a handshake, a message waited for", async () => {
    const connection = await hre.network.create();
    const [alice, bob] = await hushlogAccounts(connection);
    const conversationId = await handshake(alice, bob);
    await alice.client.sendMessage(conversationId, "hello bob");
    const message = await expectMessage(bob, { from: alice, text: "hello bob" });
    expect(message).toMatchObject({ conversationId, direction: "in", content: { type: "text", text: "hello bob" } });
    await bob.client.sendMessage(conversationId, "hi alice");
    await expectMessage(alice, { from: bob, text: /^hi/ });

    // A message that never comes fails the test with what did arrive.
    const failure = await expectMessage(bob, { text: "never sent", timeoutMs: 200 }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AssertionError);
    expect((failure as Error).message).toMatch(/waiting for .* with text never sent[\s\S]*"hello bob"/);
    await connection.close();
  });

  it("`hardhat node` with the plugin serves the canonical contract at start", async () => {
    const port = await freePort();
    const logFile = join(tmp, "node.log");
    const log = openSync(logFile, "w");
    const config = fileURLToPath(new URL("../fixtures/hardhatPlugin.config.ts", import.meta.url));
    const child = spawn(process.execPath, [hardhatCli, "node", "--config", config, "--hostname", "127.0.0.1", "--port", String(port)], { stdio: ["ignore", log, log] });
    closeSync(log);
    stops.push(async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise((resolve) => child.once("exit", resolve));
      process.kill(child.pid!, "SIGTERM");
      await gone;
    });
    const publicClient = createPublicClient({ transport: http(`http://127.0.0.1:${port}`, { retryCount: 0 }) }) as PublicClient;
    const deadline = Date.now() + 60_000;
    while (!(await publicClient.getChainId().catch(() => false))) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`hardhat node did not start:\n${readFileSync(logFile, "utf8")}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const code = await publicClient.getCode({ address: hushlogAddress });
    expect(code && keccak256(code)).toBe(hushlogDeployedCodeHash);
  });
});
