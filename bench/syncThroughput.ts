import { freePort } from "../test/fixtures/freePort.ts";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPublicClient, createWalletClient, http, keccak256, parseEther, toHex, type Address, type PublicClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import { createHushlogClient } from "../src/client/createHushlogClient.ts";
import type { HushlogClient } from "../src/client/HushlogClient.ts";
import { createKeyBinding } from "../src/identity/createKeyBinding.ts";
import { deriveIdentity } from "../src/identity/deriveIdentity.ts";
import { createMemoryStore } from "../src/store/backends/memory/createMemoryStore.ts";
import { createSqliteStore } from "../src/store/backends/sqlite/createSqliteStore.ts";
import type { HushlogStore } from "../src/store/HushlogStore.ts";
import { ensureDeployment, startLocalNode } from "../scripts/localNode.ts";
import type { BenchResult } from "./BenchResult.ts";

const CONVERSATIONS = 50;
const MESSAGES_PER_CONVERSATION = 200;
const BATCH = 50;

/**
 * End-to-end sync throughput (issue goal: >= 2,000 messages/s). On a local JSON-RPC node (`hardhat node`, HTTP),
 * 50 peers each hold a conversation with Bob and post 200 messages (10,000 in all, in batches of 50 per
 * transaction) while Bob is offline. Then a new Bob client over his encrypted SQLite store catches up: log
 * reads over HTTP, sender filter, decryption, and one atomic commit of ratchet states, messages and cursor.
 */
export async function benchSyncThroughput(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), "hushlog-bench-sync-"));
  const node = await startLocalNode({ port: await freePort(), logFile: join(dir, "node.log") });
  try {
    const deployment = await ensureDeployment(node.url, join(dir, "deployment.json"));
    const publicClient = createPublicClient({ chain: hardhat, transport: http(node.url) }) as PublicClient;
    const open = (account: Address) => createSqliteStore({ path: join(dir, "bob.db"), passphrase: "bench", account, kdf: { t: 1, m: 64, p: 1 } });
    const make = async (key: `0x${string}`, store: (account: Address) => Promise<HushlogStore>) => {
      const account = privateKeyToAccount(key);
      await publicClient.request({ method: "hardhat_setBalance" as never, params: [account.address, toHex(parseEther("100"))] as never });
      const walletClient = createWalletClient({ account, chain: hardhat, transport: http(node.url) });
      const identity = await deriveIdentity({ account: account.address, signMessage: ({ message }) => account.signMessage({ message }) });
      const binding = await createKeyBinding(identity, { signTypedData: (a) => account.signTypedData(a as never), chainId: hardhat.id, contract: deployment.address, sequence: 1n });
      const s = await store(account.address);
      const client = () =>
        createHushlogClient({ publicClient, walletClient, contract: deployment.address, identity, binding, store: s, deployBlock: deployment.deployBlock, confirmations: 1 });
      return { account, store: s, client };
    };

    const bob = await make(keccak256(toHex("bench bob")), open);
    const peers = await Promise.all(
      Array.from({ length: CONVERSATIONS }, (_, i) => make(keccak256(toHex(`bench peer ${i}`)), () => createMemoryStore())),
    );
    const bobSetup = bob.client();
    const peerClients: HushlogClient[] = peers.map((p) => p.client());
    for (const peer of peerClients) await peer.startConversation(bob.account.address);
    await bobSetup.sync();
    for (const request of await bobSetup.requests("pending")) await bobSetup.acceptHandshake(request.id);
    await bobSetup.sync();
    await bobSetup.close();
    for (const peer of peerClients) await peer.sync();

    // Bob is offline: every peer posts its 200 messages.
    for (const [i, peer] of peerClients.entries()) {
      const conversationId = peer.conversationWith(bob.account.address);
      for (let b = 0; b < MESSAGES_PER_CONVERSATION / BATCH; b++) {
        await peer.sendMessages(
          Array.from({ length: BATCH }, (_, j) => ({ conversationId, content: `message ${b * BATCH + j} from peer ${i}: about a hundred bytes of text, as chat messages tend to be.` })),
        );
      }
    }

    const catchingUp = bob.client();
    const start = performance.now();
    const result = await catchingUp.sync();
    const seconds = (performance.now() - start) / 1000;
    if (result.messages !== CONVERSATIONS * MESSAGES_PER_CONVERSATION) {
      throw new Error(`caught up ${result.messages} messages, expected ${CONVERSATIONS * MESSAGES_PER_CONVERSATION}`);
    }
    await bob.store.close();
    return [
      { name: "sync.messages", value: result.messages, unit: "messages" },
      { name: "sync.seconds", value: seconds, unit: "s" },
      { name: "sync.msgsPerSecond", value: result.messages / seconds, unit: "msg/s", goal: { min: 2000 } },
    ];
  } finally {
    await node.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

