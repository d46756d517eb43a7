import { copyFileSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "vite";
import react from "@vitejs/plugin-react";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAnvil, type AnvilNode } from "../fixtures/startAnvil.ts";
import { installExample, installGlobal, installProject, makeTempDir, nodeBinary, packRepository, repoRoot, sh } from "./packedProject.ts";

/*
 * The package as a consumer gets it: ONE `npm pack` per run (its `prepare` builds dist/), installed into fresh
 * projects and a global prefix, all at once (the installs are mostly waiting on the disk and npm's cache).
 * Node versions come from the `node` npm package: 20.0.0 (the oldest Node 20, below `engines`: the library
 * must still load and fall back, the SQLite driver must refuse cleanly), 22.14.0 (the lowest version `engines`
 * claims) and 24.21.0 (the repository's).
 */
const versions = { node20: "20.0.0", node22: "22.14.0", node24: "24.21.0" } as const;
const peers = ["better-sqlite3-multiple-ciphers@13.0.3", "dexie@4.4.7", "react@19.3.1", "react-dom@19.3.1", "wagmi@3.7.7", "@tanstack/react-query@5.108.0"];
const typePackages = ["@types/react@19.3.0", "@types/react-dom@19.3.0", "@types/node@26.6.6"];
const consumerFiles = join(repoRoot, "test/packaging/consumer");
const packageJson = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as {
  exports: Record<string, string | Record<string, string>>;
  bin: Record<string, string>;
  types: string;
  engines: { node: string };
};

let temp: string;
let tarball: string;
let packedFiles: string[];
let project: string;
let bare: string;
let globalPrefix: string;
let lonelyPrefix: string;
let hardhatDapp: string;
let nodes: Record<keyof typeof versions, string>;
let anvil: AnvilNode;

beforeAll(async () => {
  temp = makeTempDir("hushlog-consumers-");
  const anvilStarted = startAnvil();
  const binaries = Promise.all(Object.values(versions).map(nodeBinary));
  ({ tarball, files: packedFiles } = await packRepository());
  [project, bare, globalPrefix, lonelyPrefix, hardhatDapp] = await Promise.all([
    // Every peer, for the smoke runs, the TypeScript consumer and the Vite build.
    installProject(temp, "full", [tarball, ...peers, ...typePackages]),
    // What `npm install hushlog` alone gives: viem comes as a required peer, the optional ones do not.
    installProject(temp, "bare", [tarball]),
    installGlobal(join(temp, "cli"), [tarball, "better-sqlite3-multiple-ciphers@13.0.3"]),
    installGlobal(join(temp, "lonely"), [tarball]),
    // examples/hardhat-dapp as a dapp developer has it, hushlog from this tarball.
    installExample("hardhat-dapp", temp, tarball),
  ]);
  const [node20, node22, node24] = await binaries;
  nodes = { node20: node20!, node22: node22!, node24: node24! };
  anvil = await anvilStarted;
}, 600_000);

afterAll(async () => {
  await anvil?.stop();
  if (temp) rmSync(temp, { recursive: true, force: true });
  if (tarball) rmSync(join(tarball, ".."), { recursive: true, force: true });
});

/** Runs smoke.mjs from INSIDE the project: bare imports resolve from the importing file, not from the cwd. */
async function smoke(node: string, project: string): Promise<Record<string, unknown>> {
  copyFileSync(join(consumerFiles, "smoke.mjs"), join(project, "smoke.mjs"));
  const result = JSON.parse((await sh(node, ["smoke.mjs"], { cwd: project })).stdout) as Record<string, unknown>;
  // Proof that the installed copy ran, not this repository (which is also a package named hushlog).
  expect(result.resolved).toBe(join(project, "node_modules/hushlog/dist/index.js"));
  return result;
}

