import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { privateKeyToAccount } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { openBackup, readBackupHeader, sealBackup } from "../../src/backup.ts";
import { createSeededRandom, deriveIdentity } from "../../src/index.ts";
import { decodeAccountRecord, encodeAccountRecord } from "../../src/cli/accountRecord.ts";
import { decodeBackupContents, encodeBackupContents } from "../../src/cli/backupPayload.ts";
import { commands } from "../../src/cli/commandSpecs.ts";
import type { Io } from "../../src/cli/context.ts";
import { decryptKeystore } from "../../src/cli/keystore.ts";
import { run } from "../../src/cli/main.ts";
import { encryptKeystore, hardhatKeys } from "./cliHarness.ts";

const fast = { t: 1, m: 64, p: 1 };

function capture(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), stderrIsTTY: false, readStdin: async () => "" };
}

describe("hushlog --help", () => {
  it("documents every command and the exit codes", async () => {
    const io = capture();
    expect(await run(["--help"], {}, io)).toBe(0);
    const help = io.stdout.join("\n");
    for (const name of Object.keys(commands)) expect(help).toContain(`  ${name}`);
    expect(help).toMatch(/Exit codes:[\s\S]*3 +wrong or missing passphrase[\s\S]*4 +RPC unreachable/);
  });

  it("answers --help for every command, before anything else is checked", async () => {
    for (const name of Object.keys(commands)) {
      const io = capture();
      // `group create` and the other group commands are two words on the command line.
      expect(await run([...name.split(" "), "--help"], {}, io), name).toBe(0);
      expect(io.stdout.join("\n")).toContain(`Usage: hushlog ${name}`);
    }
    const io = capture();
    expect(await run(["help", "send"], {}, io)).toBe(0);
    expect(io.stdout.join("\n")).toContain("Usage: hushlog send");
  });

  it("gives `hushlog group` an overview of its commands, and accepts `show` for `members`", async () => {
    const asked = capture();
    expect(await run(["group", "--help"], {}, asked)).toBe(0);
    for (const name of Object.keys(commands).filter((n) => n.startsWith("group "))) expect(asked.stdout.join("\n")).toContain(`  ${name}`);
    const bare = capture();
    expect(await run(["group"], {}, bare)).toBe(1);
    expect(bare.stderr.join("\n")).toContain("hushlog group <command>");
    const help = capture();
    expect(await run(["help", "group", "show"], {}, help)).toBe(0);
    expect(help.stdout.join("\n")).toContain("Usage: hushlog group members <group>");
  });

  it("refuses usage errors with exit 1 and one line", async () => {
    const group = [["group", "frob"], ["group create", "x", "0x0"], ["group", "create", "solo"], ["group", "read"], ["group", "list", "x"], ["group", "list", "--note", "x"]];
    for (const argv of [["frob"], ["send"], ["hello", "a", "b"], ["whoami", "--note", "x"], ["--bogus"], ...group]) {
      const io = capture();
      expect(await run(argv, {}, io), argv.join(" ")).toBe(1);
      expect(io.stderr).toHaveLength(1);
    }
  });
});

describe("keystores (Web3 Secret Storage v3)", () => {
  it("decrypts the specification's PBKDF2 test vector", async () => {
    const vector = {
      crypto: {
        cipher: "aes-128-ctr",
        cipherparams: { iv: "6087dab2f9fdbbfaddc31a909735c1e6" },
        ciphertext: "5318b4d5bcd28de64ee5559e671353e16f075ecae9f99c7a79a38af5f869aa46",
        kdf: "pbkdf2",
        kdfparams: { c: 262144, dklen: 32, prf: "hmac-sha256", salt: "ae3cd4e7013836a3df6bd7241b12db061dbe2c6785853cce422d148a624ce0bd" },
        mac: "517ead924a9d0dc3124507e3393d175ce3ff7c1e96529c6c555ce9e51205e9b2",
      },
      id: "3198bc9c-6672-5ab3-d995-4942343ae5b6",
      version: 3,
    };
    const key = await decryptKeystore(JSON.stringify(vector), "testpassword");
    expect(Buffer.from(key).toString("hex")).toBe("7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d");
  });

  it("decrypts scrypt keystores; a wrong password is exit 3, a malformed file exit 2", async () => {
    const json = encryptKeystore(hardhatKeys[1], "pw");
    expect(`0x${Buffer.from(await decryptKeystore(json, "pw")).toString("hex")}`).toBe(hardhatKeys[1]);
    await expect(decryptKeystore(json, "wrong")).rejects.toMatchObject({ exitCode: 3 });
    await expect(decryptKeystore("{}", "pw")).rejects.toMatchObject({ exitCode: 2 });
    const huge = JSON.parse(json);
    huge.crypto.kdfparams.n = 2 ** 24;
    await expect(decryptKeystore(JSON.stringify(huge), "pw")).rejects.toMatchObject({ exitCode: 2 });
  });
});

