import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { ctr } from "@noble/ciphers/aes.js";
import { scrypt } from "@noble/hashes/scrypt.js";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { bytesToHex, hexToBytes, type Hex } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { expect, inject, vi } from "vitest";

// Every test that imports this harness runs real `hushlog` processes, a dozen or more per test, each a Node start
// (0.15-0.6 s of CPU from the bundle, ~0.7 s from source): on a 2-core machine shared with other suites a test took
// 84 s where 25 s is usual. The suite-wide 60 s would fail them for load, not for a bug; a command that really hangs
// is still killed by CLI_RUN_TIMEOUT_MS.
vi.setConfig({ testTimeout: 180_000 });

/**
 * The CLI as the tests run it: the real `main`, with the test-only cheap Argon2id allowed (cliTestEntry.ts), bundled
 * from the sources once per run by test/globalSetup.ts (buildCliBundle.ts: a third of the CPU per process start).
 */
export const cliPath = inject("cliBundle");

/** Hardhat's funded development accounts (its well-known test mnemonic), as the CLI tests use them. */
export const hardhatMnemonic = "test test test test test test test test test test test junk";
const hardhatKey = (index: number): Hex => bytesToHex(mnemonicToAccount(hardhatMnemonic, { addressIndex: index }).getHdKey().privateKey!);
export const hardhatKeys = { 1: hardhatKey(1), 2: hardhatKey(2) } as const;

export type CliResult = { code: number | null; stdout: string; stderr: string };

/** The environment every CLI process gets: no inherited HUSHLOG_* settings, cheap Argon2id (testing knob). */
export function cliEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith("HUSHLOG_")) env[key] = value;
  return { ...env, HUSHLOG_KDF: "fast", ...extra };
}

/** Longer than any one command takes on a loaded machine; shorter than a test's timeout. */
const CLI_RUN_TIMEOUT_MS = 50_000;

/** Runs the CLI (cliTestEntry.ts: the real `main`) with `args` to completion. */
export function runCli(args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    // A command that hangs must fail its test, not outlive it spinning (a killed run shows as code null).
    const killer = setTimeout(() => child.kill("SIGKILL"), CLI_RUN_TIMEOUT_MS);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input ?? "");
  });
}

/** A long-running CLI process (watch) with its stdout split into lines as they come. */
export function startCli(args: string[], env: NodeJS.ProcessEnv) {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [cliPath, ...args], { env, stdio: ["pipe", "pipe", "pipe"] });
  const lines: string[] = [];
  let partial = "";
  let stderr = "";
  const waiters = new Set<() => void>();
  child.stdout.on("data", (d: Buffer) => {
    const parts = (partial + d.toString()).split("\n");
    partial = parts.pop()!;
    lines.push(...parts);
    for (const wake of waiters) wake();
  });
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  return {
    lines,
    stderr: () => stderr,
    /** Resolves with the first line `match` accepts (searching lines already printed too). */
    async waitForLine(match: (line: string) => boolean, timeoutMs = 30_000): Promise<string> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = lines.find(match);
        if (found !== undefined) return found;
        if (Date.now() > deadline) throw new Error(`no matching line within ${timeoutMs} ms; got:\n${lines.join("\n")}\nstderr:\n${stderr}`);
        await new Promise<void>((resolve) => {
          const wake = () => (waiters.delete(wake), resolve());
          waiters.add(wake);
          setTimeout(wake, 200);
        });
      }
    },
    async stop(signal: NodeJS.Signals = "SIGTERM"): Promise<number | null> {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/**
 * `ok(who, args)` runs `hushlog <args> --dir <dirs[who]>` and fails the test, showing stderr, unless it exits 0;
 * `fails(who, args, code, message)` expects exactly one `hushlog: ` line on stderr matching `message`, nothing on
 * stdout, and exit `code`. `env` is a getter: the environment is made in `beforeAll`.
 */
export function cliUsers<Who extends string>(dirs: Record<Who, string>, env: () => NodeJS.ProcessEnv) {
  async function ok(who: Who, args: string[], input?: string, extraEnv: Record<string, string> = {}): Promise<CliResult> {
    const result = await runCli([...args, "--dir", dirs[who]], { ...env(), ...extraEnv }, input);
    expect(result.code, `hushlog ${args.join(" ")} (${who}): ${result.stderr}`).toBe(0);
    return result;
  }
  async function fails(who: Who, args: string[], code: number, message: RegExp, extraEnv: Record<string, string> = {}): Promise<void> {
    const result = await runCli([...args, "--dir", dirs[who]], { ...env(), ...extraEnv });
    expect({ code: result.code, stdout: result.stdout }, `hushlog ${args.join(" ")}: ${result.stderr}`).toEqual({ code, stdout: "" });
    const lines = result.stderr.split("\n").filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^hushlog: /);
    expect(lines[0]).toMatch(message);
  }
  return { ok, fails };
}

export { freePort } from "../fixtures/freePort.ts";

/** Every file under `dir` with a hash of its content: equal before and after = nothing changed. */
export function snapshotDir(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    out[name] = statSync(path).isDirectory() ? "dir" : createHash("sha256").update(readFileSync(path)).digest("hex");
  }
  return out;
}

/** JSON lines of a command's stdout. */
export const jsonLines = (stdout: string) =>
  stdout
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as Record<string, unknown>);

/** A Web3 Secret Storage v3 keystore (scrypt, small n for speed), as geth or cast would write it. */
export function encryptKeystore(privateKey: Hex, password: string): string {
  const salt = hexToBytes("0x0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0");
  const iv = hexToBytes("0x00112233445566778899aabbccddeeff");
  const derived = scrypt(new TextEncoder().encode(password), salt, { N: 1024, r: 8, p: 1, dkLen: 32 });
  const ciphertext = ctr(derived.slice(0, 16), iv).encrypt(hexToBytes(privateKey));
  const mac = keccak_256(new Uint8Array([...derived.slice(16, 32), ...ciphertext]));
  const hex = (b: Uint8Array) => bytesToHex(b).slice(2);
  return JSON.stringify({
    version: 3,
    id: "6e6f7420-6120-7265-616c-206964000000",
    crypto: {
      cipher: "aes-128-ctr",
      cipherparams: { iv: hex(iv) },
      ciphertext: hex(ciphertext),
      kdf: "scrypt",
      kdfparams: { dklen: 32, n: 1024, r: 8, p: 1, salt: hex(salt) },
      mac: hex(mac),
    },
  });
}
