import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDeployment, startLocalNode, type LocalNode } from "../../scripts/localNode.ts";
import { cliEnv, cliUsers, freePort, hardhatKeys, jsonLines, startCli } from "./cliHarness.ts";

// Real `hushlog` processes against a real JSON-RPC node: every content command, and how read and watch show them.
const tmp = mkdtempSync(join(tmpdir(), "hushlog-cli-content-"));
const dirs = { alice: join(tmp, "alice"), bob: join(tmp, "bob") };
const alice = privateKeyToAccount(hardhatKeys[1]).address;
const bob = privateKeyToAccount(hardhatKeys[2]).address;
let node: LocalNode;
let env: NodeJS.ProcessEnv;
const { ok, fails } = cliUsers(dirs, () => env);

beforeAll(async () => {
  node = await startLocalNode({ port: await freePort(), logFile: join(tmp, "node.log") });
  const deploymentFile = join(tmp, "deployment.json");
  await ensureDeployment(node.url, deploymentFile);
  env = cliEnv({ HUSHLOG_DEPLOYMENT: deploymentFile, HUSHLOG_PASSPHRASE: "correct horse battery staple" });
  await ok("alice", ["init", "--private-key", hardhatKeys[1]]);
  await ok("bob", ["init", "--private-key", hardhatKeys[2]]);
  await ok("alice", ["hello", bob]);
  await ok("bob", ["sync"]);
  const [request] = jsonLines((await ok("bob", ["requests", "--json"])).stdout);
  await ok("bob", ["accept", String(request!.id)]);
  await ok("alice", ["sync"]);
}, 120_000);

afterAll(async () => {
  await node?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

const read = async (who: "alice" | "bob") => jsonLines((await ok(who, ["read", "--json"])).stdout);

describe("hushlog content commands (issue 19)", () => {
  it("send with a mention, reply, react, edit, delete, receipts; read shows them folded, watch live", async () => {
    const sent = jsonLines((await ok("alice", ["send", bob, "lunch?", "--mention", bob, "--json"])).stdout)[0]!;
    const doomed = jsonLines((await ok("alice", ["send", bob, "wrong", "chat", "--json"])).stdout)[0]!;
    const postId = String(sent.id);
    await ok("bob", ["sync"]);
    const bobView = await read("bob");
    expect(bobView.map((m) => [m.kind, m.text, m.mentions])).toEqual([
      ["post", "lunch?", [bob]],
      ["post", "wrong chat", []],
    ]);

    // Bob watches while Alice edits and deletes: each arrives as a line saying what it does.
    const watch = startCli(["watch", "--json", "--interval", "300", "--dir", dirs.bob], env);
    try {
      await watch.waitForLine((l) => l.includes('"type":"ready"'));
      await ok("alice", ["edit", postId.slice(0, 10), "lunch", "at", "1?"]);
      const edit = JSON.parse(await watch.waitForLine((l) => l.includes('"kind":"edit"')));
      expect(edit).toMatchObject({ type: "message", direction: "in", kind: "edit", target: postId, editText: "lunch at 1?", text: null });
      await ok("alice", ["delete", String(doomed.id)]);
      const deleted = JSON.parse(await watch.waitForLine((l) => l.includes('"kind":"delete"')));
      expect(deleted).toMatchObject({ kind: "delete", target: doomed.id });
    } finally {
      await watch.stop();
    }

    // Bob reacts and replies (from stdin); a prefix of the id is enough.
    const reaction = jsonLines((await ok("bob", ["react", postId.slice(0, 8), "🍜", "--json"])).stdout)[0]!;
    expect(reaction).toMatchObject({ type: "sent", kind: "reaction", target: postId });
    await ok("bob", ["reply", postId, "--mention", alice], "sure\n");
    await ok("alice", ["sync"]);

    const aliceView = await read("alice");
    expect(aliceView.map((m) => [m.direction, m.text, m.edited, m.deleted, m.reactions, m.replyTo, m.quoted])).toEqual([
      ["out", "lunch at 1?", 1, false, [{ emoji: "🍜", senders: [bob] }], null, null],
      ["out", null, 0, true, [], null, null],
      ["in", "sure", 0, false, [], postId, "lunch at 1?"],
    ]);
    // Text mode: one line per message, with the id to act on and what happened to it.
    const text = (await ok("alice", ["read", bob])).stdout;
    expect(text).toMatch(new RegExp(`${postId.slice(0, 10)} .*me → .*: lunch at 1\\?.*\\(edited\\).*🍜×1`));
    expect(text).toContain("(deleted)");
    expect(text).toMatch(/: sure +↪ reply to 0x[0-9a-f]{8} "lunch at 1\?" +@0x/);

    // Take the reaction back.
    await ok("bob", ["react", postId, "🍜", "--remove"]);
    await ok("alice", ["sync"]);
    expect((await read("alice"))[0]!.reactions).toEqual([]);

    // Receipts: none sent by themselves; `receipts` sends them (one transaction), and says so when there is nothing.
    expect((await read("alice")).every((m) => m.direction === "in" || (m.readBy as unknown[]).length === 0)).toBe(true);
    const receipts = jsonLines((await ok("bob", ["receipts", alice, "--json"])).stdout)[0]!;
    expect(receipts).toMatchObject({ type: "sent", kind: "receipts", ids: [expect.any(String)] });
    expect((await ok("bob", ["receipts"])).stdout).toMatch(/nothing sent/);
    await ok("alice", ["sync"]);
    expect((await read("alice")).filter((m) => m.direction === "out").map((m) => m.readBy)).toEqual([[bob], [bob]]);
    expect((await ok("alice", ["read", bob])).stdout).toContain("✓ read");
  });

  it("refuses to amend someone else's message, unknown ids, and malformed ids", async () => {
    const [first] = await read("bob");
    await fails("bob", ["edit", String(first!.id), "mine now"], 2, /cannot be the target: not-sender/);
    await fails("bob", ["delete", "0xdeadbeef00"], 5, /no message 0xdeadbeef00/);
    await fails("bob", ["react", "nope", "👍"], 2, /not a message id/);
  });
});
