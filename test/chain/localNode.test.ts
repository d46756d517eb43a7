import { freePort } from "../fixtures/freePort.ts";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPublicClient, http, type PublicClient } from "viem";
import { afterAll, describe, expect, it } from "vitest";
import { assertHushlogDeployed } from "../../src/chain/assertHushlogDeployed.ts";
import { hushlogAddress } from "../../src/chain/hushlogAddress.ts";
import { ensureDeployment, readDeploymentFile, startLocalNode, type LocalNode } from "../../scripts/localNode.ts";


const dir = mkdtempSync(join(tmpdir(), "hushlog-node-"));
const nodes: LocalNode[] = [];
afterAll(async () => {
  for (const node of nodes) await node.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("local JSON-RPC node launcher", () => {
  it("starts a node, deploys once, reuses both, and stops the node by its own PID", async () => {
    const port = await freePort();
    const node = await startLocalNode({ port, logFile: join(dir, "node.log") });
    nodes.push(node);
    expect(node.pid).toBeTypeOf("number");

    const file = join(dir, "deployment.json");
    const deployment = await ensureDeployment(node.url, file);
    expect(readDeploymentFile(file)).toEqual(deployment);
    const publicClient = createPublicClient({ transport: http(node.url) }) as PublicClient;
    await assertHushlogDeployed(publicClient, deployment.address);
    // `hardhat node` has no CREATE2 factory: the keyless transaction put it there, and Hushlog is at its canonical address.
    expect(deployment.address).toBe(hushlogAddress);

    // A second checkout (its own deployment file) on the same node finds the same contract and sends nothing.
    const secondCheckout = await ensureDeployment(node.url, join(dir, "second-checkout.json"));
    expect(secondCheckout).toEqual({ ...deployment, transactionHash: null });

    // A second start finds the running node and leaves it alone; the recorded deployment is reused.
    const again = await startLocalNode({ port });
    expect(again.pid).toBeUndefined();
    expect(await ensureDeployment(again.url, file)).toEqual(deployment);

    await node.stop();
    expect(() => process.kill(node.pid!, 0)).toThrow();
    await expect(publicClient.getChainId()).rejects.toThrow();
  });

  it("reports a missing contract with a typed error", async () => {
    const port = await freePort();
    const node = await startLocalNode({ port, logFile: join(dir, "node2.log") });
    nodes.push(node);
    const publicClient = createPublicClient({ transport: http(node.url) }) as PublicClient;
    await expect(assertHushlogDeployed(publicClient, "0x00000000000000000000000000000000000000aa")).rejects.toMatchObject({
      code: "CHAIN_CONTRACT_NOT_FOUND",
    });
  });
});
