import { InvalidStoreInputError } from "../../errors/storeErrors.ts";
import type { IndexKey, Query, Row } from "./RecordTx.ts";

/** IndexedDB's (and SQLite's) order: numbers before strings, numbers numerically, strings by code unit. */
export function compareIndexKeys(a: IndexKey, b: IndexKey): number {
  if (typeof a !== typeof b) return typeof a === "number" ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The value a row sorts by under `query`, or `undefined` when the row does not match it. */
export function matchValue(row: Row, query: Query): IndexKey | undefined {
  if (query.index === undefined) return row.key;
  const value = row.index[query.index];
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) {
    if (query.equals === undefined) throw new InvalidStoreInputError("multi-value indexes support only equality queries");
    return value.some((v) => compareIndexKeys(v, query.equals!) === 0) ? query.equals : undefined;
  }
  const v = value as IndexKey;
  if (query.equals !== undefined) return compareIndexKeys(v, query.equals) === 0 ? v : undefined;
  if (query.lower !== undefined) {
    const c = compareIndexKeys(v, query.lower);
    if (c < 0 || (c === 0 && query.lowerOpen)) return undefined;
  }
  if (query.upper !== undefined) {
    const c = compareIndexKeys(v, query.upper);
    if (c > 0 || (c === 0 && query.upperOpen)) return undefined;
  }
  return v;
}

/** Evaluates a query over rows held in memory, with the same result order as the database backends. */
export function selectRows(rows: Iterable<Row>, query: Query = {}): Row[] {
  const matched: { row: Row; value: IndexKey }[] = [];
  for (const row of rows) {
    const value = matchValue(row, query);
    if (value !== undefined) matched.push({ row, value });
  }
  matched.sort((a, b) => compareIndexKeys(a.value, b.value) || compareIndexKeys(a.row.key, b.row.key));
  if (query.reverse) matched.reverse();
  const limited = query.limit === undefined ? matched : matched.slice(0, query.limit);
  return limited.map(({ row }) => row);
}
