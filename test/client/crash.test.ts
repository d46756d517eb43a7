import { freePort } from "../fixtures/freePort.ts";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createPublicClient, createWalletClient, http, type Address, type Hex } from "viem";
import { hardhat } from "viem/chains";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hushlogEventSelectors } from "../../src/chain/decodeHushlogLogs.ts";
import { BROADCAST_LEASE_SECONDS } from "../../src/constants.ts";
import { createHushlogClient } from "../../src/client/createHushlogClient.ts";
import type { HushlogClient } from "../../src/client/HushlogClient.ts";
import { createKeyBinding } from "../../src/identity/createKeyBinding.ts";
import { deriveIdentity } from "../../src/identity/deriveIdentity.ts";
import { createMemoryStore } from "../../src/store/backends/memory/createMemoryStore.ts";
import { createSqliteStore } from "../../src/store/backends/sqlite/createSqliteStore.ts";
import type { HushlogStore } from "../../src/store/HushlogStore.ts";
import { ensureDeployment, startLocalNode, type LocalDeployment, type LocalNode } from "../../scripts/localNode.ts";

const dir = mkdtempSync(join(tmpdir(), "hushlog-crash-"));
let node: LocalNode;
let deployment: LocalDeployment;
let accounts: Address[];
const publicClient = () => createPublicClient({ chain: hardhat, transport: http(node.url) });


async function clientFor(account: Address, store: HushlogStore, now?: () => number): Promise<HushlogClient> {
  const wallet = createWalletClient({ account, chain: hardhat, transport: http(node.url) });
  const identity = await deriveIdentity({ account, signMessage: ({ message }) => wallet.signMessage({ message }) });
  const binding = await createKeyBinding(identity, { signTypedData: (a) => wallet.signTypedData(a as never), chainId: hardhat.id, contract: deployment.address, sequence: 1n });
  return createHushlogClient({ publicClient: publicClient() as never, walletClient: wallet, contract: deployment.address, identity, binding, store, deployBlock: deployment.deployBlock, confirmations: 1, finality: { depth: 1 }, ...(now ? { now } : {}) });
}

const openAliceStore = (path: string, account: Address) => createSqliteStore({ path, passphrase: "crash test", account, kdf: { t: 1, m: 64, p: 1 } });

beforeAll(async () => {
  node = await startLocalNode({ port: await freePort(), logFile: join(dir, "node.log") });
  deployment = await ensureDeployment(node.url, join(dir, "deployment.json"));
  accounts = await createWalletClient({ transport: http(node.url) }).getAddresses();
});
afterAll(async () => {
  await node.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function until(check: () => Promise<boolean>, step: () => Promise<unknown>) {
  for (let i = 0; i < 30; i++) {
    await step();
    if (await check()) return;
  }
  throw new Error("condition not reached");
}

describe.each(["before-broadcast", "after-broadcast", "after-submit"] as const)("a sender killed %s", (mode) => {
  it("loses nothing and delivers the message exactly once", async () => {
    const index = { "before-broadcast": 1, "after-broadcast": 3, "after-submit": 5 }[mode];
    const [aliceAccount, bobAccount] = [accounts[index]!, accounts[index + 1]!];
    const storePath = join(dir, `${mode}.db`);
    let aliceStore = await openAliceStore(storePath, aliceAccount);
    let alice = await clientFor(aliceAccount, aliceStore);
    const bob = await clientFor(bobAccount, await createMemoryStore());

    await alice.startConversation(bobAccount);
    await until(async () => (await bob.requests("pending")).length === 1, () => bob.sync());
    const { conversationId } = await bob.acceptHandshake((await bob.requests("pending"))[0]!.id);
    await until(async () => (await alice.conversations()).length === 1, () => alice.sync());
    await alice.close();
    await aliceStore.close();

    const child = spawn(process.execPath, [fileURLToPath(new URL("./crashChild.ts", import.meta.url))], {
      env: {
        ...process.env,
        HUSHLOG_CRASH: JSON.stringify({ rpcUrl: node.url, contract: deployment.address, deployBlock: String(deployment.deployBlock), account: aliceAccount, storePath, conversationId, text: `survives ${mode}`, mode }),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        if (chunk.toString().includes("KILL ME")) {
          child.kill("SIGKILL");
          resolve();
        }
      });
      child.once("exit", (code) => reject(new Error(`child exited (${code}) before the kill point: ${stderr}`)));
    });
    await new Promise((resolve) => child.once("exit", resolve));

    aliceStore = await openAliceStore(storePath, aliceAccount);
    // A record left `preparing` is another client's until its broadcast lease ends (BROADCAST_LEASE_SECONDS): the
    // restarted process comes back after it (within the lease, sharedStore.test.ts shows it is left alone).
    const lease = (BROADCAST_LEASE_SECONDS + 1) * 1000;
    alice = await clientFor(aliceAccount, aliceStore, () => Date.now() + lease);
    await until(
      async () => (await bob.messages(conversationId)).length === 1 && (await alice.pendingTransactions()).length === 0,
      async () => {
        await alice.sync();
        await bob.sync();
      },
    );
    expect((await bob.messages(conversationId)).map((m) => m.content?.text)).toEqual([`survives ${mode}`]);
    const [sent] = await alice.messages(conversationId);
    expect(sent!.status).toBe("final");
    // One copy on chain: recovery found the transaction that was already sent instead of sending another.
    const logs = await publicClient().getLogs({ address: deployment.address, fromBlock: 0n });
    const records = new Set([hushlogEventSelectors.Prekeys, hushlogEventSelectors.Binding]);
    const fromAlice = logs.filter(
      (log) => !records.has(log.topics[0]!) && log.topics[2]?.toLowerCase().endsWith(aliceAccount.slice(2).toLowerCase()) && log.blockNumber! > 0n,
    );
    expect(fromAlice).toHaveLength(2); // the handshake and the message (account records aside)
    await alice.close();
    await aliceStore.close();
  }, 120_000);
});
