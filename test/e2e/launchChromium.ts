import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

/** Flags for a headless browser in a test: no sandbox (root in CI), no GPU, no background traffic. */
const chromiumArgs = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const systemChromium = "/usr/bin/chromium";

export type LaunchedChromium = { browser: Browser; source: "@sparticuz/chromium" | typeof systemChromium };

/**
 * A Chromium for the browser tests that `npm install` brought: @sparticuz/chromium carries a headless Chromium
 * (153) inside its npm package and extracts it into the temp directory on first use, so no apt step and no
 * download at test time. Its own flag set is for AWS Lambda (--single-process, --disable-web-security...) and is
 * not used: the app must run as in a normal browser. Debian's /usr/bin/chromium remains a fallback for machines
 * where the packaged one cannot start (another architecture, a missing shared library).
 */
export async function launchChromium(): Promise<LaunchedChromium> {
  try {
    const { default: packaged } = await import("@sparticuz/chromium");
    const executablePath = await packaged.executablePath();
    return { browser: await chromium.launch({ executablePath, args: [...chromiumArgs, "--no-zygote"] }), source: "@sparticuz/chromium" };
  } catch (error) {
    if (!existsSync(systemChromium)) throw error;
    return { browser: await chromium.launch({ executablePath: systemChromium, args: chromiumArgs }), source: systemChromium };
  }
}
