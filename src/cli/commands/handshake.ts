import { isAddress, isAddressEqual } from "viem";
import type { HushlogClient } from "../../index.ts";
import { parseAddress, type CommandContext } from "../context.ts";
import { badInput, CliError, exitCodes, notFound } from "../errors.ts";
import { jsonLine } from "../output.ts";
import { withClient } from "./account.ts";

/** Throws exit 7 when the pending transaction `id` failed to broadcast (its record stays, for `retry`). */
export async function assertBroadcast(client: HushlogClient, match: (p: { id: string; kind: string; itemIds: string[] }) => boolean, what: string) {
  const pending = (await client.pendingTransactions()).find(match);
  if (pending?.status === "failed") {
    throw new CliError(exitCodes.transaction, `the ${what} transaction failed: ${pending.error ?? "unknown error"} (kept; \`hushlog retry ${pending.id}\` sends it again)`);
  }
  return pending;
}

export async function hello(ctx: CommandContext): Promise<void> {
  const peer = parseAddress(ctx.args[0]!);
  const note = ctx.flags.note as string | undefined;
  await withClient(ctx, {}, async ({ client, account }) => {
    if (isAddressEqual(peer, account)) throw badInput("that is your own address");
    const { handshakeId, mode, conversationId } = await client.startConversation(peer, note === undefined ? undefined : { note, message: note });
    const pending = await assertBroadcast(client, (p) => p.id === handshakeId, "handshake");
    if (ctx.json) return ctx.io.out(jsonLine({ type: "hello", mode, handshakeId, peer, txHash: pending?.txHash ?? null, conversationId }));
    ctx.io.out(`Handshake sent to ${peer}${pending?.txHash ? ` (tx ${pending.txHash})` : ""}.`);
    if (mode === "prekey") {
      // The peer published prekeys: the conversation exists now, and the note went as an encrypted first message.
      ctx.io.out(`The conversation is open (${conversationId}); ${note === undefined ? "you can" : "your note was sent encrypted, and you can"} \`hushlog send\` right away.`);
    } else {
      ctx.io.out("The conversation starts once they accept and you `hushlog sync`.");
    }
  });
}

/** A request by its full id (`<txHash>:<logIndex>`), a unique prefix of it, or the asking account's address. */
async function findRequest(client: HushlogClient, text: string) {
  const all = await client.requests();
  if (isAddress(text, { strict: false })) {
    const from = all.filter((r) => r.status === "pending" && isAddressEqual(r.from, text));
    if (from.length === 1) return from[0]!;
    if (from.length > 1) throw badInput(`${text} has ${from.length} pending requests: name one by its id (see \`hushlog requests\`)`);
    throw notFound(`no pending request from ${text} (see \`hushlog requests\`)`);
  }
  const exact = all.find((r) => r.id.toLowerCase() === text.toLowerCase());
  if (exact) return exact;
  const matches = all.filter((r) => r.id.toLowerCase().startsWith(text.toLowerCase()));
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) throw badInput(`request id prefix "${text}" is ambiguous (${matches.length} requests match)`);
  throw notFound(`no handshake request "${text}" (see \`hushlog requests\`)`);
}

function checkRequestId(text: string): void {
  if (!/^0x[0-9a-fA-F]{1,64}(:\d+)?$/.test(text)) {
    throw badInput(`invalid request id "${text}": expected <txHash>:<logIndex> from \`hushlog requests\`, or the requester's address`);
  }
}

export async function accept(ctx: CommandContext): Promise<void> {
  checkRequestId(ctx.args[0]!);
  const note = ctx.flags.note as string | undefined;
  await withClient(ctx, {}, async ({ client }) => {
    const request = await findRequest(client, ctx.args[0]!);
    if (request.status !== "pending") throw new CliError(exitCodes.conflict, `request ${request.id} was already ${request.status}`);
    const { conversationId } = await client.acceptHandshake(request.id, note === undefined ? undefined : { note });
    // A prekey request is accepted locally (its session exists); an interactive one posts a response.
    const pending = request.kind === "prekey" ? undefined : await assertBroadcast(client, (p) => p.kind === "response" && p.itemIds.includes(request.id), "response");
    if (ctx.json) return ctx.io.out(jsonLine({ type: "accept", requestId: request.id, peer: request.from, conversationId, txHash: pending?.txHash ?? null }));
    ctx.io.out(`Accepted ${request.from}: conversation ${conversationId}${pending?.txHash ? ` (tx ${pending.txHash})` : ""}.`);
  });
}

export async function decline(ctx: CommandContext): Promise<void> {
  checkRequestId(ctx.args[0]!);
  await withClient(ctx, { offline: true }, async ({ client }) => {
    const request = await findRequest(client, ctx.args[0]!);
    if (request.status !== "pending") throw new CliError(exitCodes.conflict, `request ${request.id} was already ${request.status}`);
    await client.declineHandshake(request.id);
    if (ctx.json) return ctx.io.out(jsonLine({ type: "decline", requestId: request.id, peer: request.from }));
    ctx.io.out(`Declined ${request.from} (nothing is sent; they are not told).`);
  });
}
