import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "vite";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

/**
 * Bundles the CLI as the tests run it (cliTestEntry.ts: the real `main` of src/cli, with the test-only cheap Argon2id
 * allowed) into `<repo>/.cache/<name>/cli.mjs`, built from the sources at the start of every test run, and returns
 * that path.
 *
 * Why: the CLI tests start hundreds of real `hushlog` processes. Run from source, each one pays Node's type stripping
 * and the loading of some 400 modules (src/ plus viem and @noble): about 0.55 s of CPU for `whoami`, of which the
 * command itself is a fraction. The same sources as one bundle with a chunk per command (the CLI's own lazy
 * `import()`s become chunks, so a command still loads only what it needs) start in about 0.15 s. Each command still
 * runs as its own process, with its real arguments, environment, streams, exit code and signals.
 *
 * Built with Vite, the repository's bundler (a direct devDependency), for Node: every dependency is inlined except
 * the SQLite driver, a native module that stays an `import()` resolved from the repository's node_modules, as the
 * CLI loads it when installed. Two levels below the repository root on purpose: src/cli/config.ts finds `npm start`'s
 * `.hushlog/deployment.json` at `../../` from its own module URL, which is then the bundle's, and must still be
 * this repository's root.
 *
 * @example
 * const cliPath = await buildCliBundle(`cli-${process.pid}`); // <repo>/.cache/cli-1234/cli.mjs
 * spawn(process.execPath, [cliPath, "whoami", "--dir", dir]);
 */
export async function buildCliBundle(name: string): Promise<string> {
  const outDir = join(repoRoot, ".cache", name);
  mkdirSync(outDir, { recursive: true });
  await build({
    configFile: false,
    root: repoRoot,
    logLevel: "warn",
    ssr: { noExternal: true, external: ["better-sqlite3-multiple-ciphers"] },
    build: {
      ssr: join(repoRoot, "test/cli/cliTestEntry.ts"),
      outDir,
      emptyOutDir: true,
      target: "node22",
      minify: false,
      reportCompressedSize: false,
      // Chunks beside the entry, not in assets/: every module of the bundle keeps the entry's `../../`.
      rollupOptions: { output: { format: "esm", entryFileNames: "cli.mjs", chunkFileNames: "[name]-[hash].mjs" } },
    },
  });
  return join(outDir, "cli.mjs");
}
