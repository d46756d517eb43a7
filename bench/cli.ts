import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startAnvil } from "../test/fixtures/startAnvil.ts";
import type { BenchResult } from "./BenchResult.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const bin = join(root, "dist/cli/bin.js");
const keys = {
  alice: "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
  bob: "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
} as const;
const runs = 9;

/**
 * The built CLI (dist/cli/bin.js, as `npm install -g` runs it) timed from process start to exit, against a local
 * anvil node, with stores at the DEFAULT Argon2id cost (3 passes, 64 MiB): what a bot pays per command.
 *  - cli.whoami.ms: open the store (Argon2id + SQLCipher), print the account; no network;
 *  - cli.send.ms: check the RPC and contract, open the store, encrypt, commit, broadcast, print.
 * Medians of 9 runs; the range goes beside them. `npm run build` runs first, so dist/ is the current code.
 */
export async function benchCli(): Promise<BenchResult[]> {
  execFileSync("npm", ["run", "build", "--silent"], { cwd: root, stdio: "inherit" });
  const anvil = await startAnvil();
  const home = mkdtempSync(join(tmpdir(), "hushlog-bench-cli-"));
  const env = (who: keyof typeof keys) => {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("HUSHLOG_")));
    return { ...clean, HUSHLOG_HOME: join(home, who), HUSHLOG_PASSPHRASE: "a long store passphrase for the benchmark" };
  };
  const cli = (who: keyof typeof keys, args: string[]) => {
    const started = performance.now();
    const result = spawnSync(process.execPath, [bin, ...args], { env: env(who), encoding: "utf8" });
    const ms = performance.now() - started;
    if (result.status !== 0) throw new Error(`hushlog ${args.join(" ")}: ${result.stderr}`);
    return { ms, stdout: result.stdout };
  };
  try {
    const network = ["--rpc", anvil.url, "--contract", anvil.deployment.address];
    cli("alice", ["init", "--private-key", keys.alice, ...network]);
    cli("bob", ["init", "--private-key", keys.bob, ...network]);
    const bob = JSON.parse(cli("bob", ["whoami", "--json"]).stdout) as { account: string };
    cli("alice", ["hello", bob.account]);
    cli("bob", ["sync"]);
    const request = JSON.parse(cli("bob", ["requests", "--json"]).stdout.split("\n")[0]!) as { id: string };
    cli("bob", ["accept", request.id]);
    cli("alice", ["sync"]);
    const whoami = Array.from({ length: runs }, () => cli("alice", ["whoami"]).ms);
    const send = Array.from({ length: runs }, (_, i) => cli("alice", ["send", bob.account, `bench ${i}`]).ms);
    return [
      { name: "cli.whoami.ms", value: median(whoami), unit: `ms (${range(whoami)})`, goal: { max: 800 } },
      { name: "cli.send.ms", value: median(send), unit: `ms (${range(send)})`, goal: { max: 1_200 } },
    ];
  } finally {
    await anvil.stop();
    rmSync(home, { recursive: true, force: true });
  }
}

const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
const median = (values: number[]) => Math.round(sorted(values)[Math.floor(values.length / 2)]!);
const range = (values: number[]) => `${Math.round(sorted(values)[0]!)}-${Math.round(sorted(values).at(-1)!)}`;
