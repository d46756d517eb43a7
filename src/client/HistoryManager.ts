import { bytesToHex, getAddress, hexToBytes, isAddressEqual, type Address, type Hex } from "viem";
import { ConversationNotFoundError } from "../errors/clientErrors.ts";
import {
  HistoryAccountMismatchError,
  HistoryExporterNotListedError,
  HistoryInvalidError,
  HistoryOnlyConversationError,
  HistoryReplayError,
  HistoryTargetNotListedError,
} from "../errors/historyErrors.ts";
import { openHistoryTransfer } from "../history/openHistoryTransfer.ts";
import { sealHistoryTransfer } from "../history/sealHistoryTransfer.ts";
import { deviceCode } from "../identity/deviceCode.ts";
import type { KeyBinding } from "../identity/KeyBinding.ts";
import type { MessageRecord } from "../store/MessageStore.ts";
import type { HistoryConversation, HistoryMessage, HistoryMessageStatus } from "../wire/historyTransferCodec.ts";
import type { ClientContext } from "./ClientContext.ts";
import type { MessageView } from "./ClientEvents.ts";
import { historyMarks, lastImport } from "./historyMarks.ts";
import { mergeHistory } from "./mergeHistory.ts";
import { toView } from "./receiveMessages.ts";

/** What an export made: the file for the target device and what it holds. */
export type HistoryExportResult = {
  file: Uint8Array;
  /** The target device's code. */
  to: string;
  conversations: number;
  messages: number;
  /** Messages left out because they are still in flight here (submitted, included...): export again once settled. */
  inFlight: number;
};

/** What an import changed: nothing at all when it throws. */
export type HistoryImportResult = {
  /** The exporting device's code. */
  from: string;
  conversations: number;
  /** Messages added (new to this device). */
  messages: number;
  /** Messages this device had as unread that the transfer says were read. */
  markedRead: number;
  /** Messages this device already had, kept as they were (importing twice adds nothing). */
  unchanged: number;
  nicknames: number;
};

/**
 * A conversation this device holds as imported history only: no session with the peer here (ratchet state never
 * moves between devices), so it reads but cannot send; `livesOn` names the devices that hold the session.
 */
export type HistoryConversationView = {
  conversationId: Hex;
  peer: Address;
  status: "history";
  livesOn: string[];
  unread: number;
  lastMessage: MessageView | null;
};

const settled = new Set<string>(["received", "confirmed", "final"]);

/** Exports and imports message history between devices of one account (docs/protocol.md, "Devices"). */
export class HistoryManager {
  private readonly ctx: ClientContext;

  constructor(ctx: ClientContext) {
    this.ctx = ctx;
  }

  /** The caller has synced: the directory holds the chain's current binding for our account. */
  async export(to: string): Promise<HistoryExportResult> {
    const { ctx } = this;
    const binding = await this.currentBinding();
    const code = normalizeCode(to);
    const own = ctx.identity.ed25519.publicKey;
    const target = binding?.devices.find((d) => deviceCode(d.ed25519) === code);
    if (!target) throw new HistoryTargetNotListedError(code, "not-listed");
    if (equalKey(target.ed25519, own)) throw new HistoryTargetNotListedError(code, "self");
    const ownKey = toHex(own);
    const conversations: HistoryConversation[] = [];
    let messages = 0;
    let inFlight = 0;
    const add = async (peer: Address, conversationId: Hex, holders: Hex[]) => {
      const records = await ctx.store.messages.list(conversationId);
      const moving = records.filter((m) => settled.has(m.status)).map(toHistoryMessage);
      inFlight += records.length - moving.length;
      messages += moving.length;
      conversations.push({ peer, holders, messages: moving });
    };
    const withSession = new Set<string>();
    for (const { record, state } of await ctx.sessions.all()) {
      if (state.status === "request") continue;
      withSession.add(record.conversationId.toLowerCase());
      await add(record.peer, record.conversationId, [ownKey]);
    }
    // History this device imported itself travels on, still naming the devices that hold its sessions.
    for (const mark of await historyMarks(ctx.store)) {
      if (!withSession.has(mark.conversationId.toLowerCase())) await add(mark.peer, mark.conversationId, mark.holders);
    }
    const nicknames = (await ctx.store.getAllAliasMappings())
      .filter((e) => e.source === "nickname")
      .map((e) => ({ alias: e.alias, address: getAddress(e.address), createdAt: e.createdAt, updatedAt: e.updatedAt }));
    const transfer = { chainId: ctx.chainId, contract: ctx.contract, account: ctx.identity.account, exportedAt: ctx.now(), conversations, nicknames };
    const file = await sealHistoryTransfer(transfer, ctx.identity, hexToBytes(target.x25519));
    return { file, to: code, conversations: conversations.length, messages, inFlight };
  }

