import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { bytesToHex, createPublicClient, createWalletClient, getAddress, http, type Address, type Hex } from "viem";
import { hardhat } from "viem/chains";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDeployment, startLocalNode, type LocalDeployment, type LocalNode } from "../../scripts/localNode.ts";
import { startIntervalMining } from "../../scripts/startIntervalMining.ts";
import { createHushlogClient } from "../../src/client/createHushlogClient.ts";
import { createDeviceIdentity } from "../../src/identity/createDeviceIdentity.ts";
import { createKeyBinding } from "../../src/identity/createKeyBinding.ts";
import { findCurrentBinding } from "../../src/identity/findCurrentBinding.ts";
import { createMemoryStore } from "../../src/store/backends/memory/createMemoryStore.ts";
import { createTestClient as createHushlogTestClient, syncUntil } from "../fixtures/createTestClients.ts";
import { freePort } from "../fixtures/freePort.ts";
import { AppDriver, ui } from "./appDriver.ts";
import { installTestWallet, type TestWalletControl } from "./installTestWallet.ts";
import { launchChromium } from "./launchChromium.ts";
import { startAppServer, type AppServer } from "./startAppServer.ts";

// Issue 17's "done when": pop-up-free sending. The dapp in Chromium with an injected wallet that counts its prompts:
// linking this browser and topping up its sending key are the only wallet requests; ten messages (and the accept
// before them) ask for nothing, because they are signed by the browser's own sending key.

let node: LocalNode;
let deployment: LocalDeployment;
let app: AppServer;
let browser: Browser;
let work: string;
let accounts: Address[];
const short = (a: Address) => `${getAddress(a).slice(0, 6)}…${getAddress(a).slice(-4)}`;
const poll = { timeout: ui.timeout, interval: 150 };

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "hushlog-e2e-devices-"));
  node = await startLocalNode({ port: await freePort(), logFile: join(work, "node.log") });
  deployment = await ensureDeployment(node.url, join(work, "deployment.json"));
  await startIntervalMining(node.url);
  app = await startAppServer({ deploymentFile: join(work, "deployment.json"), port: await freePort() });
  accounts = await createWalletClient({ transport: http(node.url) }).getAddresses();
  ({ browser } = await launchChromium());
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await node?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** The wallet's prompt counts so far, by method. */
const prompts = (page: Page) => page.evaluate(() => (window as unknown as { hushlogTestWallet: TestWalletControl }).hushlogTestWallet.prompts());

function nodeChain() {
  const transport = http(node.url);
  const publicClient = createPublicClient({ chain: hardhat, transport, pollingInterval: 200 });
  const walletClients = accounts.map((account) => createWalletClient({ account, chain: hardhat, transport, pollingInterval: 200 }));
  return { publicClient, walletClients, deployment };
}

