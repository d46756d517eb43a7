import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getAddress } from "viem";
import { mnemonicToAccount, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDeployment, startLocalNode, type LocalNode } from "../../scripts/localNode.ts";
import {
  cliEnv,
  cliUsers,
  encryptKeystore,
  freePort,
  hardhatKeys,
  hardhatMnemonic,
  jsonLines,
  runCli,
  snapshotDir,
  startCli,
} from "./cliHarness.ts";

// Real `hushlog` processes against a real JSON-RPC node (hardhat node on a free port, Hushlog deployed).
const tmp = mkdtempSync(join(tmpdir(), "hushlog-cli-"));
const dirs = { alice: join(tmp, "alice"), bob: join(tmp, "bob"), carol: join(tmp, "carol"), restored: join(tmp, "restored") };
const alice = privateKeyToAccount(hardhatKeys[1]).address;
const bob = privateKeyToAccount(hardhatKeys[2]).address;
const carol = mnemonicToAccount(hardhatMnemonic, { addressIndex: 3 }).address;
let node: LocalNode;
let env: NodeJS.ProcessEnv;
let deadRpc: string;

const { ok, fails } = cliUsers(dirs, () => env);

const texts = (stdout: string) => jsonLines(stdout).map((m) => `${m.direction}:${m.text}`);

beforeAll(async () => {
  node = await startLocalNode({ port: await freePort(), logFile: join(tmp, "node.log") });
  const deploymentFile = join(tmp, "deployment.json");
  await ensureDeployment(node.url, deploymentFile);
  env = cliEnv({ HUSHLOG_DEPLOYMENT: deploymentFile, HUSHLOG_PASSPHRASE: "correct horse battery staple" });
  deadRpc = `http://127.0.0.1:${await freePort()}`;
});

