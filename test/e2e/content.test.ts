import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Locator, Page } from "playwright-core";
import { createPublicClient, createWalletClient, getAddress, http, type Address } from "viem";
import { hardhat } from "viem/chains";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDeployment, startLocalNode, type LocalNode } from "../../scripts/localNode.ts";
import { startIntervalMining } from "../../scripts/startIntervalMining.ts";
import { freePort } from "../fixtures/freePort.ts";
import { AppDriver, ui } from "./appDriver.ts";
import { installTestWallet } from "./installTestWallet.ts";
import { launchChromium } from "./launchChromium.ts";
import { startAppServer, type AppServer } from "./startAppServer.ts";

// Issue 19's app part: replies, reactions, edits, deletes and read receipts between two people, through the UI only,
// on the same fixtures as app.test.ts (a node of its own, the production build, the packaged Chromium).

let node: LocalNode;
let app: AppServer;
let browser: Browser;
let work: string;
let alice: Address;
let bob: Address;
const short = (a: Address) => `${getAddress(a).slice(0, 6)}…${getAddress(a).slice(-4)}`;
const literally = (text: string) => new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
const poll = { timeout: ui.timeout, interval: 150 };

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "hushlog-e2e-content-"));
  node = await startLocalNode({ port: await freePort(), logFile: join(work, "node.log") });
  await ensureDeployment(node.url, join(work, "deployment.json"));
  await startIntervalMining(node.url);
  app = await startAppServer({ deploymentFile: join(work, "deployment.json"), port: await freePort() });
  const accounts = await createWalletClient({ transport: http(node.url) }).getAddresses();
  [alice, bob] = [accounts[1]!, accounts[2]!];
  ({ browser } = await launchChromium());
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await node?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** The bubble whose own text (not a quote of it) is `text`. */
const bubble = (page: Page, text: string): Locator => page.locator(".messages .message").filter({ has: page.locator(":scope > .text", { hasText: text }) });

/** Opens a bubble's action bar as a mouse user does (hover), then presses one of its buttons. */
async function action(page: Page, text: string, name: string): Promise<void> {
  const target = bubble(page, text);
  await target.hover(ui);
  await target.getByRole("toolbar", { name: "Message actions" }).getByRole("button", { name, exact: true }).click(ui);
}

/** Every bubble of the open chat: reactions, edits, deletes and receipts must never add one. */
const bubbleCount = (page: Page) => page.locator(".messages .message").count();

