import { existsSync, readFileSync } from "node:fs";
import { isAddressEqual } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { openBackup, readBackupHeader, sealBackup } from "../../backup.ts";
import {
  DecryptionFailedError,
  markStoreRestored,
  readGroupRecords,
  readOwnPrekeyRecords,
  recordsOfGroup,
  syncCursorKey,
  writeGroupRecords,
  writeOwnPrekeyRecords,
  type HushlogStore,
  type MessageRecord,
} from "../../index.ts";
import { createSqliteStore } from "../../sqlite.ts";

import { encodeAccountRecord } from "../accountRecord.ts";
import { decodeBackupContents, encodeBackupContents, type BackupContents } from "../backupPayload.ts";
import { dataDir, storePath, writeFileAtomic } from "../config.ts";
import type { CommandContext } from "../context.ts";
import { createStoreFile } from "../createStoreFile.ts";
import { badInput, CliError, exitCodes, notFound } from "../errors.ts";
import { jsonLine } from "../output.ts";
import { backupPassphrase, hasKeySource, kdfParams, storePassphrase, walletPrivateKey } from "../secrets.ts";
import { openAccount } from "../session.ts";

const rewindWarning =
  "Keep using ONE copy of this account: restoring a backup after the account went on elsewhere rewinds its ratchets (keys reused, messages undecryptable).";

/** Every record a client needs to go on: the conversations, their messages, transactions in flight, requests, cursors. */
async function readContents(store: HushlogStore, account: BackupContents["account"]): Promise<Omit<BackupContents, "exportedAt" | "account">> {
  const sessions = await store.sessions.list();
  const groups = await readGroupRecords(store, account.identity.account);
  const messages: MessageRecord[] = [];
  // A group's messages are stored under its id, as a conversation of their own.
  const conversations = [...sessions.map((s) => s.conversationId), ...groups.distribution.map((d) => d.groupId)];
  for (const id of conversations) messages.push(...(await store.messages.list(id)));
  const cursors = [];
  for (const binding of account.bindings) {
    const cursor = await store.cursors.get(syncCursorKey(binding.chainId, binding.contract));
    if (cursor) cursors.push(cursor);
  }
  return {
    sessions,
    messages,
    pending: await store.pending.list(),
    pendingHandshakes: await store.pendingHandshakes.list(),
    requests: await store.requests.list(),
    cursors,
    groups,
    prekeys: await readOwnPrekeyRecords(store),
  };
}

export async function exportBackup(ctx: CommandContext): Promise<void> {
  const file = ctx.args[0]!;
  const opened = await openAccount(ctx.flags, ctx.env);
  let contents: BackupContents;
  try {
    const account = ctx.flags["without-wallet-key"] ? { ...opened.record, walletKey: null } : opened.record;
    contents = { exportedAt: Date.now(), account, ...(await readContents(opened.store, opened.record)) };
  } finally {
    await opened.close();
  }
  const passphrase = await backupPassphrase(ctx.flags, ctx.env, { confirm: true });
  const sealed = await sealBackup(encodeBackupContents(contents), passphrase, { kdf: kdfParams(ctx.env) });
  try {
    writeFileAtomic(file, sealed, 0o600);
  } catch (error) {
    throw new CliError(exitCodes.badInput, `cannot write ${file}: ${(error as Error).message}`);
  }
  const summary = {
    type: "export",
    file,
    account: opened.account,
    conversations: contents.sessions.length,
    groups: contents.groups.distribution.length,
    messages: contents.messages.length,
    walletKey: contents.account.walletKey !== null,
  };
  if (ctx.json) return ctx.io.out(jsonLine(summary));
  ctx.io.out(`Exported ${opened.account} to ${file}: ${summary.conversations} conversation(s), ${summary.groups} group(s), ${summary.messages} message(s)${summary.walletKey ? ", wallet key included" : ", without the wallet key"}.`);
  ctx.io.err(`hushlog: warning: ${rewindWarning}`);
}

/** Whether `target` holds state the backup lacks or has older: importing would rewind it. Returns the reasons. */
async function newerState(target: HushlogStore, backup: BackupContents): Promise<string[]> {
  const reasons: string[] = [];
  const backupSessions = new Map(backup.sessions.map((s) => [s.conversationId.toLowerCase(), s]));
  const backupMessages = new Set(backup.messages.map((m) => m.id));
  for (const session of await target.sessions.list()) {
    const theirs = backupSessions.get(session.conversationId.toLowerCase());
    if (!theirs) reasons.push(`a conversation with ${session.peer} the backup does not have`);
    else if (session.updatedAt > theirs.updatedAt) reasons.push(`the conversation with ${session.peer} moved on after the backup`);
    for (const message of await target.messages.list(session.conversationId)) {
      if (!backupMessages.has(message.id)) {
        reasons.push(`messages with ${session.peer} the backup does not have`);
        break;
      }
    }
  }
  // Groups: rewinding our own sender key would reuse its message keys; a state or messages the backup lacks would
  // be lost.
  const backupRecords = new Map(backup.groups.records.map((r) => [r.name, r.value]));
  const ours = await readGroupRecords(target, backup.account.identity.account);
  for (const { groupId } of ours.distribution) {
    const records = recordsOfGroup(ours, groupId);
    if (recordsOfGroup(backup.groups, groupId).length === 0) reasons.push(`a group (${groupId}) the backup does not have`);
    else if (records.some((r) => !sameBytes(backupRecords.get(r.name), r.value))) reasons.push(`the group ${groupId} moved on after the backup`);
    else if ((await target.messages.list(groupId)).some((m) => !backupMessages.has(m.id))) reasons.push(`group ${groupId} messages the backup does not have`);
  }
  // Prekeys: a newer bundle's secrets the backup lacks would make first contacts to it unreadable.
  const backupPrekeys = new Map(backup.prekeys.map((p) => [p.id, p.signed]));
  for (const { id, signed } of await readOwnPrekeyRecords(target)) {
    if (!sameBytes(backupPrekeys.get(id), signed)) {
      reasons.push("prekeys newer than the backup");
      break;
    }
  }
  return reasons;
}