afterAll(async () => {
  await node?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

describe("hushlog command line", () => {
  it("init from a private key, an encrypted keystore and a mnemonic; whoami; no second init", async () => {
    await ok("alice", ["init", "--private-key", hardhatKeys[1]]);

    const keystore = join(tmp, "bob.keystore.json");
    writeFileSync(keystore, encryptKeystore(hardhatKeys[2], "bob's keystore password"));
    const passwordFile = join(tmp, "bob.password");
    writeFileSync(passwordFile, "bob's keystore password\n");
    await fails("bob", ["init", "--keystore", keystore], 3, /no keystore password/);
    await fails("bob", ["init", "--keystore", keystore], 3, /wrong keystore password/, { HUSHLOG_KEYSTORE_PASSWORD: "guess" });
    await ok("bob", ["init", "--keystore", keystore, "--keystore-password-file", passwordFile]);

    await ok("carol", ["init", "--mnemonic", hardhatMnemonic, "--mnemonic-index", "3"]);

    for (const [who, account] of [["alice", alice], ["bob", bob], ["carol", carol]] as const) {
      const [info] = jsonLines((await ok(who, ["whoami", "--json"])).stdout);
      expect(info).toMatchObject({ account: getAddress(account), chainId: 31337 });
    }
    await fails("alice", ["init", "--private-key", hardhatKeys[1]], 6, /already initialized/);
  });

  it("two CLI users handshake and chat", async () => {
    await ok("alice", ["hello", bob, "--note", "hi bob, it's alice"]);
    expect(jsonLines((await ok("alice", ["contacts", "--json"])).stdout)).toEqual([expect.objectContaining({ type: "awaiting", peer: bob })]);

    expect(jsonLines((await ok("bob", ["sync", "--json"])).stdout)[0]).toMatchObject({ type: "sync", pendingRequests: 1 });
    const [request] = jsonLines((await ok("bob", ["requests", "--json"])).stdout);
    expect(request).toMatchObject({ type: "request", from: alice, note: "hi bob, it's alice", verified: true, status: "pending" });
    // A unique prefix of the request id is enough.
    const accepted = jsonLines((await ok("bob", ["accept", String(request!.id).slice(0, 12), "--json"])).stdout)[0]!;
    expect(accepted).toMatchObject({ type: "accept", peer: alice });

    await ok("alice", ["sync"]);
    const [conversation] = jsonLines((await ok("alice", ["contacts", "--json"])).stdout);
    expect(conversation).toMatchObject({ type: "conversation", peer: bob, conversationId: accepted.conversationId });

    await ok("alice", ["send", bob, "Hello", "Bob!"]);
    // From stdin, to the conversation id.
    await ok("bob", ["send", String(accepted.conversationId)], "Hi Alice,\nfrom stdin.\n");
    await ok("bob", ["sync"]);
    await ok("alice", ["sync"]);
    expect(texts((await ok("alice", ["read", bob, "--json"])).stdout)).toEqual(["out:Hello Bob!", "in:Hi Alice,\nfrom stdin."]);
    const bobsView = jsonLines((await ok("bob", ["read", "--json"])).stdout);
    expect(bobsView.map((m) => `${m.direction}:${m.text}:${m.status}`)).toEqual(["in:Hello Bob!:received", "out:Hi Alice,\nfrom stdin.:confirmed"]);
    expect(bobsView[0]).toMatchObject({ peer: alice, sender: alice, blockNumber: expect.stringMatching(/^\d+$/) });
    // `read` marked them read.
    expect((await ok("bob", ["read", "--unread", "--json"])).stdout).toBe("");

    // Both sides compute the same safety number, and it names both devices.
    const [alicesNumber] = jsonLines((await ok("alice", ["verify", bob, "--json"])).stdout);
    const [bobsNumber] = jsonLines((await ok("bob", ["verify", alice, "--json"])).stdout);
    expect(alicesNumber!.safetyNumber).toMatch(/^(\d{5} ){11}\d{5}$/);
    expect(bobsNumber!.safetyNumber).toBe(alicesNumber!.safetyNumber);
    expect(bobsNumber).toMatchObject({ yourDevice: alicesNumber!.theirDevice, theirDevice: alicesNumber!.yourDevice });
    expect((await ok("bob", ["verify", alice])).stdout).toContain(String(alicesNumber!.safetyNumber).slice(0, 5));
    await fails("alice", ["verify", carol], 5, /no conversation/);
  });

  it("watch --json of one receives what the other sends", async () => {
    const watch = startCli(["watch", "--json", "--interval", "300", "--dir", dirs.bob], env);
    try {
      await watch.waitForLine((l) => l.includes('"type":"ready"'));
      await ok("alice", ["send", bob, "live, to a bot"]);
      const line = await watch.waitForLine((l) => l.includes("live, to a bot"));
      expect(JSON.parse(line)).toMatchObject({ type: "message", direction: "in", sender: alice, peer: alice, text: "live, to a bot", status: "received" });
      // A bot answers from another process on the same store while watch keeps running; that send moves the
      // ratchet (new inbound topics) under the watching process, which must still see the answer to it.
      await ok("bob", ["send", alice, "bot reply"]);
      await watch.waitForLine((l) => l.includes('"type":"pending"') && l.includes('"status":"confirmed"'));
      await ok("alice", ["sync"]);
      await ok("alice", ["send", bob, "answer to the bot"]);
      await watch.waitForLine((l) => l.includes("answer to the bot"));
    } finally {
      expect(await watch.stop()).toBe(0);
    }
    expect(watch.stderr()).toBe("");
  });

  it("sync after being offline catches up exactly once", async () => {
    for (const text of ["offline 1", "offline 2", "offline 3"]) await ok("alice", ["send", bob, text]);
    const [first] = jsonLines((await ok("bob", ["sync", "--json"])).stdout);
    expect(first).toMatchObject({ type: "sync", messages: 3 });
    const [second] = jsonLines((await ok("bob", ["sync", "--json"])).stdout);
    expect(second).toMatchObject({ type: "sync", messages: 0 });
    const inbound = texts((await ok("bob", ["read", alice, "--json"])).stdout).filter((t) => t.startsWith("in:"));
    expect(inbound).toEqual(["in:Hello Bob!", "in:live, to a bot", "in:answer to the bot", "in:offline 1", "in:offline 2", "in:offline 3"]);
    // Statuses: everything alice sent is confirmed once she syncs (the newest still watched until final).
    await ok("alice", ["status"]);
    const watched = jsonLines((await ok("alice", ["status", "--json", "--offline"])).stdout);
    expect(watched.every((p) => (p as { status: string }).status === "confirmed")).toBe(true);
  });

  it("export then import on a fresh directory continues the conversation", async () => {
    const backup = join(tmp, "bob.hushlog-backup");
    const backupEnv = { HUSHLOG_BACKUP_PASSPHRASE: "a different backup passphrase" };
    const exported = jsonLines((await ok("bob", ["export", backup, "--json"], undefined, backupEnv)).stdout)[0];
    expect(exported).toMatchObject({ type: "export", account: bob, conversations: 1, walletKey: true });

    await fails("restored", ["import", backup], 3, /wrong backup passphrase/);
    expect(snapshotDir(dirs.restored)).toEqual({});
    await ok("restored", ["import", backup], undefined, backupEnv);
    // A first contact made to the prekey bundle bob published before the export: only its prekeys can open it.
    const [hello] = jsonLines((await ok("carol", ["hello", bob, "--note", "hi bob, it's carol", "--json"])).stdout);
    expect(hello).toMatchObject({ type: "hello", mode: "prekey" });

    await ok("restored", ["send", alice, "from the restored copy"]);
    await ok("alice", ["sync"]);
    expect(texts((await ok("alice", ["read", bob, "--json", "--limit", "1"])).stdout)).toEqual(["in:from the restored copy"]);
    await ok("alice", ["send", bob, "to the restored copy"]);
    await ok("restored", ["sync"]);
    expect(texts((await ok("restored", ["read", alice, "--unread", "--json"])).stdout)).toEqual(["in:to the restored copy"]);
    // Carol is a stranger to bob: her first contact waits as a request until accepted.
    await fails("restored", ["read", carol], 5, /no conversation/);
    const listed = (await ok("restored", ["requests"])).stdout;
    expect(listed).toContain("first message held");
    expect(listed).toContain("message: hi bob, it's carol");
    await ok("restored", ["accept", carol]);
    expect(texts((await ok("restored", ["read", carol, "--json"])).stdout)).toEqual(["in:hi bob, it's carol"]);
    // Blocked, carol's messages are ignored before any cryptography; unblocked, the next ones are read.
    await ok("restored", ["block", carol]);
    await fails("restored", ["block", bob], 2, /your own address/);
    await ok("carol", ["sync"]);
    await ok("carol", ["send", bob, "while blocked"]);
    await ok("restored", ["sync"]);
    await ok("restored", ["unblock", carol]);
    await ok("carol", ["send", bob, "after unblock"]);
    await ok("restored", ["sync"]);
    expect(texts((await ok("restored", ["read", carol, "--json"])).stdout)).toEqual(["in:hi bob, it's carol", "in:after unblock"]);
    // It holds bob's prekeys, so it publishes no bundle of its own.
    expect(jsonLines((await ok("restored", ["status", "--json", "--offline"])).stdout).filter((p) => p.kind === "prekeys")).toEqual([]);

    // The restored store has moved on: importing the old backup over it would rewind its ratchets.
    const before = snapshotDir(dirs.restored);
    await fails("restored", ["import", backup], 6, /newer state than the backup/, backupEnv);
    expect(snapshotDir(dirs.restored)).toEqual(before);
  });

  it("bad input gives one clear line, a documented exit code, and changes nothing", async () => {
    const before = snapshotDir(dirs.alice);
    await fails("alice", ["send", "0x1234", "hi"], 2, /unknown address format "0x1234"/);
    await fails("alice", ["hello", "alice.eth"], 2, /unknown address format/);
    await fails("alice", ["send", bob, "hi"], 3, /[Ww]rong passphrase/, { HUSHLOG_PASSPHRASE: "not the passphrase" });
    await fails("alice", ["send", bob, "hi", "--rpc", deadRpc], 4, /cannot reach the RPC/);
    await fails("alice", ["sync", "--contract", "0x00000000000000000000000000000000000000aa"], 5, /no Hushlog contract at 0x0+AA/i);
    await fails("alice", ["send", carol, "hi"], 5, /no conversation with/);
    await fails("alice", ["send", "--frobnicate", bob, "hi"], 1, /Unknown option/);
    await fails("alice", ["read", "--note", "x"], 1, /does not apply/);
    expect(snapshotDir(dirs.alice)).toEqual(before);

    // A failed init leaves no directory behind.
    const fresh = join(tmp, "never");
    const result = await runCli(["init", "--private-key", hardhatKeys[1], "--rpc", deadRpc, "--dir", fresh], env);
    expect(result.code).toBe(4);
    expect(snapshotDir(fresh)).toEqual({});
  });
});