describe("the dapp in Chromium: replies, reactions, edits, deletes and read receipts between two people", () => {
  it("each side sees the other's reply, reaction, edit, delete and receipt; none of them is a bubble of its own", async () => {
    const aliceContext = await browser.newContext();
    await aliceContext.addInitScript(installTestWallet, { rpcUrl: node.url, account: alice });
    const bobContext = await browser.newContext();
    const a = new AppDriver(await aliceContext.newPage(), "alice");
    const b = new AppDriver(await bobContext.newPage(), "bob");
    await a.page.goto(`${app.url}?prekeys=off`);
    await b.page.goto(`${app.url}?prekeys=off`);
    await a.click(/Browser wallet/);
    await b.click(literally(`Local account #2 · ${short(bob)}`));
    await a.createIdentity();
    await b.createIdentity();
    await a.click("New conversation");
    await a.page.getByLabel("Their address").fill(bob);
    await a.click("Send request");
    await b.page.getByRole("link", { name: /Requests\s*1 waiting/ }).click(ui);
    await b.page.getByRole("listitem", { name: `Request from ${getAddress(alice)}` }).getByRole("button", { name: "Accept" }).click(ui);
    await a.visible("End-to-end encrypted · post-quantum handshake");
    await b.visible("End-to-end encrypted · post-quantum handshake");

    await a.send("lunch at noon?");
    await b.expectMessages(["lunch at noon?"]);

    // Bob replies with a reaction picked in the reply banner: both in ONE transaction (his account's nonce moves by one).
    const chain = createPublicClient({ chain: hardhat, transport: http(node.url) });
    const bobNonce = await chain.getTransactionCount({ address: bob });
    await action(b.page, "lunch at noon?", "Reply");
    await b.visible("Replying to");
    await b.page.getByRole("group", { name: "Reaction sent with the reply" }).getByRole("button", { name: "👍" }).click(ui);
    await b.send("sure, see you there");
    await b.page.locator(".compose-banner").waitFor({ state: "hidden", ...ui });
    await a.expectMessages(["lunch at noon?", "sure, see you there"]);
    await bubble(a.page, "sure, see you there").getByRole("blockquote").getByText("lunch at noon?").waitFor(ui);
    await bubble(a.page, "lunch at noon?").getByRole("button", { name: `👍 1: ${short(bob)}` }).waitFor(ui);
    await expect.poll(() => chain.getTransactionCount({ address: bob }), poll).toBe(bobNonce + 1);
    expect(await bubbleCount(a.page)).toBe(2);
    expect(await bubbleCount(b.page)).toBe(2);

    // Alice reacts to the reply from the action bar, and takes it back by clicking her (highlighted) reaction.
    await action(a.page, "sure, see you there", "React");
    await bubble(a.page, "sure, see you there").getByRole("group", { name: "Pick a reaction" }).getByRole("button", { name: "❤️" }).click(ui);
    const mine = bubble(a.page, "sure, see you there").getByRole("button", { name: "❤️ 1: you" });
    await expect.poll(() => mine.getAttribute("aria-pressed"), poll).toBe("true");
    await bubble(b.page, "sure, see you there").getByRole("button", { name: `❤️ 1: ${short(alice)}` }).waitFor(ui);
    await mine.click(ui);
    await bubble(b.page, "sure, see you there").getByRole("list", { name: "Reactions" }).waitFor({ state: "detached", ...ui });
    await bubble(a.page, "sure, see you there").getByRole("list", { name: "Reactions" }).waitFor({ state: "detached", ...ui });

    // Alice edits her post: Bob sees the new text, marked edited, and his reply quotes the new text.
    await action(a.page, "lunch at noon?", "Edit");
    await a.visible("Editing your message");
    expect(await a.page.getByLabel("Message", { exact: true }).inputValue()).toBe("lunch at noon?");
    await a.send("lunch at 1pm?");
    await b.expectMessages(["lunch at 1pm?", "sure, see you there"]);
    await bubble(b.page, "lunch at 1pm?").getByText("edited").waitFor(ui);
    await bubble(b.page, "sure, see you there").getByRole("blockquote").getByText("lunch at 1pm?").waitFor(ui);

    // Alice sends a message and deletes it for everyone (Delete asks once more); Bob's bubble says it was deleted.
    await a.send("oops, wrong chat");
    await b.expectMessages(["lunch at 1pm?", "sure, see you there", "oops, wrong chat"]);
    await action(a.page, "oops, wrong chat", "Delete");
    await bubble(a.page, "oops, wrong chat").getByRole("button", { name: "Delete for everyone" }).click(ui);
    await b.expectMessages(["lunch at 1pm?", "sure, see you there", "This message was deleted"]);
    await a.expectMessages(["lunch at 1pm?", "sure, see you there", "This message was deleted"]);
    // Bob's copy offers no actions on his own reply's target once deleted, nor Edit/Delete on Alice's messages.
    await bubble(b.page, "lunch at 1pm?").hover(ui);
    expect(await bubble(b.page, "lunch at 1pm?").getByRole("button", { name: "Edit", exact: true }).count()).toBe(0);

    // Read receipts: off by default, the setting says they cost gas. Bob turns them on and sends one from the chat.
    expect(await a.page.locator(".read-by").count()).toBe(0);
    await b.page.evaluate(() => (location.hash = "#/settings"));
    const receipts = b.page.getByRole("checkbox", { name: "Send read receipts" });
    expect(await receipts.isChecked()).toBe(false);
    await b.visible(/it costs you gas: it is a\s+transaction on chain, about 26,700 gas each/);
    await receipts.check(ui);
    await b.screenshot("bob-receipts-setting.png");
    // The settings screen has no list: back to the chat.
    await b.page.goBack();
    await b.click("Send read receipt");
    await b.visible("Receipt sent.");
    await expect.poll(() => a.page.locator(".message.out .read-by").allTextContents(), poll).toEqual([" · Read", " · Read"]);

    // Later messages: a receipt goes when Bob leaves the chat, not one per message.
    await a.send("one more");
    await a.send("and another");
    await b.expectMessages(["lunch at 1pm?", "sure, see you there", "This message was deleted", "one more", "and another"]);
    const beforeLeaving = await chain.getTransactionCount({ address: bob });
    await b.page.evaluate(() => (location.hash = "#/"));
    await expect.poll(() => a.page.locator(".message.out .read-by").count(), poll).toBe(4);
    expect(await chain.getTransactionCount({ address: bob })).toBe(beforeLeaving + 1);
    expect(await bubbleCount(a.page)).toBe(5);

    // Screenshots of the chat at a desktop's and a phone's width; at 390 px the actions open with a tap on the bubble.
    await b.page.getByRole("link", { name: literally(short(alice)) }).first().click(ui);
    await b.expectMessages(["lunch at 1pm?", "sure, see you there", "This message was deleted", "one more", "and another"]);
    for (const [width, height] of [
      [1280, 800],
      [390, 844],
    ] as const) {
      for (const side of [a, b]) {
        await side.page.setViewportSize({ width, height });
        expect({ side: side.name, width, overflow: await side.horizontalOverflow() }).toEqual({ side: side.name, width, overflow: 0 });
        await side.screenshot(`${side.name}-content-${width}.png`);
      }
    }
    await bubble(b.page, "one more").locator(".text").click(ui);
    await bubble(b.page, "one more").getByRole("toolbar", { name: "Message actions" }).getByRole("button", { name: "React" }).click(ui);
    await bubble(b.page, "one more").getByRole("group", { name: "Pick a reaction" }).getByRole("button", { name: "😂" }).click(ui);
    await bubble(a.page, "one more").getByRole("button", { name: `😂 1: ${short(bob)}` }).waitFor(ui);
    expect(await b.horizontalOverflow()).toBe(0);
    await b.screenshot("bob-content-actions-390.png");

    // A group: the same content. A group sends one transaction per message, so the reply banner offers no reaction.
    for (const side of [a, b]) await side.page.setViewportSize({ width: 1280, height: 800 });
    await a.click("New group");
    await a.page.getByLabel("Group name").fill("lunch crew");
    await a.page.getByRole("checkbox", { name: getAddress(bob) }).check(ui);
    await a.click("Create group");
    await a.visible("2 members · end-to-end encrypted");
    await a.send("group lunch?");
    await b.page.getByRole("link", { name: /lunch crew/ }).click(ui);
    await b.expectMessages(["group lunch?"]);
    await action(b.page, "group lunch?", "Reply");
    await b.visible("Replying to");
    expect(await b.page.getByRole("group", { name: "Reaction sent with the reply" }).count()).toBe(0);
    await b.send("count me in");
    await action(b.page, "group lunch?", "React");
    await bubble(b.page, "group lunch?").getByRole("group", { name: "Pick a reaction" }).getByRole("button", { name: "🙏" }).click(ui);
    await a.expectMessages(["group lunch?", "count me in"]);
    await bubble(a.page, "count me in").getByRole("blockquote").getByText("group lunch?").waitFor(ui);
    await bubble(a.page, "group lunch?").getByRole("button", { name: `🙏 1: ${short(bob)}` }).waitFor(ui);
    await action(a.page, "group lunch?", "Edit");
    await a.send("group lunch at 1?");
    // On failure, both chats as shown: whether the sender's side has the edit tells a send problem from a receive one.
    await b.expectMessages(["group lunch at 1?", "count me in"]).catch(async (error) => {
      for (const side of [a, b]) console.error(`${side.name}'s chat at the failure:\n${await side.page.locator(".chat").innerText()}`);
      throw error;
    });
    await bubble(b.page, "group lunch at 1?").getByText("edited").waitFor(ui);
    expect(await bubbleCount(a.page)).toBe(2);
    await a.screenshot("alice-group-content-1280.png");
    await aliceContext.close();
    await bobContext.close();
  }, 300_000);
});
