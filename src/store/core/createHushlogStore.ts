import { systemRandom, type RandomSource } from "../../crypto/random.ts";
import { TransactionMisuseError } from "../../errors/storeErrors.ts";
import type { HushlogStore } from "../HushlogStore.ts";
import { createAppSyncMethods } from "./createAppSyncMethods.ts";
import { createBestEffortCache } from "./createBestEffortCache.ts";
import { createCacheStore } from "./createCacheStore.ts";
import { createContactStore } from "./createContactStore.ts";
import { createCursorStore } from "./createCursorStore.ts";
import { createDeviceMethods } from "./createDeviceMethods.ts";
import { createHandshakeRequestStore } from "./createHandshakeRequestStore.ts";
import { createIdentityMethods } from "./createIdentityMethods.ts";
import { createKyberPrekeyMethods } from "./createKyberPrekeyMethods.ts";
import { createMessageStore } from "./createMessageStore.ts";
import { createMsgSecretMethods } from "./createMsgSecretMethods.ts";
import { createPendingHandshakeStore } from "./createPendingHandshakeStore.ts";
import { createPendingStore } from "./createPendingStore.ts";
import { createPrekeyMethods } from "./createPrekeyMethods.ts";
import { createProtocolMethods } from "./createProtocolMethods.ts";
import { createSenderKeyMethods } from "./createSenderKeyMethods.ts";
import { createSessionMethods } from "./createSessionMethods.ts";
import type { FaceContext, Run } from "./FaceContext.ts";
import type { RecordTx, StoreEngine } from "./RecordTx.ts";

export type HushlogStoreParts = {
  clock?: () => number;
  random?: RandomSource;
  onCacheError?: (error: unknown) => void;
};

/** Both faces over one engine: every method is one atomic unit of the engine, `transaction` groups several. */
export function createHushlogStore(engine: StoreEngine, parts: HushlogStoreParts = {}): HushlogStore {
  const now = parts.clock ?? Date.now;
  const random = parts.random ?? systemRandom;
  const assemble = (run: Run, transaction: HushlogStore["transaction"], close: HushlogStore["close"]): HushlogStore => {
    const context: FaceContext = { run, now, random };
    return {
      ...createSessionMethods(context),
      ...createIdentityMethods(context),
      ...createPrekeyMethods(context),
      ...createKyberPrekeyMethods(context),
      ...createSenderKeyMethods(context),
      ...createAppSyncMethods(context),
      ...createProtocolMethods(context),
      ...createMsgSecretMethods(context),
      ...createDeviceMethods(context),
      pending: createPendingStore(context),
      pendingHandshakes: createPendingHandshakeStore(context),
      requests: createHandshakeRequestStore(context),
      messages: createMessageStore(context),
      cursors: createCursorStore(context),
      contacts: createContactStore(context),
      cache: createBestEffortCache(createCacheStore(context), parts.onCacheError),
      transaction,
      close,
    };
  };

  const transaction: HushlogStore["transaction"] = (fn) =>
    engine.run("rw", async (recordTx) => {
      const scope = new TransactionScope(recordTx);
      const txStore: HushlogStore = assemble(
        scope.run,
        (inner) => scope.nested(() => inner(txStore)),
        () => Promise.reject(new TransactionMisuseError("close() called on a transaction-bound store")),
      );
      try {
        return await fn(txStore);
      } finally {
        // Nothing may touch the transaction once it commits or rolls back: end it, then let a straggling
        // operation (one `fn` did not await) finish before the engine decides.
        await scope.end();
      }
    });

  return assemble((mode, fn) => engine.run(mode, fn), transaction, () => engine.close());
}

/**
 * The operations of one transaction, run one at a time (so a read-modify-write such as `takeSentMessage` stays
 * atomic even when `fn` starts several without awaiting each), and refused once the transaction has ended.
 */
class TransactionScope {
  readonly #tx: RecordTx;
  #active = true;
  #tail: Promise<unknown> = Promise.resolve();

  constructor(tx: RecordTx) {
    this.#tx = tx;
  }

  readonly run: Run = (_mode, fn) => {
    if (!this.#active) return Promise.reject(ended());
    const result = this.#tail.then(() => {
      if (!this.#active) throw ended();
      return fn(this.#tx);
    });
    this.#tail = result.catch(() => undefined);
    return result;
  };

  /** A nested transaction joins this one: its operations queue behind the ones already started. */
  nested<T>(fn: () => Promise<T>): Promise<T> {
    if (!this.#active) return Promise.reject(ended());
    return fn();
  }

  async end(): Promise<void> {
    this.#active = false;
    await this.#tail;
  }
}

const ended = () => new TransactionMisuseError("the transaction-bound store was used after its transaction ended");
