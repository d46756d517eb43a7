import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDeployment, startLocalNode, type LocalNode } from "../../scripts/localNode.ts";
import { startAnvil } from "../fixtures/startAnvil.ts";
import { cliEnv, freePort, runCli } from "./cliHarness.ts";

// Its own node: the demo reverts the chain (evm_revert), which must not rewind another test's transactions.
const tmp = mkdtempSync(join(tmpdir(), "hushlog-demo-"));
let node: LocalNode;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  node = await startLocalNode({ port: await freePort(), logFile: join(tmp, "node.log") });
  await ensureDeployment(node.url, join(tmp, "deployment.json"));
  env = cliEnv({ HUSHLOG_DEPLOYMENT: join(tmp, "deployment.json") });
});
afterAll(async () => {
  await node?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

describe("hushlog demo", () => {
  it("runs handshake, messages both ways and a reorg, printing gas", async () => {
    const { code, stdout, stderr } = await runCli(["demo"], env);
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/alice → bob {3}handshake.*gas [\d,]+/);
    expect(stdout).toMatch(/bob → alice {3}accepts: handshake response.*gas [\d,]+/);
    expect(stdout).toMatch(/bob {11}received "Hello Bob!/);
    expect(stdout).toMatch(/marked "reorged"/);
    expect(stdout).toMatch(/received again in block \d+ \(received\), same id: true, shown once/);
    expect(stdout).toMatch(/her copy: confirmed/);
    // Bob's accept note is Alice's first message from him (it comes encrypted in the response).
    expect(stdout).toMatch(/bob's note "hey alice" came encrypted/);
    expect(stdout).toMatch(/Done: 6 messages on alice's side, 5 on bob's; total gas [\d,]+\./);
  });

  it("refuses a node without evm_snapshot or a contract, with one line and exit 5", async () => {
    const { code, stderr } = await runCli(["demo", "--contract", "0x00000000000000000000000000000000000000aa"], env);
    expect(code).toBe(5);
    expect(stderr.trim().split("\n")).toHaveLength(1);
  });
});

describe("hushlog demo on a default anvil node (accounts #0-#9 funded, no more)", () => {
  it("runs the whole flow", async () => {
    const anvil = await startAnvil();
    try {
      const { code, stdout, stderr } = await runCli(["demo", "--rpc", anvil.url, "--contract", anvil.deployment.address], env);
      expect(code, stderr).toBe(0);
      expect(stdout).toMatch(/marked "reorged"/);
      expect(stdout).toMatch(/Done: \d+ messages on alice's side/);
    } finally {
      await anvil.stop();
    }
  });
});
