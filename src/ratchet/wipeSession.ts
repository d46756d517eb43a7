import { wipe } from "../crypto/bytes.ts";
import type { RatchetSession } from "./RatchetSession.ts";

/**
 * Zeroes every secret reachable from `session`. Successive sessions share unchanged byte arrays, so call this
 * only on a session that is being discarded for good together with all its predecessors (a deleted
 * conversation, a closed client), never on one superseded by a newer state still in use.
 */
export function wipeSession(session: RatchetSession): void {
  wipe(session.rootKey, session.ourRatchetKey?.secretKey, session.sending?.headerKey, session.next?.headerKey, ...(session.sending?.chainKeys ?? []));
  for (const chain of session.receiving) wipe(chain.headerKey, ...chain.chainKeys);
  for (const key of session.skipped) wipe(key.messageKey);
}
