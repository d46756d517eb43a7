import type { ContactRecord, ContactStore } from "../ContactStore.ts";
import type { FaceContext } from "./FaceContext.ts";
import { normalizeId } from "./recordKeys.ts";
import { recordTable } from "./recordTable.ts";

const contacts = recordTable<ContactRecord>("contacts", (c) => ({ blocked: c.blocked ? 1 : 0 }));

export function createContactStore({ run }: FaceContext): ContactStore {
  return {
    get: (account) => run("r", (tx) => contacts.get(tx, normalizeId(account))),
    put: ({ account, blocked, updatedAt, muted, mutedAt, readThrough }) =>
      run("rw", (tx) => contacts.put(tx, normalizeId(account), { account, blocked, updatedAt, muted, mutedAt, readThrough })),
    list: (options = {}) =>
      run("r", (tx) => contacts.records(tx, options.blocked === undefined ? undefined : { index: "blocked", equals: options.blocked ? 1 : 0 })),
  };
}