describe("backup format", () => {
  it("seals and opens; a wrong passphrase or any altered byte fails; limits are checked before work", async () => {
    const payload = new TextEncoder().encode("secret state");
    const sealed = await sealBackup(payload, "pass", { kdf: fast, random: createSeededRandom("backup test") });
    expect(readBackupHeader(sealed)).toEqual({ version: 1, kdf: fast });
    expect(new TextDecoder().decode(await openBackup(sealed, "pass"))).toBe("secret state");
    await expect(openBackup(sealed, "Pass")).rejects.toMatchObject({ code: "CRYPTO_DECRYPTION_FAILED" });
    for (const offset of [8, 20, 40, sealed.length - 1]) {
      const altered = sealed.slice();
      altered[offset]! ^= 1;
      await expect(openBackup(altered, "pass"), `byte ${offset}`).rejects.toBeDefined();
    }
    const greedy = sealed.slice();
    new DataView(greedy.buffer).setUint32(10, 0xffffffff);
    expect(() => readBackupHeader(greedy)).toThrow(/argon2id.m/);
    expect(() => readBackupHeader(new TextEncoder().encode("not a backup at all, clearly not"))).toThrow();
  });

  it("round-trips the account record and every record kind", async () => {
    const wallet = privateKeyToAccount(hardhatKeys[1]);
    const identity = await deriveIdentity({ account: wallet.address, signMessage: ({ message }) => wallet.signMessage({ message }) });
    const account = { identity, walletKey: hardhatKeys[1], bindings: [] };
    const decodedAccount = decodeAccountRecord(encodeAccountRecord(account));
    expect(decodedAccount.identity.account).toBe(wallet.address);
    expect(decodedAccount.walletKey).toBe(hardhatKeys[1]);

    const session = { conversationId: "0x01", peer: wallet.address, inboundTopics: ["0x02"], state: new Uint8Array([1, 2, 3]), version: 7, updatedAt: 5 };
    const message = {
      id: "0xaa",
      conversationId: "0x01",
      direction: "in",
      sender: wallet.address,
      body: new Uint8Array([1, 104, 105]),
      status: "received",
      txHash: null,
      blockNumber: 123456789012345678901234567890n,
      blockHash: null,
      logIndex: 0,
      createdAt: 1.5,
      timestamp: null,
      read: false,
    };
    const cursor = { key: "31337:0xabc:sync", block: -1n, recentBlocks: [{ number: 3n, hash: "0x33" }], updatedAt: 0 };
    const contents = {
      exportedAt: 1_700_000_000_000,
      account,
      sessions: [session],
      messages: [message],
      pending: [],
      pendingHandshakes: [],
      requests: [],
      cursors: [cursor],
      groups: {
        records: [
          { name: "hushlog/v1/groups", value: new Uint8Array([1, 2, 3]) },
          { name: "hushlog/v1/group/0x00112233445566778899aabbccddeeff/0xabc", value: new Uint8Array(0) },
        ],
        distribution: [
          { groupId: "0x00112233445566778899aabbccddeeff", devices: [["0xabc", true], ["0xdéf", false]] },
          { groupId: "0xffeeddccbbaa99887766554433221100", devices: [] },
        ],
      },
      prekeys: [{ id: 7, signed: new Uint8Array([1, 2, 3]), kyber: new Uint8Array([4, 5]) }],
    } as unknown as Parameters<typeof encodeBackupContents>[0];
    const decoded = decodeBackupContents(encodeBackupContents(contents));
    expect(decoded.groups).toEqual(contents.groups);
    expect(decoded.prekeys).toEqual(contents.prekeys);
    // A backup from before groups were backed up (no 0x08/0x09 sections) restores no groups.
    const withoutGroups = decodeBackupContents(encodeBackupContents({ ...contents, groups: { records: [], distribution: [] } }));
    expect(withoutGroups.groups).toEqual({ records: [], distribution: [] });
    // A device name that is not UTF-8, or a has-key byte that is not 0/1: refused, not guessed.
    const odd = encodeBackupContents({ ...contents, prekeys: [], groups: { records: [], distribution: [{ groupId: "0x00", devices: [["ab", true]] }] } });
    const badUtf8 = odd.slice();
    badUtf8.set([0xff, 0xfe], odd.length - 3);
    expect(() => decodeBackupContents(badUtf8)).toThrow(/malformed/);
    const badFlag = odd.slice();
    badFlag[odd.length - 1] = 2;
    expect(() => decodeBackupContents(badFlag)).toThrow(/malformed/);
    expect(decoded.sessions).toEqual([session]);
    expect(decoded.messages).toEqual([message]);
    expect(decoded.cursors).toEqual([cursor]);
    expect(decoded.exportedAt).toBe(1_700_000_000_000);
    const bytes = encodeBackupContents(contents);
    expect(() => decodeBackupContents(bytes.subarray(0, bytes.length - 1))).toThrow(/truncated|malformed/);
  });
});

describe("the production command and the test-only KDF", () => {
  it("refuses HUSHLOG_KDF=fast: only the test harness may make a store's key cheap", async () => {
    const err: string[] = [];
    const io = { out: () => {}, err: (line: string) => void err.push(line), stderrIsTTY: false, readStdin: async () => "" };
    const dir = mkdtempSync(join(tmpdir(), "hushlog-kdf-"));
    try {
      const code = await run(["init", "--dir", dir, "--rpc", "http://127.0.0.1:1", "--contract", `0x${"11".repeat(20)}`], { HUSHLOG_KDF: "fast", HUSHLOG_PRIVATE_KEY: `0x${"22".repeat(32)}`, HUSHLOG_PASSPHRASE: "x" }, io);
      expect(code).toBe(1);
      expect(err.join("\n")).toMatch(/HUSHLOG_KDF=fast is refused/);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
