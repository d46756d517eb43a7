import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { expect } from "vitest";
import { repoRoot } from "../../scripts/localNode.ts";

/** Upper bound for anything the UI shows after a chain round trip (waits end as soon as the text shows). */
export const ui = { timeout: 45_000 };
const poll = { timeout: ui.timeout, interval: 150 };

export const screenshotDir = join(repoRoot, "test-results", "e2e");

/** Person-level actions and reads on the app, through what is on screen only. */
export class AppDriver {
  readonly page: Page;
  readonly name: string;

  constructor(page: Page, name: string) {
    this.page = page;
    this.name = name;
  }

  async visible(text: string | RegExp): Promise<void> {
    await this.page.getByText(text).first().waitFor({ state: "visible", ...ui });
  }

  async click(name: string | RegExp, role: "button" | "link" = "button"): Promise<void> {
    await this.page.getByRole(role, { name }).first().click(ui);
  }

  /** The texts of the open chat's messages, oldest first. */
  messageTexts(): Promise<string[]> {
    return this.page.locator(".messages .message .text").allTextContents();
  }

  async expectMessages(texts: string[]): Promise<void> {
    await expect.poll(() => this.messageTexts(), poll).toEqual(texts);
  }

  /** The status each of our own messages shows, as text. */
  outgoingStatuses(): Promise<string[]> {
    return this.page.locator(".messages .message.out .status").allTextContents();
  }

  /** Every one of our `count` messages delivered: "Confirmed", or already "Final" (3 blocks deep on chain 31337). */
  async expectAllConfirmed(count: number): Promise<void> {
    const delivered = async () => (await this.outgoingStatuses()).map((s) => (s === "Final" ? "Confirmed" : s));
    await expect.poll(delivered, poll).toEqual(Array.from({ length: count }, () => "Confirmed"));
  }

  async send(text: string): Promise<void> {
    const box = this.page.getByLabel("Message", { exact: true });
    await box.fill(text);
    await box.press("Enter");
    // The message shows at once, before the chain has it.
    await this.page.locator(".messages .message.out .text", { hasText: text }).first().waitFor({ state: "visible", ...ui });
  }

  async createIdentity(): Promise<void> {
    await this.visible("This signature creates your encryption keys. It costs nothing and sends no transaction.");
    await this.screenshot(`${this.name}-create-identity.png`);
    await this.click("Create identity");
    await this.visible("Your conversations");
  }

  async unlock(): Promise<void> {
    await this.visible("Unlock your messages");
    await this.click("Unlock");
  }

  /** How far the page scrolls sideways (0 when nothing is wider than the window). */
  horizontalOverflow(): Promise<number> {
    return this.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  }

  async screenshot(file: string): Promise<void> {
    mkdirSync(screenshotDir, { recursive: true });
    await this.page.screenshot({ path: join(screenshotDir, file), fullPage: true });
  }
}
