// Run by test/packaging/packedPackage.test.ts with each Node version, inside a fresh project where the packed
// tarball is installed: plain JavaScript, nothing but the installed packages. Prints one JSON line of results.
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { privateKeyToAccount } from "viem/accounts";

const entries = ["hushlog", "hushlog/react", "hushlog/sqlite", "hushlog/dexie", "hushlog/deploy", "hushlog/backup"];
const result = { node: process.version, resolved: createRequire(import.meta.url).resolve("hushlog"), imports: {}, conversation: null, backup: null, sqlite: null };
for (const entry of entries) {
  try {
    result.imports[entry] = Object.keys(await import(entry)).length;
  } catch (error) {
    result.imports[entry] = `${error.code ?? error.name}: ${error.message.split("\n")[0]}`;
  }
}

const hushlog = await import("hushlog");
const deployment = { chainId: 31337, contract: "0x5FbDB2315678afecb367f032d93F642f64180aa3" };
const user = async (key) => {
  const account = privateKeyToAccount(key);
  const identity = await hushlog.deriveIdentity({ account: account.address, signMessage: ({ message }) => account.signMessage({ message }) });
  const binding = await hushlog.createKeyBinding(identity, { signTypedData: (args) => account.signTypedData(args), ...deployment, sequence: 1n });
  return { account, identity, binding };
};
// Hardhat's and anvil's development accounts #1 and #2.
const alice = await user("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
const bob = await user("0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a");
const started = await hushlog.initiateHandshake(alice.identity, alice.binding, { recipient: bob.account.address, note: "hi", ...deployment });
const opened = await hushlog.openHandshake(started.message.payload, { sender: alice.account.address, recipient: bob.account.address, ...deployment });
const responded = await hushlog.respondToHandshake(bob.identity, bob.binding, opened, { note: "hey" });
const completed = await hushlog.completeHandshake(started.secret, { ...responded.message, sender: bob.account.address });
const sent = await hushlog.ratchetEncrypt(responded.session, new TextEncoder().encode("post-quantum hello"));
const received = await hushlog.ratchetDecrypt(completed.session, sent.payload, { topic: sent.topic });
result.conversation = { note: completed.note, text: new TextDecoder().decode(received.plaintext) };

const { sealBackup, openBackup } = await import("hushlog/backup");
const sealed = await sealBackup(new TextEncoder().encode("backup"), "passphrase", { kdf: { t: 1, m: 64, p: 1 } });
result.backup = new TextDecoder().decode(await openBackup(sealed, "passphrase"));

const dir = mkdtempSync(join(tmpdir(), "hushlog-smoke-"));
try {
  const { createSqliteStore } = await import("hushlog/sqlite");
  const store = await createSqliteStore({ path: join(dir, "smoke.db"), passphrase: "passphrase", kdf: { t: 1, m: 64, p: 1 } });
  await store.save(new Uint8Array([1, 2, 3]));
  result.sqlite = Array.from((await store.load()) ?? []);
  await store.close();
} catch (error) {
  result.sqlite = { code: error.code, message: error.shortMessage ?? error.message };
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(JSON.stringify(result));
