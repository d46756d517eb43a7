import { bytesToHex } from "viem";
import type { DeviceStore, SnapshotInfo } from "../DeviceStore.ts";
import type { FaceContext } from "./FaceContext.ts";
import { recordTable } from "./recordTable.ts";
import type { RecordTx } from "./RecordTx.ts";
import { tableNames, type TableName } from "./storeTables.ts";

type DeviceRecord = { id: number; data: Uint8Array | null };
type SnapshotRecord = { name: string; createdAt: number; extra: Uint8Array | null; rows: [table: string, key: string, value: Uint8Array][] };

const devices = recordTable<DeviceRecord>("devices", (d) => ({ id: d.id }));
const snapshots = recordTable<SnapshotRecord>("snapshots");

// The cache is recomputable and a snapshot must not contain snapshots.
const snapshotTables = tableNames.filter((t): t is TableName => t !== "snapshots" && t !== "cache");

/** The local device (this account's own identity bytes) and debugging snapshots. */
export function createDeviceMethods({ run, now, random }: FaceContext): DeviceStore {
  const current = async (tx: RecordTx) => (await devices.records(tx, { index: "id", reverse: true, limit: 1 }))[0] ?? null;
  return {
    save: (data) =>
      run("rw", async (tx) => {
        const id = (await current(tx))?.id ?? 1;
        await devices.put(tx, String(id), { id, data });
      }),
    load: () => run("r", async (tx) => (await current(tx))?.data ?? null),
    exists: () => run("r", async (tx) => ((await current(tx))?.data ?? null) !== null),
    create: () =>
      run("rw", async (tx) => {
        const id = ((await current(tx))?.id ?? 0) + 1;
        await devices.put(tx, String(id), { id, data: null });
        return id;
      }),
    snapshot: (name, extra) =>
      run("rw", async (tx) => {
        const rows: SnapshotRecord["rows"] = [];
        for (const table of snapshotTables) {
          for (const { key, value } of await tx.query(table)) rows.push([table, key, value]);
        }
        const createdAt = now();
        // Time first so snapshots list in order; random suffix so equal names and times never overwrite.
        const key = `${String(createdAt).padStart(16, "0")}/${bytesToHex(random(8))}`;
        await snapshots.put(tx, key, { name, createdAt, extra: extra ?? null, rows });
      }),
    listSnapshots: () =>
      run("r", async (tx) =>
        (await snapshots.records(tx)).map(
          ({ name, createdAt, extra, rows }): SnapshotInfo => ({ name, createdAt, extra, recordCount: rows.length }),
        ),
      ),
  };
}
