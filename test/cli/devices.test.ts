import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bytesToHex } from "viem";
import { mnemonicToAccount, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDeployment, startLocalNode, type LocalNode } from "../../scripts/localNode.ts";
import { cliEnv, cliUsers, freePort, hardhatKeys, hardhatMnemonic, jsonLines } from "./cliHarness.ts";

// Issue 17's story through real `hushlog` processes: the same wallet on a second machine. Before devices, `init` there
// derived the SAME identity as the first machine, listed bob's already-accepted request as pending, and an accept
// from it left bob on the first machine's session: everything the second machine sent was silently lost. Now the
// second machine links itself as a device of its own (its own random keys, the wallet signs the list of both), does
// not offer what its other device already answered, and can be revoked from the first one.
const tmp = mkdtempSync(join(tmpdir(), "hushlog-cli-devices-"));
const dirs = { alice: join(tmp, "alice"), laptop: join(tmp, "laptop"), bob: join(tmp, "bob"), carol: join(tmp, "carol") };
const alice = privateKeyToAccount(hardhatKeys[1]).address;
const bob = privateKeyToAccount(hardhatKeys[2]).address;
const carolKey = bytesToHex(mnemonicToAccount(hardhatMnemonic, { addressIndex: 3 }).getHdKey().privateKey!);
let node: LocalNode;
let env: NodeJS.ProcessEnv;

const { ok, fails } = cliUsers(dirs, () => env);
const texts = (stdout: string) => jsonLines(stdout).map((m) => `${m.direction}:${m.text}`);

beforeAll(async () => {
  node = await startLocalNode({ port: await freePort(), logFile: join(tmp, "node.log") });
  const deploymentFile = join(tmp, "deployment.json");
  await ensureDeployment(node.url, deploymentFile);
  env = cliEnv({ HUSHLOG_DEPLOYMENT: deploymentFile, HUSHLOG_PASSPHRASE: "correct horse battery staple" });
});

