import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const run = promisify(execFile);

export type Output = { stdout: string; stderr: string };

/** Runs a command to completion; rejects with its output when it exits non-zero. */
export async function sh(file: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeout?: number } = {}): Promise<Output> {
  try {
    return await run(file, args, { cwd: options.cwd, env: options.env ?? process.env, timeout: options.timeout ?? 240_000, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const e = error as Error & Partial<Output> & { code?: unknown };
    throw new Error(`${file} ${args.join(" ")} failed (${String(e.code)}):\n${e.stdout ?? ""}\n${e.stderr ?? ""}`, { cause: error });
  }
}

/**
 * `npm pack` of this repository into a new temporary directory: `prepare` builds dist/ first, as for a publish.
 * Returns the tarball's path and the file list npm reports.
 */
export async function packRepository(): Promise<{ dir: string; tarball: string; files: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), "hushlog-pack-"));
  const { stdout } = await sh("npm", ["pack", "--json", "--pack-destination", dir], { cwd: repoRoot });
  // `prepare` prints the build's own lines before npm's JSON.
  const [report] = JSON.parse(stdout.slice(stdout.indexOf("[\n"))) as [{ filename: string; files: { path: string }[] }];
  return { dir, tarball: join(dir, report.filename), files: report.files.map((f) => f.path).sort() };
}

/**
 * Installs `packages` into a new project under `parent` as a consumer would (`npm install <tarball> ...`),
 * from npm's cache where it can (the repository's own install put every pinned version there). No lifecycle
 * scripts: none of these packages needs one (the SQLite driver ships its binaries), and the project states so.
 */
export async function installProject(parent: string, name: string, packages: string[]): Promise<string> {
  const dir = join(parent, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), `${JSON.stringify({ name, private: true, type: "module" }, null, 2)}\n`);
  await sh("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--ignore-scripts", "--loglevel=error", ...packages], { cwd: dir });
  return dir;
}

/** `npm install --global` of `packages` into its own prefix (bin/ and lib/node_modules/ under it). */
export async function installGlobal(parent: string, packages: string[]): Promise<string> {
  const prefix = join(parent, "global");
  await sh("npm", ["install", "--global", "--prefix", prefix, "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", ...packages]);
  return prefix;
}

/**
 * The `node` binary of an exact Node.js version, from the `node` npm package (which carries the official build):
 * downloaded into npx's cache on first use, reused afterwards.
 */
export async function nodeBinary(version: string): Promise<string> {
  const { stdout } = await sh("npx", ["-y", "-p", `node@${version}`, "--", "node", "-p", "process.execPath"]);
  return stdout.trim();
}

export const makeTempDir = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

/**
 * Copies `examples/<name>` into `parent/<name>`, points its `hushlog` dependency at `tarball` and installs it, from
 * npm's cache where it can (the example pins the versions this repository installs). Returns the project's path.
 */
export async function installExample(name: string, parent: string, tarball: string): Promise<string> {
  const dir = join(parent, name);
  cpSync(join(repoRoot, "examples", name), dir, { recursive: true, filter: (source) => !source.includes("node_modules") });
  const manifestPath = join(dir, "package.json");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { devDependencies?: Record<string, string>; dependencies?: Record<string, string> };
  const deps = manifest.devDependencies?.hushlog !== undefined ? manifest.devDependencies : manifest.dependencies!;
  deps.hushlog = `file:${tarball}`;
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  await sh("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], { cwd: dir });
  return dir;
}
