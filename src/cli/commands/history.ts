import { readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { MAX_HISTORY_TRANSFER_BYTES } from "../../constants.ts";
import { exportHistory as exportFor, historyConversations, importHistory as importInto } from "../../history.ts";
import { writeFileAtomic } from "../config.ts";
import type { CommandContext } from "../context.ts";
import { badInput, notFound, usageError } from "../errors.ts";
import { jsonLine } from "../output.ts";
import type { ClientSession } from "../session.ts";
import { withClient } from "./account.ts";

const device = (session: ClientSession) => ({ client: session.client, identity: session.record.identity, store: session.store });

const usage = "usage: hushlog history [export --to <device code> [--out <file>] | import <file>]";

/**
 * `hushlog history export --to <code>` writes this device's message history for another device of the account (by
 * its code in `hushlog devices`), sealed to it; `hushlog history import <file>` merges such a file on that device;
 * `hushlog history` lists the conversations this device holds as history only (docs/protocol.md, "Devices").
 */
export async function history(ctx: CommandContext): Promise<void> {
  const [action, file] = ctx.args;
  if (action === undefined) return list(ctx);
  if (action === "export" && file === undefined) return exportHistory(ctx);
  if (action === "import" && file !== undefined) return importHistory(ctx, file);
  throw usageError(usage);
}

async function exportHistory(ctx: CommandContext): Promise<void> {
  const to = ctx.flags.to;
  if (typeof to !== "string") throw usageError(`${usage} (export needs --to <device code>)`);
  await withClient(ctx, {}, async (session) => {
    const result = await exportFor(device(session), { to });
    const out = resolve(typeof ctx.flags.out === "string" ? ctx.flags.out : `hushlog-history-${result.to}.bin`);
    // Only the target device can open it; still, it is the user's history: owner-only, like the store.
    writeFileAtomic(out, result.file, 0o600);
    const { conversations, messages, inFlight } = result;
    if (ctx.json) return ctx.io.out(jsonLine({ type: "history-export", to: result.to, file: out, bytes: result.file.length, conversations, messages, inFlight }));
    ctx.io.out(`Exported ${messages} message${messages === 1 ? "" : "s"} in ${conversations} conversation${conversations === 1 ? "" : "s"} for device ${result.to}: ${out}`);
    if (inFlight > 0) ctx.io.out(`${inFlight} message${inFlight === 1 ? " is" : "s are"} still in flight and not included: export again once they are confirmed.`);
    ctx.io.out(`On that device: hushlog history import ${out}`);
  });
}

async function importHistory(ctx: CommandContext, path: string): Promise<void> {
  let bytes: Uint8Array;
  try {
    // Refused before reading a huge file into memory.
    if (statSync(path).size > MAX_HISTORY_TRANSFER_BYTES) throw badInput(`${path} is larger than a history transfer can be`);
    bytes = readFileSync(path);
  } catch (error) {
    if ((error as { code?: string }).code === "ENOENT") throw notFound(`no file ${path}`);
    throw error;
  }
  await withClient(ctx, {}, async (session) => {
    const result = await importInto(device(session), bytes);
    if (ctx.json) ctx.io.out(jsonLine({ type: "history-import", ...result }));
    else {
      const { messages, conversations, markedRead, unchanged, nicknames } = result;
      ctx.io.out(`Imported ${messages} message${messages === 1 ? "" : "s"} in ${conversations} conversation${conversations === 1 ? "" : "s"} from device ${result.from}.`);
      const more = [markedRead > 0 ? `${markedRead} marked read` : "", unchanged > 0 ? `${unchanged} already here` : "", nicknames > 0 ? `${nicknames} nickname${nicknames === 1 ? "" : "s"}` : ""];
      if (more.some(Boolean)) ctx.io.out(`(${more.filter(Boolean).join(", ")})`);
    }
    // What the user can now read here but not continue here: the truth about each such conversation.
    await printHistoryOnly(ctx, session);
  });
}

async function list(ctx: CommandContext): Promise<void> {
  await withClient(ctx, { offline: true }, async (session) => {
    const views = await printHistoryOnly(ctx, session);
    if (!ctx.json && views === 0) ctx.io.out("No history-only conversations on this device.");
  });
}

async function printHistoryOnly(ctx: CommandContext, session: ClientSession): Promise<number> {
  const views = await historyConversations(session);
  for (const v of views) {
    if (ctx.json) ctx.io.out(jsonLine({ type: "history-conversation", conversationId: v.conversationId, peer: v.peer, status: v.status, livesOn: v.livesOn, unread: v.unread }));
    else ctx.io.out(`  ${v.peer}  history only: lives on device ${v.livesOn.join(", ")}${v.unread > 0 ? `  (${v.unread} unread)` : ""}`);
  }
  return views.length;
}
