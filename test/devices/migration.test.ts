import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliEnv, cliUsers, hardhatKeys, jsonLines } from "../cli/cliHarness.ts";
import { startAnvilProcess, type AnvilProcess } from "../fixtures/anvilNode.ts";

// Stores made by the CLI of commit 0b43b8f, before devices (test/fixtures/legacyMain: a prekey first contact from
// alice, bob's accept, a message each way), opened by today's code on the very chain they were written against
// (anvil loads its dumped state). Nothing may be lost: the old derived identity is the account's first device, its
// conversation goes on, and a second machine links next to it.
const fixture = fileURLToPath(new URL("../fixtures/legacyMain/main-0b43b8f/", import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), "hushlog-migration-"));
const dirs = { alice: join(tmp, "alice"), bob: join(tmp, "bob"), laptop: join(tmp, "laptop") };
const alice = privateKeyToAccount(hardhatKeys[1]).address;
const bob = privateKeyToAccount(hardhatKeys[2]).address;
let anvil: AnvilProcess;
let env: NodeJS.ProcessEnv;

const { ok } = cliUsers(dirs, () => env);
const texts = (stdout: string) => jsonLines(stdout).map((m) => `${m.direction}:${m.text}`);

beforeAll(async () => {
  cpSync(join(fixture, "alice"), dirs.alice, { recursive: true });
  cpSync(join(fixture, "bob"), dirs.bob, { recursive: true });
  anvil = await startAnvilProcess(["--load-state", join(fixture, "chain.json")]);
  // The stores' config.json names the RPC of the generating run; --rpc (every command) points at this one.
  env = cliEnv({ HUSHLOG_PASSPHRASE: "legacy main fixture passphrase" });
});

afterAll(async () => {
  await anvil?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

describe("migration: a store made by main (0b43b8f) under the devices code", () => {
  it("keeps its conversation, goes on in both directions, and becomes the first of the account's devices", async () => {
    // Block 1 deployed the contract (the deterministic deployer's transaction in chain.json). A loaded anvil state has
    // no historical state to binary-search the deployment block in, which a live node has.
    const rpc = ["--rpc", anvil.url, "--deploy-block", "1"];
    const before = ["out:hello from main", "in:bob answers on main", "out:alice again on main"];
    expect(texts((await ok("alice", ["read", bob, "--json", ...rpc])).stdout)).toEqual(before);
    expect(texts((await ok("bob", ["read", alice, "--json", ...rpc])).stdout)).toEqual(before.map((t) => t.replace(/^out:/, "x:").replace(/^in:/, "out:").replace(/^x:/, "in:")));

    await ok("alice", ["send", bob, "after the upgrade", ...rpc]);
    await ok("bob", ["sync", ...rpc]);
    await ok("bob", ["send", alice, "bob after the upgrade", ...rpc]);
    await ok("alice", ["sync", ...rpc]);
    expect(texts((await ok("alice", ["read", bob, "--json", ...rpc])).stdout)).toEqual([...before, "out:after the upgrade", "in:bob after the upgrade"]);

    // The derived identity of main is device 0; a second machine links next to it and the old store adopts the list.
    const [old] = jsonLines((await ok("alice", ["whoami", "--json", ...rpc])).stdout);
    await ok("laptop", ["init", "--private-key", hardhatKeys[1], ...rpc]);
    const listed = jsonLines((await ok("laptop", ["devices", "--json", ...rpc])).stdout);
    expect(listed.map((d) => [d.code, d.thisDevice])).toEqual([
      [old!.device, false],
      [listed[1]!.code, true],
    ]);
    await ok("alice", ["sync", ...rpc]);
    await ok("alice", ["send", bob, "still here", ...rpc]);
    await ok("bob", ["sync", ...rpc]);
    expect(texts((await ok("bob", ["read", alice, "--json", ...rpc])).stdout).at(-1)).toBe("in:still here");
  });
});
