import type { Backend } from "./Backend.ts";
import type { CacheStore } from "./CacheStore.ts";
import type { ContactStore } from "./ContactStore.ts";
import type { CursorStore } from "./CursorStore.ts";
import type { HandshakeRequestStore } from "./HandshakeRequestStore.ts";
import type { MessageStore } from "./MessageStore.ts";
import type { PendingHandshakeStore } from "./PendingHandshakeStore.ts";
import type { PendingStore } from "./PendingStore.ts";
import type { SessionStore } from "./SessionStore.ts";

/**
 * Everything a Hushlog client persists, for one account, behind both faces: the Verbeth-style stores as
 * properties and the WhatsApp-style `Backend` methods flat on the object. Both faces read and write the same
 * records (a session saved through `sessions.save` is what `getSession(peer)` returns).
 */
export interface HushlogStore extends Backend {
  sessions: SessionStore;
  pending: PendingStore;
  pendingHandshakes: PendingHandshakeStore;
  requests: HandshakeRequestStore;
  messages: MessageStore;
  cursors: CursorStore;
  contacts: ContactStore;
  /** Best effort: its failures are swallowed (a failed read is a miss), never thrown. */
  cache: CacheStore;
  /**
   * Runs `fn` atomically: everything it does through `tx` commits together, or nothing does when it throws
   * (the error is rethrown). Calls on this outer store made meanwhile wait until the transaction ends.
   *
   * Inside `fn`, use only `tx` and await only `tx`'s operations. The IndexedDB backend commits a transaction by
   * itself as soon as `fn` awaits anything else (a fetch, a timer, a signature); Hushlog then throws
   * `TransactionMisuseError` and writes nothing of it. Awaiting this outer store from inside `fn` can never work:
   * the call waits for the transaction, which waits for the call (the SQLite backend detects this and throws
   * `TransactionMisuseError`; IndexedDB commits early as above; the memory backend waits forever). A nested
   * `tx.transaction(g)` joins the enclosing transaction: an error `fn` catches from it does not undo `g`'s writes.
   */
  transaction<T>(fn: (tx: HushlogStore) => Promise<T>): Promise<T>;
  /** Waits for running operations, closes, and wipes the keys it holds. Later calls throw `StoreClosedError`. */
  close(): Promise<void>;
}
