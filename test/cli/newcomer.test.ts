import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getAddress } from "viem";
import { mnemonicToAccount, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAnvil, type AnvilNode } from "../fixtures/startAnvil.ts";
import { cliEnv, cliPath, cliUsers, hardhatKeys, hardhatMnemonic, jsonLines } from "./cliHarness.ts";

// What a newcomer hit trying the CLI on a default anvil node (10 funded accounts): each `it` reproduces one defect.
const tmp = mkdtempSync(join(tmpdir(), "hushlog-newcomer-"));
const dirs = { alice: join(tmp, "alice"), bob: join(tmp, "bob"), carol: join(tmp, "carol") };
const alice = privateKeyToAccount(hardhatKeys[1]).address;
const bob = privateKeyToAccount(hardhatKeys[2]).address;
const carolKey = mnemonicToAccount(hardhatMnemonic, { addressIndex: 3 }).getHdKey().privateKey!;
const carol = mnemonicToAccount(hardhatMnemonic, { addressIndex: 3 }).address;
let anvil: AnvilNode;
let env: NodeJS.ProcessEnv;
const { ok } = cliUsers(dirs, () => env);

beforeAll(async () => {
  anvil = await startAnvil();
  env = cliEnv({ HUSHLOG_PASSPHRASE: "correct horse battery staple" });
  const network = ["--rpc", anvil.url, "--contract", anvil.deployment.address];
  await Promise.all([
    ok("alice", ["init", "--private-key", hardhatKeys[1], ...network]),
    ok("bob", ["init", "--private-key", hardhatKeys[2], ...network]),
    ok("carol", ["init", "--private-key", `0x${Buffer.from(carolKey).toString("hex")}`, ...network]),
  ]);
}, 120_000);

afterAll(async () => {
  await anvil?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

describe("hushlog for a newcomer", () => {
  it("accept's note is said to travel encrypted, reaches the initiator's sync and read, and sync says the conversation is established", async () => {
    const help = (await ok("bob", ["accept", "--help"])).stdout;
    expect(help).not.toMatch(/public/i);
    expect(help).toMatch(/encrypted/i);

    // Carol has never synced, so she has no prekeys on chain: a request she accepts.
    await ok("alice", ["hello", carol, "--note", "hi carol"]);
    await ok("carol", ["sync"]);
    const [request] = jsonLines((await ok("carol", ["requests", "--json"])).stdout);
    await ok("carol", ["accept", String(request!.id), "--note", "hey alice, only you can read this"]);

    const synced = (await ok("alice", ["sync"])).stdout;
    expect(synced).toContain(`conversation with ${getAddress(carol)} established`);
    expect(synced).toContain("their note: “hey alice, only you can read this”");
    expect(synced).toMatch(/1 new message\b/);
    const read = (await ok("alice", ["read", carol])).stdout;
    expect(read).toMatch(/hey alice, only you can read this/);
  });

  it("a first contact through prekeys: sync says it waits as a request; once accepted, its message is there", async () => {
    // Bob syncs once: that publishes his prekeys, so Alice's hello is a first contact carrying her note encrypted.
    await ok("bob", ["sync"]);
    const hello = jsonLines((await ok("alice", ["hello", bob, "--note", "hi bob", "--json"])).stdout)[0]!;
    expect(hello.mode).toBe("prekey");
    // A first contact from a stranger is held as a request (consent, issue 15): no message is shown before that.
    const synced = (await ok("bob", ["sync"])).stdout;
    expect(synced).toMatch(/0 new messages, 1 pending request/);
    await ok("bob", ["accept", alice]);
    expect((await ok("bob", ["read", alice])).stdout).toContain("hi bob");
  });

  it("read shows a received message's block, not 'pending', when no block time is known", async () => {
    const lines = (await ok("bob", ["read", alice])).stdout.split("\n").filter((l) => l.includes("hi bob"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toMatch(/pending/);
    // The line starts with the message's id prefix (for reply, react, edit: issue 19), then its block.
    expect(lines[0]).toMatch(/^0x[0-9a-f]{8} +block \d+ +0x/);
  });

  it("killing `npx hushlog watch` by its PID stops the watcher too", async () => {
    // npx runs the command under `sh -c`: killing npx's PID (what a supervisor or `kill $!` does) orphans it.
    const npx = spawn("npx", ["--no", "--", process.execPath, cliPath, "watch", "--dir", dirs.bob], { env, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    npx.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const deadline = Date.now() + 60_000;
    while (!stderr.includes("Watching") && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(stderr).toContain("Watching");
    const watcher = watchers();
    expect(watcher).toHaveLength(1);
    process.kill(npx.pid!, "SIGTERM");
    const gone = Date.now() + 10_000;
    while (watchers().length > 0 && Date.now() < gone) await new Promise((resolve) => setTimeout(resolve, 100));
    const left = watchers();
    for (const pid of left) process.kill(pid, "SIGKILL");
    expect(left).toEqual([]);
  });
});

/** PIDs of `hushlog watch` processes of this test (their command line names Bob's directory). */
function watchers(): number[] {
  const out = execFileSync("ps", ["-eo", "pid=,args="], { encoding: "utf8" });
  return out
    .split("\n")
    .filter((line) => line.includes(cliPath) && line.includes(dirs.bob) && line.includes(" watch"))
    .filter((line) => !line.includes("npx") && !line.includes("npm exec") && !line.includes("sh -c"))
    .map((line) => Number(line.trim().split(/\s+/)[0]));
}