describe("the dapp in Chromium: pop-up-free sending from this browser's sending key", () => {
  it("links with one binding signature and one funding transaction, then accepts and sends ten messages with zero wallet prompts", async () => {
    const alice = accounts[3]!;
    const context = await browser.newContext();
    await context.addInitScript(installTestWallet, { rpcUrl: node.url, account: alice });
    const page = await context.newPage();
    await page.goto(`${app.url}?prekeys=off`);
    const a = new AppDriver(page, "alice-devices");
    await a.click(/Browser wallet/);
    await a.visible(short(alice));

    // Linking, funding the key on the way: the store key (the app's own signature), the binding, which lists this
    // browser's sending key, and one funding transaction; the binding's publication then comes from the key.
    await a.visible("This signature creates your encryption keys. It costs nothing and sends no transaction.");
    await page.getByLabel(/Also fund this browser's sending key/).check(ui);
    await page.getByLabel("Amount (ETH)").fill("0.01");
    await a.click("Create identity");
    await a.visible("Your conversations");
    const chain = nodeChain();
    const where = { account: alice, chainId: deployment.chainId, contract: deployment.address, fromBlock: deployment.deployBlock };
    await expect.poll(async () => (await findCurrentBinding(chain.publicClient, where)).current?.binding.devices[0]?.sender ?? null, poll).not.toBeNull();
    const key = (await findCurrentBinding(chain.publicClient, where)).current!.binding.devices[0]!.sender!;
    await expect.poll(() => chain.publicClient.getTransactionCount({ address: key }), poll).toBe(1);
    const linked = await prompts(page);
    // Connect, the store key, the binding signature, the funding transaction: nothing else, not even the publication.
    expect(linked).toEqual({ eth_requestAccounts: 1, personal_sign: 1, eth_signTypedData_v4: 1, eth_sendTransaction: 1 });

    // The Devices screen: this browser, its key in use, its balance; a top-up is one more transaction.
    await a.click("Devices", "link");
    await page.getByRole("listitem", { name: /^Device / }).getByText(`(this browser)`).waitFor(ui);
    await a.visible(`sends from ${short(key)}`);
    await a.visible("Messages, accepts and group changes are sent from this key: no wallet prompt.");
    const before = await chain.publicClient.getBalance({ address: key });
    expect(before).toBeLessThan(10n ** 16n);
    await page.getByLabel("Amount (ETH)").fill("0.01");
    await a.click("Top up");
    await expect.poll(() => chain.publicClient.getBalance({ address: key }), poll).toBe(before + 10n ** 16n);
    await a.screenshot("alice-devices.png");
    const funded = await prompts(page);
    expect(funded).toEqual({ ...linked, eth_sendTransaction: linked.eth_sendTransaction! + 1 });

    // Bob (a Node client) asks for a conversation; Alice accepts: the response goes out from the key.
    const bob = await createHushlogTestClient(chain, 4);
    await bob.client.startConversation(alice, { note: "hi from bob" });
    await page.getByRole("link", { name: /Requests\s*1 waiting/ }).click(ui);
    await page.getByRole("listitem", { name: `Request from ${getAddress(bob.identity.account)}` }).getByRole("button", { name: "Accept" }).click(ui);
    await a.visible("End-to-end encrypted · post-quantum handshake");
    let conversationId: Hex | undefined;
    await syncUntil([bob.client], async () => (conversationId = (await bob.client.conversations())[0]?.conversationId) !== undefined, 200);

    // Ten messages: none asks the wallet anything; all reach Bob, sent from the key.
    const texts = Array.from({ length: 10 }, (_, i) => `no pop-up ${i + 1}`);
    for (const text of texts) await a.send(text);
    await a.expectAllConfirmed(10).catch(async (error) => {
      throw new Error(`${error}; on screen: ${await page.locator(".pane").textContent()}`);
    });
    await syncUntil([bob.client], async () => (await bob.client.messages(conversationId!)).filter((m) => m.direction === "in").length === 10, 200);
    const received = (await bob.client.messages(conversationId!)).filter((m) => m.direction === "in").map((m) => (m.content?.type === "text" ? m.content.text : null));
    expect(received).toEqual(texts);
    expect(await prompts(page)).toEqual(funded);
    // The binding's publication, the accept and the ten messages.
    expect(await chain.publicClient.getTransactionCount({ address: key })).toBe(12);
    await a.screenshot("alice-ten-messages.png");

    // Settings follow the account (app-state sync): Alice mutes and names Bob here, links a laptop (a Node client of
    // hers, her wallet signing the new device list), and sends both changes from the Devices screen: one transaction
    // from the key, still no wallet prompt.
    await a.click("Mute");
    await a.visible("Unmute");
    await a.click("Add a name");
    await page.getByLabel(`Name for ${getAddress(bob.identity.account)}`).fill("Bob (bot)");
    await a.click("Save");
    const laptopIdentity = await createDeviceIdentity({ account: alice });
    const current = (await findCurrentBinding(chain.publicClient, where)).current!.binding;
    const laptopDevice = { x25519: bytesToHex(laptopIdentity.x25519.publicKey), ed25519: bytesToHex(laptopIdentity.ed25519.publicKey), sender: null };
    const laptop = createHushlogClient({
      publicClient: chain.publicClient,
      walletClient: chain.walletClients[3]!,
      contract: deployment.address,
      identity: laptopIdentity,
      binding: await createKeyBinding(laptopIdentity, {
        signTypedData: chain.walletClients[3]!.signTypedData,
        chainId: deployment.chainId,
        contract: deployment.address,
        sequence: current.sequence + 1n,
        devices: [...current.devices, laptopDevice],
      }),
      store: await createMemoryStore({ account: alice }),
      deployBlock: deployment.deployBlock,
      publishPrekeys: false,
    });
    await laptop.sync();
    await a.click("Devices", "link");
    await expect.poll(() => page.getByRole("listitem", { name: /^Device / }).count(), poll).toBe(2);
    await expect.poll(() => page.getByTestId("settings-sync-status").textContent(), poll).toBe("2 changes not on your other devices yet.");
    await a.click("Send to my other devices (one transaction)");
    await expect.poll(() => page.getByTestId("settings-sync-status").textContent(), poll).toBe("Your other devices have all your settings.");
    await syncUntil([laptop], async () => (await laptop.appState.muted()).length === 1, 200);
    expect(await laptop.appState.muted()).toEqual([getAddress(bob.identity.account)]);
    expect(await laptop.appState.nicknames()).toEqual({ [getAddress(bob.identity.account)]: "Bob (bot)" });
    expect(await prompts(page)).toEqual(funded);
    expect(await chain.publicClient.getTransactionCount({ address: key })).toBe(13);
    await a.screenshot("alice-settings-synced.png");
    await laptop.close();
    await bob.client.close();
  });
});
