import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPublicClient, createWalletClient, http, type PublicClient } from "viem";
import { mnemonicToAccount, privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHushlogClient } from "../../src/client/createHushlogClient.ts";
import { ed25519PublicKey } from "../../src/crypto/ed25519.ts";
import { systemRandom } from "../../src/crypto/random.ts";
import { x25519PublicKey } from "../../src/crypto/x25519.ts";
import { createIdentity } from "../../src/identity/createIdentity.ts";
import { createKeyBinding } from "../../src/identity/createKeyBinding.ts";
import { findCurrentBinding } from "../../src/identity/findCurrentBinding.ts";
import { createMemoryStore } from "../../src/store/backends/memory/createMemoryStore.ts";
import { ensureDeployment, startLocalNode, type LocalDeployment, type LocalNode } from "../../scripts/localNode.ts";
import { cliEnv, cliUsers, freePort, hardhatKeys, hardhatMnemonic, jsonLines } from "./cliHarness.ts";

// The phished-signature story told through real `hushlog` processes. Mallory's page got alice's wallet to sign a
// binding of a device Mallory holds (her keys, sent from her own EOA). Bob is warned of the key change and holds its
// message; alice's device is told it is no longer authorised, and `hushlog reauthorize` takes the account back.
const tmp = mkdtempSync(join(tmpdir(), "hushlog-cli-trust-"));
const dirs = { alice: join(tmp, "alice"), bob: join(tmp, "bob") };
const aliceWallet = privateKeyToAccount(hardhatKeys[1]);
const alice = aliceWallet.address;
const bob = privateKeyToAccount(hardhatKeys[2]).address;
const mallory = mnemonicToAccount(hardhatMnemonic, { addressIndex: 6 });
let node: LocalNode;
let deployment: LocalDeployment;
let env: NodeJS.ProcessEnv;

const { ok, fails } = cliUsers(dirs, () => env);
const texts = (stdout: string) => jsonLines(stdout).map((m) => `${m.direction}:${m.text}`);

beforeAll(async () => {
  node = await startLocalNode({ port: await freePort(), logFile: join(tmp, "node.log") });
  const deploymentFile = join(tmp, "deployment.json");
  deployment = await ensureDeployment(node.url, deploymentFile);
  env = cliEnv({ HUSHLOG_DEPLOYMENT: deploymentFile, HUSHLOG_PASSPHRASE: "correct horse battery staple" });
});

afterAll(async () => {
  await node?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

/** Mallory's client: fresh keys of her own under a binding alice's wallet signed, sending from her EOA. */
async function phisher() {
  const publicClient = createPublicClient({ chain: hardhat, transport: http(node.url) }) as PublicClient;
  const x = systemRandom(32);
  const ed = systemRandom(32);
  const identity = createIdentity({ account: alice, x25519: { secretKey: x, publicKey: await x25519PublicKey(x) }, ed25519: { seed: ed, publicKey: await ed25519PublicKey(ed) }, mlKemSeed: systemRandom(64) });
  const where = { chainId: deployment.chainId, contract: deployment.address };
  const { nextSequence } = await findCurrentBinding(publicClient, { account: alice, ...where, fromBlock: deployment.deployBlock });
  const binding = await createKeyBinding(identity, { signTypedData: (typedData) => aliceWallet.signTypedData(typedData), ...where, sequence: nextSequence, sender: mallory.address });
  return createHushlogClient({
    publicClient,
    walletClient: createWalletClient({ account: mallory, chain: hardhat, transport: http(node.url) }),
    contract: deployment.address,
    deployBlock: deployment.deployBlock,
    identity,
    binding,
    store: await createMemoryStore({ account: alice }),
    publishPrekeys: false,
    confirmations: 1,
  });
}

describe("hushlog command line: key changes and a phished binding", () => {
  it("warns of the key change, holds its message, and reauthorize takes the account back", async () => {
    await ok("alice", ["init", "--private-key", hardhatKeys[1]]);
    await ok("bob", ["init", "--private-key", hardhatKeys[2]]);
    await ok("alice", ["hello", bob]);
    await ok("bob", ["sync"]);
    await ok("bob", ["accept", alice]);
    await ok("alice", ["sync"]);
    const [before] = jsonLines((await ok("bob", ["verify", alice, "--json"])).stdout);

    const mallorysClient = await phisher();
    try {
      const started = await mallorysClient.startConversation(bob, { message: "new phone, same alice" });
      expect(started.mode).toBe("prekey");
      await mallorysClient.sync();
      // Her binding and her first contact are on chain (watched until final, which an idle node never reaches).
      expect((await mallorysClient.pendingTransactions()).map((p) => p.status)).toEqual(["confirmed", "confirmed"]);

      const synced = (await ok("bob", ["sync"])).stdout;
      expect(synced).toContain(`${alice} revoked the device of your conversation`);
      expect(synced).toContain(`WARNING: ${alice}'s identity key changed`);
      expect(synced).toContain(`old safety number: ${before!.safetyNumber}`);
      const [request] = jsonLines((await ok("bob", ["requests", "--json"])).stdout);
      expect(request).toMatchObject({ from: alice, kind: "prekey", keyChanged: true, status: "pending", messages: ["new phone, same alice"] });
      expect(request!.safetyNumber).not.toBe(before!.safetyNumber);
      expect((await ok("bob", ["requests"])).stdout).toContain("now uses a DIFFERENT identity key");
      // Nothing from the new key is shown as alice's; the conversation kept is the one with alice's real device.
      expect(texts((await ok("bob", ["read", alice, "--json"])).stdout)).toEqual([]);
      expect((await ok("bob", ["verify", alice, "--json"])).stdout).toContain(String(before!.safetyNumber));

      // Alice's device learns that the account's current binding is not hers, and sends nothing.
      expect((await ok("alice", ["sync"])).stdout).toContain("does not authorise this device");
      await fails("alice", ["send", bob, "are you there?"], 6, /does not authorise this device.*hushlog reauthorize/);

      // She takes the account back; bob declines the request and hears from the real alice again.
      const [taken] = jsonLines((await ok("alice", ["reauthorize", "--json"])).stdout);
      expect(taken).toMatchObject({ type: "reauthorize" });
      const restored = (await ok("bob", ["sync"])).stdout;
      expect(restored).toContain(`${alice} authorised the device of your conversation`);
      await ok("bob", ["decline", String(request!.id)]);
      await ok("alice", ["send", bob, "it was not me"]);
      await ok("bob", ["sync"]);
      expect(texts((await ok("bob", ["read", alice, "--json"])).stdout)).toEqual(["in:it was not me"]);
      // Mallory's binding is dead: once her client has read the chain, it refuses to send.
      await mallorysClient.sync();
      await expect(mallorysClient.sendMessage(started.conversationId, "still here")).rejects.toMatchObject({ code: "CLIENT_DEVICE_NOT_AUTHORIZED" });
    } finally {
      await mallorysClient.close();
    }
  });
});
