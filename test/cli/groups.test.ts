import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Address } from "viem";
import { mnemonicToAccount, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDeployment, startLocalNode, type LocalNode } from "../../scripts/localNode.ts";
import { cliEnv, cliUsers, freePort, hardhatKeys, hardhatMnemonic, jsonLines, snapshotDir, startCli } from "./cliHarness.ts";

// `hushlog group ...` as real processes against a real JSON-RPC node. Alice, Bob and Carol have pairwise
// conversations; Dave has one with Alice only; Eve none (she never runs hushlog: only her address is used).
const tmp = mkdtempSync(join(tmpdir(), "hushlog-cli-groups-"));
const dirs = { alice: join(tmp, "alice"), bob: join(tmp, "bob"), carol: join(tmp, "carol"), dave: join(tmp, "dave"), restored: join(tmp, "bob-restored") };
type Who = keyof typeof dirs;
const fromMnemonic = (index: number) => mnemonicToAccount(hardhatMnemonic, { addressIndex: index }).address;
const address: Record<Who, Address> = {
  alice: privateKeyToAccount(hardhatKeys[1]).address,
  bob: privateKeyToAccount(hardhatKeys[2]).address,
  carol: fromMnemonic(3),
  dave: fromMnemonic(4),
  restored: privateKeyToAccount(hardhatKeys[2]).address,
};
const eve = fromMnemonic(5);
let node: LocalNode;
let env: NodeJS.ProcessEnv;
const { ok, fails } = cliUsers(dirs, () => env);

/** Texts of `group read --json`, sorted (the senders' transactions may land in any order). */
const groupTexts = async (who: Who, group: string) => jsonLines((await ok(who, ["group", "read", group, "--json"])).stdout).map((m) => String(m.text)).sort();
const syncAll = (...who: Who[]) => Promise.all(who.map((w) => ok(w, ["sync"])));

/** Each `from` says hello to its peers; the peers accept every request; the initiators sync. */
async function connect(pairs: [Who, Who][]): Promise<void> {
  const initiators = [...new Set(pairs.map(([from]) => from))];
  const peers = [...new Set(pairs.map(([, to]) => to))];
  await Promise.all(initiators.map(async (from) => {
    for (const [f, to] of pairs) if (f === from) await ok(from, ["hello", address[to]]);
  }));
  await Promise.all(peers.map(async (to) => {
    await ok(to, ["sync"]);
    for (const request of jsonLines((await ok(to, ["requests", "--json"])).stdout)) await ok(to, ["accept", String(request.id)]);
  }));
  await syncAll(...initiators);
}

let groupId: string;

beforeAll(async () => {
  node = await startLocalNode({ port: await freePort(), logFile: join(tmp, "node.log") });
  const deploymentFile = join(tmp, "deployment.json");
  await ensureDeployment(node.url, deploymentFile);
  env = cliEnv({ HUSHLOG_DEPLOYMENT: deploymentFile, HUSHLOG_PASSPHRASE: "correct horse battery staple" });
  await Promise.all([
    ok("alice", ["init", "--private-key", hardhatKeys[1]]),
    ok("bob", ["init", "--private-key", hardhatKeys[2]]),
    ok("carol", ["init", "--mnemonic", hardhatMnemonic, "--mnemonic-index", "3"]),
    ok("dave", ["init", "--mnemonic", hardhatMnemonic, "--mnemonic-index", "4"]),
  ]);
  await connect([["alice", "bob"], ["alice", "carol"], ["alice", "dave"], ["bob", "carol"]]);
}, 180_000);

