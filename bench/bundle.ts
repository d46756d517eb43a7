import { appProvidedPackages, bundleForBrowser, coreAndReactEntry, type BrowserBundle } from "../test/fixtures/browserBundle.ts";
import type { BenchResult } from "./BenchResult.ts";

const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;

/** A plain wagmi dapp (connect, read, send), bundled with wagmi itself: the baseline Hushlog is added to. */
const wagmiDapp = `
import { createConfig, http, WagmiProvider, useConnection, useConnect, useReadContract, useSendTransaction } from "wagmi";
import { injected } from "wagmi/connectors";
import { mainnet } from "wagmi/chains";
export { createConfig, http, WagmiProvider, useConnection, useConnect, useReadContract, useSendTransaction, injected, mainnet };
`;

/**
 * Browser bundle sizes (Vite production build of an app, fully minified, gzip -9 per chunk). React, wagmi and
 * TanStack Query are the app's and stay out; viem and @noble count.
 *  - core: every export of `hushlog` and `hushlog/react` (no tree-shaking by the app): what a browser loads before
 *    the first call (the number, goal 120 kB);
 *  - core.lazy: the chunks loaded by dynamic import on first use of a path (@noble/secp256k1 at the first binding
 *    check, a smart account's ERC-1271/6492 check, noble's curves where WebCrypto lacks X25519/Ed25519);
 *  - core.oneFile: the same code with every dynamic import inlined: all of it, one file;
 *  - core.viemExternal: the initial load with viem also left to the app (wagmi apps ship it anyway);
 *  - core.ownCode: the same with viem and @noble left out: this repository's code alone;
 *  - chat: the README example (provider, three hooks, the encrypted Dexie store, Dexie included), initial load;
 *  - wagmiApp.added: what the README example adds to the initial load of a plain wagmi dapp bundled with wagmi and viem.
 */
export async function benchBundle(): Promise<BenchResult[]> {
  const core = await bundleForBrowser(coreAndReactEntry);
  if (core.nodeOnly.length) throw new Error(`Node-only modules in the browser bundle:\n${core.nodeOnly.join("\n")}`);
  const oneFile = await bundleForBrowser(coreAndReactEntry, { oneFile: true });
  const viemExternal = await bundleForBrowser(coreAndReactEntry, { external: [...appProvidedPackages, "viem"] });
  const noble = ["@noble/curves", "@noble/hashes", "@noble/ciphers", "@noble/post-quantum", "@noble/secp256k1"];
  const ownCode = await bundleForBrowser(coreAndReactEntry, { external: [...appProvidedPackages, "viem", ...noble] });
  const chat = await bundleForBrowser('export { ChatApp } from "./examples/wagmi-chat.tsx";');
  const dappOnly = ["react", "react-dom", "@tanstack/react-query", "@tanstack/query-core"];
  const dapp = await bundleForBrowser(wagmiDapp, { external: dappOnly });
  const dappWithChat = await bundleForBrowser(`${wagmiDapp}export { ChatApp } from "./examples/wagmi-chat.tsx";\n`, { external: dappOnly });

  printShares("core (hushlog + hushlog/react)", core);
  return [
    { name: "bundle.core.gzipKb", value: kb(core.gzipBytes), unit: "kB", goal: { max: 120 } },
    { name: "bundle.core.minKb", value: kb(core.bytes), unit: "kB" },
    { name: "bundle.core.lazy.gzipKb", value: kb(core.lazy.gzipBytes), unit: "kB" },
    { name: "bundle.core.lazy.chunks", value: core.lazy.chunks, unit: "chunks" },
    { name: "bundle.core.oneFile.gzipKb", value: kb(oneFile.gzipBytes), unit: "kB" },
    { name: "bundle.core.viemExternal.gzipKb", value: kb(viemExternal.gzipBytes), unit: "kB" },
    { name: "bundle.core.ownCode.gzipKb", value: kb(ownCode.gzipBytes), unit: "kB" },
    { name: "bundle.chat.gzipKb", value: kb(chat.gzipBytes), unit: "kB" },
    { name: "bundle.wagmiApp.gzipKb", value: kb(dapp.gzipBytes), unit: "kB" },
    { name: "bundle.wagmiApp.addedByChat.gzipKb", value: kb(dappWithChat.gzipBytes - dapp.gzipBytes), unit: "kB" },
  ];
}

/** What the bundle is made of: each package's share of the code before minification, all chunks (shares, not sizes). */
function printShares(label: string, bundle: BrowserBundle) {
  const total = Object.values(bundle.packages).reduce((a, b) => a + b, 0);
  const rows = Object.entries(bundle.packages).map(([name, bytes]) => `${name} ${((100 * bytes) / total).toFixed(0)}%`);
  console.log(`${label}: ${rows.join(", ")}`);
}
