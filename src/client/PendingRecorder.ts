import type { Hex } from "viem";
import type { MessageStatus } from "../store/MessageStore.ts";
import type { PendingRecord, PendingStatus, PendingUpdate } from "../store/PendingStore.ts";
import type { ClientContext } from "./ClientContext.ts";

type StatusChange = { id: Hex; conversationId: Hex; status: MessageStatus };

/**
 * Writes the pending lifecycle's transitions: the record, and in the SAME store transaction the statuses of the
 * messages it carries (or the block of the handshake it carries), then emits `status` and `pending` events once
 * that committed, so listeners never see a state the store does not have. The decisions are PendingManager's.
 */
export class PendingRecorder {
  private readonly ctx: ClientContext;
  private readonly afterIncluded: ((record: PendingRecord) => Promise<void>) | null;

  constructor(ctx: ClientContext, afterIncluded: ((record: PendingRecord) => Promise<void>) | null) {
    this.ctx = ctx;
    this.afterIncluded = afterIncluded;
  }

  async transition(record: PendingRecord, status: PendingStatus, update: PendingUpdate, timestamp?: number | null): Promise<PendingRecord> {
    const changes = await this.ctx.store.transaction(async (tx) => {
      await tx.pending.updateStatus(record.id, status, update);
      return this.updateItems(tx, record, messageStatusFor(status), {
        txHash: update.txHash ?? record.txHash,
        blockNumber: update.blockNumber === undefined ? record.blockNumber : update.blockNumber,
        blockHash: update.blockHash === undefined ? record.blockHash : update.blockHash,
        timestamp: timestamp ?? null,
      });
    });
    const next = { ...record, ...update, status };
    this.emit(next, status, next, changes);
    if (status === "included" && this.afterIncluded) {
      await this.afterIncluded(next).catch((error) => this.ctx.emitter.emit("error", { error }));
    }
    return next;
  }

  /** Final: the record is deleted and its messages (or handshake) marked final, atomically. */
  async finalize(record: PendingRecord, blockNumber: bigint, blockHash: Hex, timestamp: number | null): Promise<void> {
    const changes = await this.ctx.store.transaction(async (tx) => {
      await tx.pending.delete(record.id);
      return this.updateItems(tx, record, "final", { blockNumber, blockHash, timestamp });
    });
    this.emit(record, "final", { txHash: record.txHash, error: null }, changes);
  }

  /** Messages follow their transaction; a handshake records the block that included it (responses need it). */
  private async updateItems(
    tx: ClientContext["store"],
    record: PendingRecord,
    status: MessageStatus | null,
    at: { txHash?: Hex | null; blockNumber: bigint | null; blockHash: Hex | null; timestamp: number | null },
  ): Promise<StatusChange[]> {
    if (record.kind === "handshake") {
      for (const id of record.itemIds) {
        const handshake = await tx.pendingHandshakes.get(id);
        if (!handshake) continue;
        const includedBlock = status === "included" || status === "confirmed" || status === "final" ? at.blockNumber : null;
        await tx.pendingHandshakes.save({ ...handshake, txHash: at.txHash ?? handshake.txHash, includedBlock });
      }
      return [];
    }
    const changes: StatusChange[] = [];
    if (record.kind !== "message" || status === null) return changes;
    for (const id of record.itemIds) {
      const message = await tx.messages.get(id);
      if (!message) continue;
      await tx.messages.update(id, {
        status,
        txHash: at.txHash ?? message.txHash,
        blockNumber: at.blockNumber,
        blockHash: at.blockHash,
        timestamp: at.timestamp ?? message.timestamp,
      });
      changes.push({ id: id as Hex, conversationId: message.conversationId, status });
    }
    return changes;
  }

  private emit(record: PendingRecord, status: PendingStatus | "final", at: { txHash: Hex | null; error: string | null }, changes: StatusChange[]): void {
    for (const change of changes) this.ctx.emitter.emit("status", change);
    this.ctx.emitter.emit("pending", {
      id: record.id,
      kind: record.kind,
      status,
      txHash: at.txHash,
      conversationIds: record.conversationIds,
      itemIds: record.itemIds,
      error: at.error,
    });
  }
}

function messageStatusFor(status: PendingStatus | "final"): MessageStatus | null {
  switch (status) {
    case "preparing":
    case "unknown":
    case "submitted":
    case "included":
    case "failed":
    case "reverted":
    case "dropped":
    case "reorged":
    case "confirmed":
    case "final":
      return status;
    case "replaced":
      return "submitted";
  }
}