// Compiling, bundling and installing real projects: minutes, not seconds, on a loaded 2-core machine.
describe("the packed package, installed as a consumer installs it", { timeout: 300_000 }, () => {
  it("ships dist/ (JavaScript, .d.ts, source maps), README, LICENSE and package.json only; every entry point is built JavaScript", () => {
    const top = [...new Set(packedFiles.map((f) => f.split("/")[0]))].sort();
    expect(top).toEqual(["LICENSE", "README.md", "dist", "package.json"]);
    expect(packedFiles.filter((f) => f.startsWith("dist/") && !/\.(js|js\.map|d\.ts)$/.test(f))).toEqual([]);
    expect(packedFiles.filter((f) => /(^|\/)(test|tests|app|bench|\.ci)\//.test(f))).toEqual([]);
    const targets = [packageJson.types, ...Object.values(packageJson.bin), ...Object.values(packageJson.exports).flatMap((t) => (typeof t === "string" ? [t] : Object.values(t)))];
    for (const target of targets) {
      // A .ts target would be refused under node_modules (ERR_UNSUPPORTED_NODE_MODULES_TYPE_STRIPPING).
      expect(target, target).toMatch(/^\.\/(dist\/.*\.(js|d\.ts)|package\.json)$/);
      expect(packedFiles, target).toContain(target.slice(2));
    }
  });

  it("publint and arethetypeswrong find nothing to fix", async () => {
    const publint = await sh(process.execPath, [join(repoRoot, "node_modules/publint/src/cli.js"), "run", tarball, "--strict"]);
    expect(publint.stdout).toContain("All good!");
    // ESM only, on purpose: CommonJS callers use import() (or require() of ESM on Node >= 22.12).
    await sh(process.execPath, [join(repoRoot, "node_modules/@arethetypeswrong/cli/dist/index.js"), tarball, "--profile", "esm-only", "--format", "table-flipped"]);
  });

  it.each(["node22", "node24"] as const)("on %s (engines: ^22.14.0 || >=24), imports every entry point and runs a handshake, a message, a backup and a SQLite store", async (node) => {
    const result = await smoke(nodes[node], project);
    expect(result.node).toBe(`v${versions[node]}`);
    for (const [entry, exportCount] of Object.entries(result.imports as Record<string, unknown>)) expect(exportCount, entry).toEqual(expect.any(Number));
    expect(result).toMatchObject({ conversation: { note: "hey", text: "post-quantum hello" }, backup: "backup", sqlite: [1, 2, 3] });
  });

  it("on Node 20.0.0 (below engines) the library still imports and runs; the SQLite store refuses with one line instead of crashing", async () => {
    const result = await smoke(nodes.node20, project);
    expect(Object.values(result.imports as Record<string, unknown>).every((n) => typeof n === "number")).toBe(true);
    expect(result).toMatchObject({ conversation: { text: "post-quantum hello" }, backup: "backup" });
    expect(result.sqlite).toEqual({ code: "STORE_SQLITE_UNAVAILABLE", message: expect.stringMatching(/needs Node\.js 22\.14 or later.*this is Node\.js 20\.0\.0/) });
    expect(packageJson.engines.node).toBe("^22.14.0 || >=24.0.0");
  });

  it("without the optional peers, hushlog imports and the SQLite store names the package to install", async () => {
    const result = await smoke(nodes.node24, bare);
    expect(result.imports).toMatchObject({ hushlog: expect.any(Number), "hushlog/deploy": expect.any(Number), "hushlog/backup": expect.any(Number), "hushlog/sqlite": expect.any(Number) });
    // Dexie and React are imported by their entry points: Node names the missing package itself.
    expect(result.imports).toMatchObject({ "hushlog/dexie": expect.stringMatching(/ERR_MODULE_NOT_FOUND.*'dexie'/), "hushlog/react": expect.stringMatching(/ERR_MODULE_NOT_FOUND.*'(react|wagmi|@tanstack\/react-query)'/) });
    expect(result.sqlite).toEqual({ code: "STORE_SQLITE_UNAVAILABLE", message: "The SQLite store needs the package better-sqlite3-multiple-ciphers: npm install better-sqlite3-multiple-ciphers" });
  });

  it.concurrent.each(["bundler", "node16"] as const)("a strict TypeScript consumer (moduleResolution %s) compiles with zero errors", async (resolution) => {
    for (const file of ["consumer.ts", "main.tsx"]) copyFileSync(join(consumerFiles, file), join(project, file));
    copyFileSync(join(repoRoot, "examples/wagmi-chat.tsx"), join(project, "wagmi-chat.tsx"));
    const config = `tsconfig.${resolution}.json`;
    const compilerOptions = {
      target: "ES2022",
      module: resolution === "bundler" ? "ESNext" : "Node16",
      moduleResolution: resolution,
      lib: ["ES2022", "DOM", "DOM.Iterable"],
      jsx: "react-jsx",
      strict: true,
      noUncheckedIndexedAccess: true,
      exactOptionalPropertyTypes: true,
      // As every project template sets it: wagmi 3.7's own declarations do not check against TanStack Query 5.108
      // or without its optional connectors. Ours are emitted by tsc from type-checked sources.
      skipLibCheck: true,
      noEmit: true,
      allowImportingTsExtensions: true,
      types: ["node"],
    };
    writeFileSync(join(project, config), JSON.stringify({ compilerOptions, files: ["consumer.ts", "main.tsx"] }));
    const tsc = join(repoRoot, "node_modules/typescript/bin/tsc");
    // One compile (it fails on any error) that also lists the program's files: checked against the package's
    // declarations, never its sources.
    const { stdout } = await sh(process.execPath, [tsc, "-p", config, "--listFiles"], { cwd: project });
    expect(stdout).toMatch(/node_modules\/hushlog\/dist\/react\/index\.d\.ts/);
    expect(stdout).not.toMatch(/node_modules\/hushlog\/.*(?<!\.d)\.ts$/m);
  });

  it("a Vite production build of the wagmi example (docs/react.md, examples/wagmi-chat.tsx) bundles the installed package for the browser", async () => {
    const app = join(project, "app");
    rmSync(app, { recursive: true, force: true });
    for (const file of ["index.html", "main.tsx"]) copyFileSync(join(consumerFiles, file), join(project, file));
    copyFileSync(join(repoRoot, "examples/wagmi-chat.tsx"), join(project, "wagmi-chat.tsx"));
    const result = await build({ root: project, configFile: false, logLevel: "silent", plugins: [react()], build: { outDir: app, write: false, chunkSizeWarningLimit: 5000 } });
    const output = (Array.isArray(result) ? result : [result]).flatMap((r) => ("output" in r ? r.output : []));
    const chunks = output.filter((o) => o.type === "chunk");
    const modules = chunks.flatMap((c) => Object.keys(c.modules));
    expect(modules.some((id) => id.includes("/node_modules/hushlog/dist/react/"))).toBe(true);
    expect(modules.filter((id) => /__vite-browser-external|better-sqlite3|hushlog\/dist\/store\/backends\/sqlite/.test(id))).toEqual([]);
    const gzip = chunks.reduce((sum, c) => sum + gzipSync(c.code, { level: 9 }).length, 0);
    expect(gzip).toBeGreaterThan(50_000);
  });

  it("a global install runs `hushlog --help` and `hushlog init` (the driver installed beside it, no npx)", async () => {
    const bin = join(globalPrefix, "bin/hushlog");
    for (const node of ["node22", "node24"] as const) {
      // The bin's shebang is `env node`: whichever Node comes first on PATH runs it, as on a user's machine.
      const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${join(nodes[node], "..")}:${process.env.PATH}`, HUSHLOG_HOME: join(temp, `home-${node}`), HUSHLOG_PASSPHRASE: "a long store passphrase" };
      for (const key of Object.keys(env)) if (key.startsWith("HUSHLOG_") && !["HUSHLOG_HOME", "HUSHLOG_PASSPHRASE"].includes(key)) delete env[key];
      const help = await sh(bin, ["--help"], { env });
      expect(help.stdout).toMatch(/^hushlog: end-to-end encrypted messaging/);
      const key = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
      const init = await sh(bin, ["init", "--private-key", key, "--rpc", anvil.url, "--contract", anvil.deployment.address], { env });
      expect(init.stdout).toContain("Initialized 0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
      expect(init.stderr).toBe("");
      const whoami = await sh(bin, ["whoami", "--json"], { env });
      const me = JSON.parse(whoami.stdout) as { account: string; contract: string };
      expect([me.account, me.contract.toLowerCase()]).toEqual(["0x70997970C51812dc3A010C7d01b50e0d17dc79C8", anvil.deployment.address.toLowerCase()]);
    }
  });

  it("a global install without the SQLite driver: `--help` works, `init` says in one line what to install", async () => {
    const lonely = lonelyPrefix;
    const env = { ...process.env, PATH: `${join(nodes.node24, "..")}:${process.env.PATH}`, HUSHLOG_HOME: join(temp, "home-lonely"), HUSHLOG_PASSPHRASE: "a long store passphrase" };
    await sh(join(lonely, "bin/hushlog"), ["--help"], { env });
    const init = await sh(join(lonely, "bin/hushlog"), ["init", "--private-key", `0x${"11".repeat(32)}`, "--rpc", anvil.url, "--contract", anvil.deployment.address], { env }).catch((e: Error) => e);
    expect(init).toBeInstanceOf(Error);
    const lines = String((init as Error).message).split("\n").filter((l) => l.startsWith("hushlog: "));
    expect(lines).toEqual(["hushlog: hushlog needs the package better-sqlite3-multiple-ciphers beside it: npm install -g better-sqlite3-multiple-ciphers (or, in a project, npm install better-sqlite3-multiple-ciphers)"]);
  });
  it("examples/hardhat-dapp installs hushlog from the tarball and passes its own tests (hardhat test, in-process network)", async () => {
    const testFile = readFileSync(join(repoRoot, "examples/hardhat-dapp/test/chat.test.ts"), "utf8");
    // The promise to dapp developers: a first encrypted-chat test in under 15 lines.
    expect(testFile.trimEnd().split("\n").length).toBeLessThan(15);
    const installed = JSON.parse(readFileSync(join(hardhatDapp, "node_modules/hushlog/package.json"), "utf8")) as { version: string };
    expect(installed.version).toBe((JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { version: string }).version);
    const { stdout } = await sh("npm", ["test"], { cwd: hardhatDapp });
    expect(stdout).toMatch(/✔ alice and bob chat/);
    expect(stdout).toMatch(/1 passing/);
    expect(stdout).not.toMatch(/failing/);
  });
});