afterAll(async () => {
  await node?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

describe("hushlog devices: the same wallet on a second machine", () => {
  // About 30 hushlog processes, each a few seconds on a loaded machine.
  it("links the second machine as a device of its own, offers it nothing already answered, and revokes it", { timeout: 240_000 }, async () => {
    await ok("alice", ["init", "--private-key", hardhatKeys[1]]);
    await ok("bob", ["init", "--private-key", hardhatKeys[2]]);
    await ok("bob", ["hello", alice]);
    await ok("alice", ["sync"]);
    await ok("alice", ["accept", bob]);
    await ok("bob", ["sync"]);
    await ok("alice", ["send", bob, "from the phone"]);
    await ok("bob", ["sync"]);

    // The second machine: same wallet, its own identity keys, listed next to the first device.
    const [linked] = jsonLines((await ok("laptop", ["init", "--private-key", hardhatKeys[1], "--json"])).stdout);
    expect(linked).toMatchObject({ type: "init", account: alice, linked: true, devices: 2 });
    const [phone] = jsonLines((await ok("alice", ["whoami", "--json"])).stdout);
    const [laptop] = jsonLines((await ok("laptop", ["whoami", "--json"])).stdout);
    expect(laptop!.ed25519).not.toBe(phone!.ed25519);
    expect(laptop!.x25519).not.toBe(phone!.x25519);
    const listed = jsonLines((await ok("laptop", ["devices", "--json"])).stdout);
    expect(listed.map((d) => [d.index, d.code, d.thisDevice])).toEqual([
      [0, phone!.device, false],
      [1, laptop!.device, true],
    ]);

    // Bob's request was answered by the phone before the laptop existed: the laptop does not offer it, and cannot
    // accept it (an answer nobody would read).
    await ok("laptop", ["sync"]);
    expect(jsonLines((await ok("laptop", ["requests", "--json"])).stdout)).toEqual([]);
    await fails("laptop", ["accept", bob], 5, /no pending request/);

    // The phone adopts the list that still names it, tells its user (a device nobody linked is a phished signature),
    // and keeps its conversation.
    expect((await ok("alice", ["sync"])).stdout).toContain(`A new device ${laptop!.device} was linked to your account`);
    expect(jsonLines((await ok("alice", ["devices", "--json"])).stdout)).toHaveLength(2);

    // History from before the link moves as a file the user carries, sealed to the laptop and signed by the phone; no
    // session moves with it, so the laptop reads the conversation but says where it lives instead of sending.
    const historyFile = join(tmp, "history.bin");
    const [exported] = jsonLines((await ok("alice", ["history", "export", "--to", String(laptop!.device), "--out", historyFile, "--json"])).stdout);
    expect(exported).toMatchObject({ type: "history-export", to: laptop!.device, conversations: 1, messages: 1, inFlight: 0 });
    expect(jsonLines((await ok("laptop", ["history", "import", historyFile, "--json"])).stdout)).toEqual([
      { type: "history-import", from: phone!.device, conversations: 1, messages: 1, markedRead: 0, unchanged: 0, nicknames: 0 },
      { type: "history-conversation", conversationId: expect.any(String), peer: bob, status: "history", livesOn: [phone!.device], unread: 0 },
    ]);
    expect(texts((await ok("laptop", ["read", bob, "--json"])).stdout)).toEqual(["out:from the phone"]);
    await fails("laptop", ["send", bob, "from the laptop"], 6, new RegExp(`lives on device ${String(phone!.device)}`));
    await fails("laptop", ["history", "import", historyFile], 6, /not newer than one already imported/);

    // App-state sync: a block made on the phone reaches the laptop with one `sync --push` (one transaction, with the
    // first sync key sealed to both devices) and one `sync` there.
    const spammer = "0x000000000000000000000000000000000000dEaD";
    await ok("alice", ["block", spammer]);
    const syncLine = (stdout: string) => jsonLines(stdout).find((l) => l.type === "sync")!;
    expect(syncLine((await ok("alice", ["sync", "--push", "--json"])).stdout).appState).toEqual({ version: 0, pendingChanges: 1, pushed: { mutations: 1, rotated: true } });
    expect(syncLine((await ok("laptop", ["sync", "--json"])).stdout).appState).toEqual({ version: 1, pendingChanges: 0, pushed: null });
    expect((await ok("alice", ["sync"])).stdout).not.toContain("setting change");
    await ok("alice", ["send", bob, "still the phone"]);
    await ok("bob", ["sync"]);
    expect(texts((await ok("bob", ["read", alice, "--json"])).stdout)).toEqual(["in:from the phone", "in:still the phone"]);

    // A device cannot revoke itself (it would lock itself out with nobody told); the phone revokes the laptop.
    await fails("laptop", ["devices", "revoke", String(laptop!.device)], 2, /this device/);
    const [revoked] = jsonLines((await ok("alice", ["devices", "revoke", String(laptop!.device), "--json"])).stdout);
    expect(revoked).toMatchObject({ type: "devices-revoke", device: laptop!.device, devices: 1 });
    expect(jsonLines((await ok("alice", ["devices", "--json"])).stdout).map((d) => d.code)).toEqual([phone!.device]);

    // The laptop learns it and stops: loudly, not by sending into the void.
    expect((await ok("laptop", ["sync"])).stdout).toMatch(/does not authorise this device: it was revoked/);
    await fails("laptop", ["hello", bob], 6, /does not authorise this device/);
    // A newcomer's first contact after the revocation goes to the phone's prekeys (a revoked device's bundle is never
    // used): the laptop holds nothing of it, the phone accepts it. (A revoked device answering an interactive request
    // is refused too: test/devices/revokedDevice.test.ts.)
    await ok("carol", ["init", "--private-key", carolKey]);
    await ok("carol", ["hello", alice, "--note", "hi alice"]);
    await ok("laptop", ["sync"]);
    expect(jsonLines((await ok("laptop", ["requests", "--json"])).stdout)).toEqual([]);
    await ok("alice", ["sync"]);
    const [carols] = jsonLines((await ok("alice", ["requests", "--json"])).stdout);
    expect(carols).toMatchObject({ kind: "prekey", messages: ["hi alice"] });
    await ok("alice", ["accept", privateKeyToAccount(carolKey).address]);

    // The phone goes on with one device listed.
    await ok("alice", ["send", bob, "after the revocation"]);
    await ok("bob", ["sync"]);
    expect(texts((await ok("bob", ["read", alice, "--json"])).stdout)).toEqual(["in:from the phone", "in:still the phone", "in:after the revocation"]);
  });
});