  /** The caller has synced. Checks everything before writing; then writes it all in one store transaction. */
  async import(file: Uint8Array): Promise<HistoryImportResult> {
    const { ctx } = this;
    const { exporter, transfer } = await openHistoryTransfer(file, ctx.identity);
    const from = deviceCode(exporter);
    const binding = await this.currentBinding();
    if (!binding?.devices.some((d) => equalKey(d.ed25519, hexToBytes(exporter)))) throw new HistoryExporterNotListedError(from);
    if (!isAddressEqual(transfer.account, ctx.identity.account)) throw new HistoryAccountMismatchError("account");
    if (transfer.chainId !== ctx.chainId) throw new HistoryAccountMismatchError("chain");
    if (!isAddressEqual(transfer.contract, ctx.contract)) throw new HistoryAccountMismatchError("contract");
    const last = await lastImport(ctx.store, exporter);
    if (last !== null && transfer.exportedAt <= last) throw new HistoryReplayError(from);
    const counts = await mergeHistory(ctx, transfer, exporter);
    return { from, conversations: transfer.conversations.length, ...counts };
  }

  /** Imported conversations this device has no session for. */
  async list(): Promise<HistoryConversationView[]> {
    const views: HistoryConversationView[] = [];
    for (const mark of await this.historyOnly()) {
      const [last] = await this.ctx.store.messages.list(mark.conversationId, { limit: 1 });
      views.push({
        conversationId: mark.conversationId,
        peer: mark.peer,
        status: "history",
        livesOn: mark.holders.map(deviceCode),
        unread: await this.ctx.store.messages.unreadCount(mark.conversationId),
        lastMessage: last ? toView(last) : null,
      });
    }
    return views;
  }

  /** A send to a history-only conversation fails with what is true (it lives on another device), not "not found". */
  async explain(error: unknown, conversationIds: readonly Hex[]): Promise<unknown> {
    if (!(error instanceof ConversationNotFoundError)) return error;
    const ids = new Set(conversationIds.map((id) => id.toLowerCase()));
    const mark = (await this.historyOnly()).find((m) => ids.has(m.conversationId.toLowerCase()));
    return mark ? new HistoryOnlyConversationError(mark.holders.map(deviceCode)) : error;
  }

  private async historyOnly() {
    const marks = await historyMarks(this.ctx.store);
    const only = [];
    for (const mark of marks) {
      const entry = await this.ctx.sessions.get(mark.conversationId);
      if (!entry || entry.state.status === "request") only.push(mark);
    }
    return only;
  }

  /** The chain's current binding for our account: the device list both sides are checked against. */
  private async currentBinding(): Promise<KeyBinding | null> {
    return (await this.ctx.directory.current(this.ctx.identity.account))?.binding ?? null;
  }
}

function toHistoryMessage(m: MessageRecord): HistoryMessage {
  const { id, direction, body, read, createdAt, timestamp, txHash, blockNumber, blockHash, logIndex } = m;
  return { id, direction, status: m.status as HistoryMessageStatus, body, read, createdAt, timestamp, txHash, blockNumber, blockHash, logIndex };
}

/** `7k2q9xmb`, `7K2Q-9XMB` and ` 7k2q-9xmb ` name one device. */
export function normalizeCode(code: string): string {
  const bare = code.trim().toUpperCase().replace(/[-\s]/g, "");
  return bare.length === 8 ? `${bare.slice(0, 4)}-${bare.slice(4)}` : code.trim().toUpperCase();
}

function equalKey(hex: Hex, bytes: Uint8Array): boolean {
  return hex.toLowerCase() === toHex(bytes);
}

const toHex = (bytes: Uint8Array): Hex => bytesToHex(bytes).toLowerCase() as Hex;
