import react from "@vitejs/plugin-react";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { InlineConfig } from "vite";
import { sourceAliases } from "../scripts/sourceAliases.ts";
import { deploymentPlugin } from "./deploymentPlugin.ts";

export const appRoot = dirname(fileURLToPath(import.meta.url));
/** Where `npm start` records the local deployment (see scripts/localNode.ts). */
export const defaultDeploymentFile = join(appRoot, "..", ".hushlog", "deployment.json");

/**
 * The app renders with Preact's React-compatible layer instead of react-dom: the same React API for the app, wagmi,
 * TanStack Query and hushlog/react, in about 11 kB gzip instead of 60 (react-dom's client alone was 57 kB of the
 * 294 kB app bundle; the app's budget is 250 kB). Exact matches, so `react-query` or `react-dom-x` never match.
 * The library and its hooks tests keep running on React itself.
 */
export const preactAliases: { find: RegExp; replacement: string }[] = [
  { find: /^react-dom\/client$/, replacement: "preact/compat/client" },
  { find: /^react-dom$/, replacement: "preact/compat" },
  { find: /^react\/jsx-runtime$/, replacement: "preact/jsx-runtime" },
  { find: /^react\/jsx-dev-runtime$/, replacement: "preact/jsx-dev-runtime" },
  { find: /^react$/, replacement: "preact/compat" },
];

export type AppViteOptions = {
  /** The deployment file served at /deployment.json by dev and preview servers. */
  deploymentFile?: string;
  /** Where `build` writes (default app/dist). */
  outDir?: string;
  /** Port of the dev or preview server (default: Vite's, the next free one if taken). */
  port?: number;
};

/**
 * The app's Vite configuration, shared by `app/vite.config.ts` (the `vite` CLI, `npm run build:app`),
 * `npm start` and the browser test, which start servers through Vite's API.
 */
export function appViteConfig(options: AppViteOptions = {}): InlineConfig {
  return {
    configFile: false,
    root: appRoot,
    // Relative asset URLs: the static build works from any path (a sub-directory, IPFS, a file server).
    base: "./",
    plugins: [react(), deploymentPlugin(options.deploymentFile ?? defaultDeploymentFile)],
    // The app imports `hushlog`, `hushlog/react` and `hushlog/dexie` by name, as any dapp does: here they are the
    // repository's sources (package.json's "exports" point at the build, dist/, for consumers).
    resolve: { alias: [...preactAliases, ...sourceAliases()] },
    server: { host: "127.0.0.1", port: options.port, fs: { allow: [join(appRoot, "..")] } },
    preview: { host: "127.0.0.1", port: options.port },
    // Pre-bundled dependencies go next to the deployment file, not into node_modules (which may be shared).
    cacheDir: join(appRoot, "..", ".hushlog", "vite"),
    build: {
      outDir: options.outDir ?? join(appRoot, "dist"),
      emptyOutDir: true,
      // Preact, wagmi, viem, Dexie and the post-quantum crypto make a bundle of about 780 kB before gzip, by design.
      chunkSizeWarningLimit: 1000,
    },
  };
}
