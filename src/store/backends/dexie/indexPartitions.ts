import type { IndexKey, Query } from "../../core/RecordTx.ts";
import type { TableName } from "../../core/storeTables.ts";

/**
 * Ordered indexes whose range queries always stay inside one group: the group is the value up to the first
 * separator. IndexedDB holds the blind tag of the group (the messages' conversation), the store orders a
 * group's rows in memory after decryption, so paging a conversation reads that conversation, not every message.
 * Any other range or ordered query reads the account's rows of the table (a prefix scan of blind primary keys).
 */
const partitions: { readonly [T in TableName]?: { readonly [index: string]: string } } = {
  // createMessageStore's order value: `<conversation id>/<position>/<message id>`.
  messages: { order: "/" },
};

/** The value whose blind tag IndexedDB keeps for `value` in `table`'s `index`: its group, or itself. */
export function storedIndexValue(table: TableName, index: string, value: IndexKey): IndexKey {
  const separator = partitions[table]?.[index];
  if (separator === undefined || typeof value !== "string") return value;
  const at = value.indexOf(separator);
  return at < 0 ? value : value.slice(0, at);
}

/**
 * The stored value an equality look-up can find every row of `query` with, or `undefined` when the query needs the
 * account's whole table: an ordered or range query on an index without groups, or one whose bounds leave a group.
 */
export function lookupValue(table: TableName, query: Query): IndexKey | undefined {
  if (query.index === undefined) return undefined;
  if (query.equals !== undefined) return storedIndexValue(table, query.index, query.equals);
  const separator = partitions[table]?.[query.index];
  const { lower, upper } = query;
  if (separator === undefined || typeof lower !== "string" || typeof upper !== "string") return undefined;
  const at = lower.indexOf(separator);
  if (at < 0) return undefined;
  const group = lower.slice(0, at);
  // Every string from `<group>/` up to (not including) `<group>0` starts with `<group>/`: it is in the group.
  const end = group + String.fromCharCode(separator.charCodeAt(0) + 1);
  const inside = upper < end || (upper === end && query.upperOpen === true);
  return inside && separator.length === 1 ? group : undefined;
}