const sameBytes = (a: Uint8Array | undefined, b: Uint8Array) => a !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);

export async function importBackup(ctx: CommandContext): Promise<void> {
  const file = ctx.args[0]!;
  let sealed: Uint8Array;
  try {
    sealed = new Uint8Array(readFileSync(file));
  } catch {
    throw notFound(`backup file ${file} cannot be read`);
  }
  try {
    readBackupHeader(sealed);
  } catch {
    throw badInput(`${file} is not a hushlog backup (or one of a newer version)`);
  }
  const kdf = kdfParams(ctx.env);
  const passphrase = await backupPassphrase(ctx.flags, ctx.env);
  let contents: BackupContents;
  try {
    contents = decodeBackupContents(await openBackup(sealed, passphrase));
  } catch (error) {
    if (error instanceof DecryptionFailedError) throw new CliError(exitCodes.auth, "wrong backup passphrase (or the backup file was altered)");
    throw error;
  }
  const account = contents.account.identity.account;

  // The wallet key: the backup's, or one given now (which must be the account's).
  let walletKey = contents.account.walletKey;
  if (hasKeySource(ctx.flags, ctx.env)) {
    const given = await walletPrivateKey(ctx.flags, ctx.env);
    if (!isAddressEqual(privateKeyToAccount(given).address, account)) {
      throw badInput(`the wallet key given is for ${privateKeyToAccount(given).address}, but the backup is of ${account}`);
    }
    walletKey = given;
  }
  if (!walletKey) throw new CliError(exitCodes.usage, "the backup holds no wallet key: pass --private-key, --keystore or --mnemonic");

  const dir = dataDir(ctx.flags, ctx.env);
  const path = storePath(dir, account);
  const storePassphraseText = await storePassphrase(ctx.flags, ctx.env, { confirm: !existsSync(path) });
  if (existsSync(path)) {
    const target = await createSqliteStore({ path, passphrase: storePassphraseText, account: account.toLowerCase() });
    let reasons: string[];
    try {
      reasons = await newerState(target, contents);
    } finally {
      await target.close();
    }
    if (reasons.length > 0 && !ctx.flags.force) {
      throw new CliError(
        exitCodes.conflict,
        `${path} holds newer state than the backup (${reasons[0]}): importing would rewind its ratchets; nothing was changed (--force replaces it anyway)`,
      );
    }
  }

  await createStoreFile({
    path,
    passphrase: storePassphraseText,
    account,
    kdf,
    replace: true,
    fill: async (store) => {
      await store.transaction(async (tx) => {
        await tx.save(encodeAccountRecord({ ...contents.account, walletKey }));
        // A restored session starts a new version history in this store.
        for (const session of contents.sessions) await tx.sessions.save({ ...session, version: 1 });
        if (contents.messages.length) await tx.messages.putMany(contents.messages);
        for (const record of contents.pending) await tx.pending.save(record);
        for (const record of contents.pendingHandshakes) await tx.pendingHandshakes.save(record);
        for (const record of contents.requests) await tx.requests.save(record);
        for (const record of contents.cursors) await tx.cursors.put(record);
        await writeGroupRecords(tx, contents.groups);
        await writeOwnPrekeyRecords(tx, contents.prekeys);
      });
      // The copy this backup came from may go on sending: no chain it holds is ever sent on here (a fresh handshake
      // re-keys each conversation on its first send, and each group gets a fresh sender key).
      await markStoreRestored(store, { account });
    },
  });

  const summary = { type: "import", account, store: path, exportedAt: contents.exportedAt, conversations: contents.sessions.length, groups: contents.groups.distribution.length, messages: contents.messages.length };
  if (ctx.json) return ctx.io.out(jsonLine(summary));
  ctx.io.out(`Imported ${account} into ${path}: ${summary.conversations} conversation(s), ${summary.groups} group(s), ${summary.messages} message(s), backup of ${new Date(contents.exportedAt).toISOString()}.`);
  ctx.io.err(`hushlog: warning: ${rewindWarning} Stop using the copy this backup came from.`);
}
