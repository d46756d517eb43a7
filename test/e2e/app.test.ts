import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext } from "playwright-core";
import { createPublicClient, createTestClient, createWalletClient, getAddress, http, type Address, type TestClient } from "viem";
import { hardhat } from "viem/chains";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startIntervalMining } from "../../scripts/startIntervalMining.ts";
import { ensureDeployment, startLocalNode, type LocalDeployment, type LocalNode } from "../../scripts/localNode.ts";
import { createHushlogClient } from "../../src/client/createHushlogClient.ts";
import { ed25519PublicKey } from "../../src/crypto/ed25519.ts";
import { systemRandom } from "../../src/crypto/random.ts";
import { x25519PublicKey } from "../../src/crypto/x25519.ts";
import { createIdentity } from "../../src/identity/createIdentity.ts";
import { createKeyBinding } from "../../src/identity/createKeyBinding.ts";
import { findCurrentBinding } from "../../src/identity/findCurrentBinding.ts";
import { findPrekeyBundle } from "../../src/prekeys/findPrekeyBundle.ts";
import { createMemoryStore } from "../../src/store/backends/memory/createMemoryStore.ts";
import { createTestClient as createHushlogTestClient } from "../fixtures/createTestClients.ts";
import { deployEns } from "../fixtures/deployEns.ts";
import { AppDriver, screenshotDir, ui } from "./appDriver.ts";
import { freePort } from "../fixtures/freePort.ts";
import { launchChromium } from "./launchChromium.ts";
import { installTestWallet, type TestWalletControl } from "./installTestWallet.ts";
import { startAppServer, type AppServer } from "./startAppServer.ts";


let node: LocalNode;
let deployment: LocalDeployment;
let app: AppServer;
let browser: Browser;
let work: string;
let testClient: TestClient;
let accounts: Address[];
let alice: Address;
let bob: Address;
const short = (a: Address) => `${getAddress(a).slice(0, 6)}…${getAddress(a).slice(-4)}`;
const literally = (text: string) => new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "hushlog-e2e-"));
  node = await startLocalNode({ port: await freePort(), logFile: join(work, "node.log") });
  deployment = await ensureDeployment(node.url, join(work, "deployment.json"));
  await startIntervalMining(node.url);
  app = await startAppServer({ deploymentFile: join(work, "deployment.json"), port: await freePort() });
  accounts = await createWalletClient({ transport: http(node.url) }).getAddresses();
  testClient = createTestClient({ chain: hardhat, mode: "hardhat", transport: http(node.url) });
  // Account 0 deployed the contract; Alice uses a browser wallet on account 1, Bob the developer picker's account #2.
  [alice, bob] = [accounts[1]!, accounts[2]!];
  // The Chromium inside @sparticuz/chromium (an npm package), Debian's as a fallback; driven by playwright-core.
  const launched = await launchChromium();
  browser = launched.browser;
  // Which one ran is part of the result: CI must not pass on the fallback without anyone knowing.
  if (launched.source !== "@sparticuz/chromium") console.warn(`e2e: @sparticuz/chromium did not start; using ${launched.source}`);
  expect(deployment.chainId).toBe(31337);
}, 180_000);