afterAll(async () => {
  await node?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

describe("hushlog group", () => {
  it("three members create a group, each sends, each reads everyone's messages; 1:1 views stay clean", async () => {
    const [created] = jsonLines((await ok("alice", ["group", "create", "friends", address.bob, address.carol, "--json"])).stdout);
    expect(created).toMatchObject({ type: "group-created", name: "friends", members: [address.bob, address.carol], txHash: expect.stringMatching(/^0x/) });
    groupId = String(created!.groupId);
    expect(groupId).toMatch(/^0x[0-9a-f]{32}$/);

    const [bobSync, carolSync] = await Promise.all([ok("bob", ["sync", "--json"]), ok("carol", ["sync"])]);
    expect(jsonLines(bobSync.stdout)[0]).toMatchObject({ type: "sync", joinedGroups: [groupId], removedFromGroups: [] });
    expect(carolSync.stdout).toMatch(/joined group "friends"/);
    const [listed] = jsonLines((await ok("bob", ["group", "list", "--json"])).stdout);
    expect(listed).toMatchObject({ type: "group", groupId, name: "friends", creator: address.alice, epoch: 1, left: false });
    expect(new Set(listed!.members as string[])).toEqual(new Set([address.alice, address.bob, address.carol]));

    // By name, by a name prefix, by id with the text on stdin.
    await Promise.all([
      ok("alice", ["group", "send", "friends", "hi", "from", "alice"]),
      ok("bob", ["group", "send", "fri", "bob here"]),
      ok("carol", ["group", "send", groupId], "carol,\nfrom stdin\n"),
    ]);
    await syncAll("alice", "bob", "carol");
    const all = ["bob here", "carol,\nfrom stdin", "hi from alice"];
    for (const who of ["alice", "bob", "carol"] as const) expect(await groupTexts(who, "friends")).toEqual(all);

    const [fromBob] = jsonLines((await ok("alice", ["group", "read", "friends", "--json"])).stdout).filter((m) => m.text === "bob here");
    expect(fromBob).toMatchObject({ type: "message", groupId, group: "friends", conversationId: groupId, direction: "in", sender: address.bob, peer: null });
    const text = (await ok("carol", ["group", "show", "friends"])).stdout;
    expect(text).toMatch(new RegExp(`creator  ${address.alice}`));

    // The keys travelled as 1:1 control messages: they are no messages of the conversations.
    expect((await ok("bob", ["read", "--json"])).stdout).toBe("");
    for (const c of jsonLines((await ok("bob", ["contacts", "--json"])).stdout)) expect(c).toMatchObject({ type: "conversation", lastMessage: null, unread: 0 });
  });

  it("watch --json prints a member's group message and the removal event", async () => {
    const watch = startCli(["watch", "--json", "--interval", "300", "--dir", dirs.carol], env);
    try {
      await watch.waitForLine((l) => l.includes('"type":"ready"'));
      await ok("bob", ["group", "send", "friends", "live to the group"]);
      const line = await watch.waitForLine((l) => l.includes("live to the group"));
      expect(JSON.parse(line)).toMatchObject({ type: "message", groupId, group: "friends", direction: "in", sender: address.bob, text: "live to the group" });
      // Another process sends to the group from the watched store; the watch goes on receiving.
      await ok("carol", ["group", "send", "friends", "carol while watching"]);
      await ok("bob", ["group", "send", "friends", "bob again"]);
      await watch.waitForLine((l) => l.includes('"text":"bob again"'));
      await ok("alice", ["group", "remove", "friends", address.carol]);
      const removed = await watch.waitForLine((l) => l.includes('"type":"group"') && l.includes('"event":"removed"'));
      expect(JSON.parse(removed)).toMatchObject({ type: "group", event: "removed", groupId, name: "friends", epoch: 2 });
    } finally {
      expect(await watch.stop()).toBe(0);
    }
    expect(watch.stderr()).toBe("");
  });

  it("a removed member reads nothing sent after the removal and can no longer send", async () => {
    // (`group send` syncs first: Bob applies the removal, and changes keys, before his message goes out.)
    await ok("alice", ["group", "send", "friends", "after carol left"]);
    await ok("bob", ["group", "send", "friends", "bob after"]);
    await syncAll("alice", "bob", "carol");
    const before = ["bob again", "bob here", "carol while watching", "carol,\nfrom stdin", "hi from alice", "live to the group"];
    expect(await groupTexts("carol", "friends")).toEqual(before);
    expect(await groupTexts("bob", "friends")).toEqual([...before, "after carol left", "bob after"].sort());
    expect(await groupTexts("alice", "friends")).toEqual([...before, "after carol left", "bob after"].sort());
    expect(jsonLines((await ok("carol", ["group", "list", "--json"])).stdout)[0]).toMatchObject({ groupId, left: true, epoch: 2 });

    const unchanged = snapshotDir(dirs.carol);
    await fails("carol", ["group", "send", "friends", "still here?"], 6, /no longer a member of group "friends"/);
    expect(snapshotDir(dirs.carol)).toEqual(unchanged);
  });

  it("an added member reads what follows, not the history; watch shows it joining", async () => {
    await ok("alice", ["group", "add", "friends", address.dave]);
    const watch = startCli(["watch", "--interval", "300", "--dir", dirs.dave], env);
    try {
      await watch.waitForLine((l) => l.startsWith('Joined group "friends"'));
      await ok("alice", ["group", "send", "friends", "welcome dave"]);
      await watch.waitForLine((l) => l.startsWith("[friends] ") && l.endsWith(": welcome dave"));
    } finally {
      expect(await watch.stop()).toBe(0);
    }
    expect(await groupTexts("dave", "friends")).toEqual(["welcome dave"]);

    // Dave has no conversation with Bob (nor Bob with Dave): neither can give the other a key.
    const unchanged = { bob: snapshotDir(dirs.bob), dave: snapshotDir(dirs.dave) };
    await fails("dave", ["group", "send", "friends", "hi all"], 5, new RegExp(`no conversation with ${address.bob} — run \`hushlog hello ${address.bob}\` first`));
    await ok("bob", ["sync"]);
    unchanged.bob = snapshotDir(dirs.bob);
    await fails("bob", ["group", "send", "friends", "hi dave"], 5, new RegExp(`no conversation with ${address.dave} — run \`hushlog hello ${address.dave}\``));
    expect({ bob: snapshotDir(dirs.bob), dave: snapshotDir(dirs.dave) }).toEqual(unchanged);
  });

  it("bad input gives one clear line, a documented exit code, and changes nothing", async () => {
    await ok("alice", ["group", "create", "family", address.bob]);
    await ok("bob", ["sync"]);
    const before = { alice: snapshotDir(dirs.alice), bob: snapshotDir(dirs.bob) };
    await fails("alice", ["group", "read", "nosuch"], 5, /no group "nosuch"/);
    await fails("alice", ["group", "send", `0x${"00".repeat(16)}`, "hi"], 5, /no group 0x0{32}/);
    await fails("alice", ["group", "read", "f"], 2, /"f" matches 2 groups/);
    await fails("bob", ["group", "add", "friends", eve], 6, new RegExp(`only the group's creator ${address.alice} can add members`));
    await fails("bob", ["group", "remove", "family", address.bob], 6, /only the group's creator/);
    await fails("alice", ["group", "add", "friends", eve], 5, new RegExp(`no conversation with ${eve} — run \`hushlog hello ${eve}\` first`));
    await fails("alice", ["group", "create", "club", address.bob, eve], 5, new RegExp(`no conversation with ${eve}`));
    await fails("alice", ["group", "create", address.bob, address.dave], 2, /is an address: the first argument is the group's name/);
    await fails("alice", ["group", "add", "friends", address.bob], 2, /already a member/);
    await fails("alice", ["group", "remove", "friends", eve], 2, /is not a member/);
    await fails("alice", ["group", "remove", "friends", address.alice], 2, /creator cannot/);
    await fails("alice", ["group", "add", "friends", "0x1234"], 2, /unknown address format/);
    await fails("alice", ["group", "send", "friends"], 2, /empty message/);
    await fails("alice", ["send", groupId, "hi"], 2, /is a group id: use `hushlog group send`/);
    await fails("alice", ["group", "frob"], 1, /unknown group command "frob"/);
    await fails("alice", ["group", "create", "solo"], 1, /missing argument/);
    expect({ alice: snapshotDir(dirs.alice), bob: snapshotDir(dirs.bob) }).toEqual(before);
  });

  it("export then import carries the groups: the restored copy reads their history, receives and sends", async () => {
    await ok("alice", ["group", "create", "club", address.bob, address.carol]);
    await syncAll("bob", "carol");
    await ok("alice", ["group", "send", "club", "alice before"]);
    await ok("bob", ["group", "send", "club", "bob before"]);
    await ok("carol", ["group", "send", "club", "carol before"]);
    await syncAll("alice", "bob", "carol");

    const backup = join(tmp, "bob.hushlog-backup");
    const [exported] = jsonLines((await ok("bob", ["export", backup, "--json"])).stdout);
    // friends, family and club.
    expect(exported).toMatchObject({ type: "export", account: address.bob, groups: 3 });
    const [imported] = jsonLines((await ok("restored", ["import", backup, "--json"])).stdout);
    expect(imported).toMatchObject({ type: "import", account: address.bob, groups: 3 });
    expect(await groupTexts("restored", "club")).toEqual(["alice before", "bob before", "carol before"]);
    expect(await groupTexts("restored", "friends")).toEqual(await groupTexts("bob", "friends"));

    await ok("restored", ["sync"]);
    await ok("restored", ["group", "send", "club", "from the restored copy"]);
    await ok("carol", ["group", "send", "club", "carol after"]);
    await syncAll("alice", "carol", "restored");
    const all = ["alice before", "bob before", "carol after", "carol before", "from the restored copy"];
    for (const who of ["alice", "carol", "restored"] as const) expect(await groupTexts(who, "club"), who).toEqual(all);

    // The restored copy moved on: before its first group send it re-keyed its 1:1 conversations (a restored copy never
    // sends on a chain the original may still use) and started a fresh sender key, so importing the old backup again
    // would rewind both.
    const before = snapshotDir(dirs.restored);
    await fails("restored", ["import", backup], 6, /newer state than the backup \((the group 0x[0-9a-f]{32}|the conversation with 0x[0-9a-fA-F]{40}) moved on after the backup\)/);
    expect(snapshotDir(dirs.restored)).toEqual(before);
  });
});
