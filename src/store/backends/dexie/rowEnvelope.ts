import { StoreCorruptError } from "../../../errors/storeErrors.ts";
import { decodeRecord, encodeRecord } from "../../core/recordCodec.ts";
import type { IndexValues, Row } from "../../core/RecordTx.ts";

/**
 * What a row's sealed blob holds besides the record: its real key and index values. IndexedDB sees only their
 * blind tags, so the store reads them back from here to return keys, to confirm an index match, and to order or
 * range-filter rows in memory (`selectRows`) after decryption.
 */
type Envelope = { k: string; i: IndexValues; v: Uint8Array };

export function encodeRowEnvelope(row: Row): Uint8Array {
  return encodeRecord({ k: row.key, i: row.index, v: row.value } satisfies Envelope);
}

export function decodeRowEnvelope(table: string, bytes: Uint8Array): Row {
  const envelope = decodeRecord<Envelope>(bytes);
  if (typeof envelope?.k !== "string" || !(envelope.v instanceof Uint8Array) || typeof envelope.i !== "object" || envelope.i === null) {
    throw new StoreCorruptError(`a ${table} record is not a row envelope`);
  }
  return { key: envelope.k, value: envelope.v, index: envelope.i };
}