afterAll(async () => {
  // Browser before node: the pages keep polling the node until they close.
  await browser?.close();
  await app?.close();
  await node?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** What the Node clients of this test need of the node (its unlocked accounts sign through it). */
function nodeChain() {
  const transport = http(node.url);
  const publicClient = createPublicClient({ chain: hardhat, transport, pollingInterval: 200 });
  const walletClients = accounts.map((account) => createWalletClient({ account, chain: hardhat, transport, pollingInterval: 200 }));
  return { publicClient, walletClients, deployment };
}

async function open(context: BrowserContext, name: string): Promise<AppDriver> {
  const page = await context.newPage();
  // Prekeys off: this walks issue 6's request/accept flow (prekey first contact is tested on the client).
  await page.goto(`${app.url}?prekeys=off`);
  return new AppDriver(page, name);
}

describe("the dapp in Chromium: two people, two browser contexts, through the UI only", () => {
  it("identities, a conversation, 5 messages each way, a failed send retried, a reload, two tabs, a group", async () => {
    // Alice: an injected wallet (window.ethereum) over the node's account 1. Bob: a fresh profile, no wallet at all.
    const aliceContext = await browser.newContext();
    await aliceContext.addInitScript(installTestWallet, { rpcUrl: node.url, account: alice });
    const bobContext = await browser.newContext();
    const fetched: string[] = [];
    for (const context of [aliceContext, bobContext]) context.on("request", (request) => void fetched.push(request.url()));
    const a = await open(aliceContext, "alice");
    const b = await open(bobContext, "bob");

    // Connect: Alice's browser wallet; Bob picks a developer account (local chain only).
    await a.click(/Browser wallet/);
    await b.visible("Developer accounts (local chain only)");
    await b.screenshot("bob-connect.png");
    await b.click(literally(`Local account #2 · ${short(bob)}`));
    await a.visible(short(alice));
    await b.visible(short(bob));

    // Both create their identity: the screen explains the signature in plain words.
    await a.createIdentity();
    await b.createIdentity();

    // Alice starts a conversation with Bob, with a note the screen says may be public.
    await a.click("New conversation");
    await a.page.getByLabel("Their address").fill(bob);
    await a.page.getByLabel("Note (optional)").fill("Hi Bob, it's Alice from the e2e test");
    await a.visible(/anyone reading the chain can read it/);
    await a.click("Send request");
    await a.visible(`Waiting for ${short(bob)}`);

    // Bob sees the request: verified, with the note and its notice; he accepts.
    await b.page.getByRole("link", { name: /Requests\s*1 waiting/ }).click(ui);
    const request = b.page.getByRole("listitem", { name: `Request from ${getAddress(alice)}` });
    await request.getByText("✓ Verified").waitFor(ui);
    await request.getByText("Hi Bob, it's Alice from the e2e test").waitFor(ui);
    await request.getByText(/anyone reading the chain can read it/).waitFor(ui);
    await b.screenshot("bob-request.png");
    await request.getByRole("button", { name: "Accept" }).click(ui);
    await b.visible("End-to-end encrypted · post-quantum handshake");
    await a.visible("End-to-end encrypted · post-quantum handshake");

    // Five messages each way.
    const fromAlice = Array.from({ length: 5 }, (_, i) => `Alice says ${i + 1}`);
    const fromBob = Array.from({ length: 5 }, (_, i) => `Bob answers ${i + 1}`);
    for (const text of fromAlice) await a.send(text);
    await b.expectMessages(fromAlice);
    for (const text of fromBob) await b.send(text);
    const history = [...fromAlice, ...fromBob];
    await a.expectMessages(history);
    await b.expectMessages(history);
    await a.expectAllConfirmed(5);
    await b.expectAllConfirmed(5);

    // The gas of a sent message, on demand.
    await a.page.locator(".message.out").first().getByRole("button", { name: "Gas" }).click(ui);
    await a.visible("Gas used");
    expect(Number((await a.page.getByTestId("gas-used").first().textContent())!.replace(/,/g, ""))).toBeGreaterThan(21_000);

    // Alice rejects the next transaction in her wallet: the message shows as failed; Retry sends it.
    await a.page.evaluate(() => (window as unknown as { hushlogTestWallet: TestWalletControl }).hushlogTestWallet.rejectNextTransaction());
    await a.send("this one needs a retry");
    const failed = a.page.locator(".message.out", { hasText: "this one needs a retry" });
    await failed.getByText("Failed").waitFor(ui);
    await failed.getByText(/You declined in your wallet/).waitFor(ui);
    await a.screenshot("alice-failed-message.png");
    await failed.getByRole("button", { name: "Retry" }).click(ui);
    await failed.getByText(/^(Confirmed|Final)$/).waitFor(ui);
    await b.expectMessages([...history, "this one needs a retry"]);

    // While Bob is away the chain moves on 100,000 blocks. He reloads: one signature unlocks this browser's store, a
    // banner shows the catch-up's progress, the whole history is there, and he goes on.
    await testClient.mine({ blocks: 100_000 });
    await b.page.reload();
    await b.unlock();
    await b.visible(/Catching up with the chain… \d+%/);
    await b.screenshot("bob-catching-up.png");
    await b.expectMessages([...history, "this one needs a retry"]);
    await b.page.getByText(/Catching up with the chain/).waitFor({ state: "hidden", ...ui });
    await b.send("Bob after the reload");
    await a.expectMessages([...history, "this one needs a retry", "Bob after the reload"]);
    await a.expectAllConfirmed(6);
    await b.expectAllConfirmed(6);
    await a.screenshot("alice-chat.png");
    await b.screenshot("bob-chat.png");

    // A second tab of Alice's (same browser profile, same store): it shows the conversation and sends too.
    const a2 = await open(aliceContext, "alice, second tab");
    await a2.unlock();
    await a2.click(literally(short(bob)), "link");
    await a2.expectMessages([...history, "this one needs a retry", "Bob after the reload"]);
    await a2.send("from Alice's second tab");
    await b.expectMessages([...history, "this one needs a retry", "Bob after the reload", "from Alice's second tab"]);
    await a.expectMessages([...history, "this one needs a retry", "Bob after the reload", "from Alice's second tab"]);
    await a2.page.close();

    // A group: Alice creates it with Bob and writes; Bob sees it unread, opens it and answers.
    await a.click("New group");
    await a.page.getByLabel("Group name").fill("e2e crew");
    await a.page.getByRole("checkbox", { name: getAddress(bob) }).check(ui);
    await a.click("Create group");
    await a.visible("2 members · end-to-end encrypted");
    await a.send("hello group, Alice here");
    await b.page.getByRole("link", { name: /e2e crew.*1 unread/ }).click(ui);
    await b.expectMessages(["hello group, Alice here"]);
    await b.send("Bob in the group");
    await a.expectMessages(["hello group, Alice here", "Bob in the group"]);
    await a.expectAllConfirmed(1);
    await b.expectAllConfirmed(1);
    await a.click("Members");
    await a.visible("creator");
    await a.screenshot("alice-group.png");
    await b.screenshot("bob-group.png");

    // The library's lazy chunks (docs/benchmarks.md): Chromium has X25519 and Ed25519 in WebCrypto, so noble's
    // curves were never fetched (nor node:crypto's); the first binding check fetched @noble/secp256k1.
    expect(fetched.filter((url) => url.includes("/nobleCurve25519Exports-"))).toEqual([]);
    // Nor the node:crypto curves, loaded only where `process` exists.
    expect(fetched.filter((url) => url.includes("/createNodeCurves-"))).toEqual([]);
    expect(fetched.some((url) => url.includes("/secp256k1-"))).toBe(true);
    expect(screenshotDir).toContain("test-results");
  }, 300_000);

  it("says what to do: RPC down, no contract, wrong network, a declined signature, an unknown account, no ETH for gas", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const screen = new AppDriver(page, "errors");

    // RPC down (a port nobody listens on): the start screen says so and offers the settings.
    await page.goto(`${app.url}?rpc=http://127.0.0.1:${await freePort()}`);
    await screen.visible("Can't reach the chain");
    await screen.visible(/does not answer/);
    await page.getByLabel("RPC URL").waitFor(ui);
    // A contract address that is not Hushlog.
    await page.goto(`${app.url}?contract=0x000000000000000000000000000000000000dEaD`);
    await screen.visible("No Hushlog contract here");
    await context.close();

    // Carol's wallet is on chain 1: the app asks to switch; she declines the first signature, then creates her identity.
    const carolContext = await browser.newContext();
    await carolContext.addInitScript(installTestWallet, { rpcUrl: node.url, account: accounts[3]!, chainId: 1 });
    const c = await open(carolContext, "carol");
    await c.click(/Browser wallet/);
    await c.visible("Wrong network");
    await c.visible("Your wallet is on chain 1.");
    await c.click("Switch to Local Hardhat chain");
    await c.visible("This signature creates your encryption keys. It costs nothing and sends no transaction.");
    await c.page.evaluate(() => (window as unknown as { hushlogTestWallet: TestWalletControl }).hushlogTestWallet.rejectNextSignature());
    await c.click("Create identity");
    await c.visible("You declined in your wallet");
    await c.createIdentity();

    // Carol's account runs out of ETH: her conversation request fails with a plain reason; with ETH back, Retry sends it.
    await testClient.setBalance({ address: accounts[3]!, value: 0n });
    await c.click("New conversation");
    await c.page.getByLabel("Their address").fill(bob);
    await c.click("Send request");
    await c.visible("Not enough ETH for gas");
    await c.visible("Your conversation request was not sent.");
    await c.visible("Your request was not sent: retry it above.");
    await c.screenshot("carol-no-gas.png");
    await testClient.setBalance({ address: accounts[3]!, value: 10n ** 18n });
    await c.click("Retry");
    await c.page.getByText("Your conversation request was not sent.").waitFor({ state: "hidden", ...ui });
    await c.visible(/Your request is on (its way to )?the chain/);
    await carolContext.close();

    // An account the node cannot sign for.
    const unknownContext = await browser.newContext();
    await unknownContext.addInitScript(installTestWallet, { rpcUrl: node.url, account: "0x000000000000000000000000000000000000dEaD" as Address });
    const u = await open(unknownContext, "unknown");
    await u.click(/Browser wallet/);
    await u.click("Create identity");
    await u.visible("Unknown account");
    await unknownContext.close();
  }, 120_000);
  it("trust: a stranger's first message waits as a request and can be blocked; a key change is a warning with both safety numbers", async () => {
    // Erin uses the app with prekeys on (the default); the others are Node clients of the same node, as other apps would be.
    const erin = accounts[4]!;
    // ENS on the local chain, from the real contracts: Erin is erin.eth with an avatar; the stranger (account 5)
    // claims erin.eth in his own reverse record, which anyone can do, and must not be shown with it.
    const ensChain = nodeChain();
    const ens = await deployEns(ensChain.walletClients[0]!, ensChain.publicClient);
    const avatarSvg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 2 2"><rect width="2" height="2" fill="#c33"/></svg>`;
    const avatar = `data:image/svg+xml;base64,${Buffer.from(avatarSvg).toString("base64")}`;
    await ens.register(ensChain.walletClients[4]!, "erin", { texts: { avatar } });
    await ens.setReverseName(ensChain.walletClients[4]!, "erin.eth");
    await ens.setReverseName(ensChain.walletClients[5]!, "erin.eth");
    const context = await browser.newContext();
    await context.addInitScript(installTestWallet, { rpcUrl: node.url, account: erin });
    const page = await context.newPage();
    // First load of the built app in a fresh profile (cold cache) from the local preview server: until the first
    // screen can be used. Reported, not asserted (the goal is 1.5 s; this machine is shared and its speed drifts).
    const started = Date.now();
    await page.goto(`${app.url}?prekeys=on&ensRegistry=${ens.registry}`);
    const e = new AppDriver(page, "erin");
    await page.getByRole("button", { name: /Browser wallet/ }).waitFor(ui);
    const firstLoad = {
      untilUsableMs: Date.now() - started,
      ...(await page.evaluate(() => {
        const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
        const js = performance.getEntriesByType("resource").filter((r) => r.name.endsWith(".js")) as PerformanceResourceTiming[];
        return { domContentLoadedMs: Math.round(nav.domContentLoadedEventEnd), loadMs: Math.round(nav.loadEventEnd), jsTransferBytes: js.reduce((n, r) => n + r.transferSize, 0) };
      })),
    };
    console.info(`app first load: ${JSON.stringify(firstLoad)}`);
    mkdirSync(screenshotDir, { recursive: true });
    writeFileSync(join(screenshotDir, "first-load.json"), `${JSON.stringify(firstLoad, null, 2)}\n`);
    await e.click(/Browser wallet/);
    await e.createIdentity();
    await expect.poll(() => page.getByTestId("account").textContent(), ui).toBe("erin.eth");
    const face = page.getByTestId("account").locator("img");
    expect(await face.getAttribute("src")).toBe(avatar);
    await expect.poll(() => face.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), ui).toBe(true);
    const chain = nodeChain();
    await expect.poll(() => findPrekeyBundle(chain.publicClient, { account: erin, chainId: deployment.chainId, contract: deployment.address, fromBlock: deployment.deployBlock }), ui).not.toBeNull();

    // A stranger writes first, through Erin's prekeys: a request holding the message, not a conversation.
    const stranger = await createHushlogTestClient(chain, 5, { client: { publishPrekeys: true } });
    expect((await stranger.client.startConversation(erin, { message: "gm, want a free token?" })).mode).toBe("prekey");
    await page.getByRole("link", { name: /Requests\s*1 waiting/ }).click(ui);
    const request = page.getByRole("listitem", { name: `Request from ${getAddress(accounts[5]!)}` });
    await request.getByText("Sent you a message without asking first").waitFor(ui);
    await request.getByText("gm, want a free token?").waitFor(ui);
    // His lookup (5 calls on the local node) has long finished by the time the held message shows; a second more, and
    // he is still his address: erin.eth's forward record names Erin, not him.
    await page.waitForTimeout(1000);
    expect(await request.textContent()).toContain(short(accounts[5]!));
    expect(await request.textContent()).not.toContain("erin.eth");
    expect(await page.locator(".sidebar .list").first().textContent()).not.toContain(short(accounts[5]!));
    await e.screenshot("erin-stranger-request.png");
    await request.getByRole("button", { name: "Block" }).click(ui);
    await page.getByRole("listitem", { name: `Blocked ${getAddress(accounts[5]!)}` }).waitFor(ui);
    await e.visible("No requests. When someone writes to you for the first time, it waits here.");

    // Frank talks with Erin (she accepts his first message), then comes back from a new phone: new keys, a newer binding.
    const frank = await createHushlogTestClient(chain, 6, { client: { publishPrekeys: true } });
    await frank.client.startConversation(erin, { message: "hi Erin, Frank here" });
    await page.getByRole("listitem", { name: `Request from ${getAddress(accounts[6]!)}` }).getByRole("button", { name: "Accept" }).click(ui);
    await e.expectMessages(["hi Erin, Frank here"]);
    await e.click("Verify safety number", "link");
    const before = (await page.getByTestId("safety-number").textContent())!;
    expect(before).toMatch(/^\d{60}$/);
    expect(before).toBe((await frank.client.safetyNumber(erin))!.replaceAll(" ", ""));

    const account = frank.identity.account;
    const x = systemRandom(32);
    const ed = systemRandom(32);
    const identity = await createIdentity({ account, x25519: { secretKey: x, publicKey: await x25519PublicKey(x) }, ed25519: { seed: ed, publicKey: await ed25519PublicKey(ed) }, mlKemSeed: systemRandom(64) });
    const { nextSequence } = await findCurrentBinding(chain.publicClient, { account, chainId: deployment.chainId, contract: deployment.address, fromBlock: deployment.deployBlock });
    const binding = await createKeyBinding(identity, { signTypedData: frank.wallet.signTypedData, chainId: deployment.chainId, contract: deployment.address, sequence: nextSequence });
    const phone = createHushlogClient({ publicClient: chain.publicClient, walletClient: frank.wallet, contract: deployment.address, identity, binding, store: await createMemoryStore({ account }), deployBlock: deployment.deployBlock, confirmations: 1, publishPrekeys: false });
    await phone.startConversation(erin, { message: "new phone, it's still me" });

    // The warning shows above the open screen, with both numbers; the message waits until Erin accepts the new key.
    const warning = page.getByRole("alert", { name: `Key change of ${getAddress(account)}` });
    await warning.getByText(`The security key of ${short(account)} changed`).waitFor(ui);
    const [previous, next] = await warning.getByTestId("safety-number").allTextContents();
    expect(previous).toBe(before);
    expect(next).toMatch(/^\d{60}$/);
    expect(next).not.toBe(before);
    expect(next).toBe((await phone.safetyNumber(erin))!.replaceAll(" ", ""));
    await e.screenshot("erin-key-change.png");
    await warning.getByRole("button", { name: "Accept the new key" }).click(ui);
    await warning.waitFor({ state: "hidden", ...ui });
    await page.getByRole("link", { name: literally(short(account)) }).first().click(ui);
    await e.expectMessages(["hi Erin, Frank here", "new phone, it's still me"]);
    await e.click("Verify safety number", "link");
    await expect.poll(() => page.getByTestId("safety-number").textContent(), ui).toBe(next);

    // Names and faces: Erin names Frank (the list, the chat and the title follow); her own address opens whole, with
    // a QR code.
    await page.getByRole("link", { name: literally(short(account)) }).first().click(ui);
    await page.getByRole("button", { name: "Add a name" }).click(ui);
    await page.getByLabel(`Name for ${getAddress(account)}`).fill("Frank 📱");
    await page.getByRole("button", { name: "Save" }).click(ui);
    await page.getByRole("link", { name: /Frank 📱/ }).waitFor(ui);
    await expect.poll(() => page.title(), ui).toBe("Frank 📱 · Hushlog");
    await page.getByTestId("account").click(ui);
    expect(await page.getByTestId("my-address").textContent()).toBe(getAddress(erin));
    await page.getByRole("img", { name: `QR code of ${getAddress(erin)}` }).waitFor(ui);
    await e.screenshot("erin-my-address.png");
    await page.getByRole("button", { name: "Close" }).click(ui);

    // The main screens at a desktop's 1280 px and a phone's 390 px: screenshots of both, and nothing scrolls sideways.
    await page.getByRole("link", { name: /Frank 📱/ }).first().click(ui);
    // The composer tells the fee before sending: none to base it on before Erin's first message, then her last one's gas.
    await e.visible("Each message is a transaction: its fee shows here after your first one.");
    await e.send("A link: https://example.org/a-long-path/that-should-wrap?on=phones 👋🏽");
    await page.getByTestId("fee-estimate").waitFor(ui);
    expect(await page.getByTestId("fee-estimate").textContent()).toMatch(/^Fee: up to 0\.0*[1-9]\d* ETH per message$/);
    for (const [width, height] of [
      [1280, 800],
      [390, 844],
    ] as const) {
      await page.setViewportSize({ width, height });
      for (const [name, hash, text] of [
        ["list", "#/", "Conversations"],
        ["chat", `#/chat/${frank.client.conversationWith(erin)}`, "https://example.org/a-long-path/that-should-wrap?on=phones"],
        ["verify", `#/verify/${getAddress(account)}`, "Safety number"],
        ["requests", "#/requests", /^Blocked$/],
        ["new-chat", "#/new-chat", "Their address"],
        ["settings", "#/settings", "RPC URL"],
      ] as const) {
        await page.evaluate((h) => (location.hash = h), hash);
        await e.visible(text);
        if (name === "chat") await page.getByRole("link", { name: "https://example.org/a-long-path/that-should-wrap?on=phones" }).waitFor(ui);
        expect({ screen: name, width, overflow: await e.horizontalOverflow() }).toEqual({ screen: name, width, overflow: 0 });
        await e.screenshot(`erin-${name}-${width}.png`);
      }
      await page.evaluate(() => (location.hash = "#/"));
    }

    await stranger.client.close();
    await frank.client.close();
    await phone.close();
    await context.close();
  }, 180_000);
});
