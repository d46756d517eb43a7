import type { PrekeyEntry, SignalStore } from "../SignalStore.ts";
import type { FaceContext } from "./FaceContext.ts";
import { idKey } from "./recordKeys.ts";
import { recordTable } from "./recordTable.ts";

type PrekeyRecord = { id: number; record: Uint8Array; uploaded: boolean };
type SignedPrekeyRecord = { id: number; record: Uint8Array };

const prekeys = recordTable<PrekeyRecord>("prekeys", (p) => ({ id: p.id, unuploaded: p.uploaded ? null : 1 }));
const signedPrekeys = recordTable<SignedPrekeyRecord>("signedPrekeys", (p) => ({ id: p.id }));

type PrekeyMethods = Pick<
  SignalStore,
  | "storePrekey"
  | "storePrekeysBatch"
  | "loadPrekey"
  | "loadPrekeysBatch"
  | "removePrekey"
  | "takePrekey"
  | "getMaxPrekeyId"
  | "loadUnuploadedPrekeys"
  | "markPrekeysUploaded"
  | "storeSignedPrekey"
  | "loadSignedPrekey"
  | "loadAllSignedPrekeys"
  | "removeSignedPrekey"
>;

const oneTime = "prekey id";
const signed = "signed prekey id";

/** One-time prekeys (consumed by an atomic take) and signed prekeys. */
export function createPrekeyMethods({ run }: FaceContext): PrekeyMethods {
  const entry = (p: { id: number; record: Uint8Array }): PrekeyEntry => [p.id, p.record];
  return {
    storePrekey: (id, record, uploaded) => run("rw", (tx) => prekeys.put(tx, idKey(id, oneTime), { id, record, uploaded })),
    storePrekeysBatch: (keys, uploaded) =>
      run("rw", (tx) => prekeys.putMany(tx, keys.map(([id, record]) => [idKey(id, oneTime), { id, record, uploaded }] as const))),
    loadPrekey: (id) => run("r", async (tx) => (await prekeys.get(tx, idKey(id, oneTime)))?.record ?? null),
    loadPrekeysBatch: (ids) =>
      run("r", async (tx) => {
        const found = await prekeys.getMany(tx, ids.map((id) => idKey(id, oneTime)));
        return ids.flatMap((id) => {
          const p = found.get(String(id));
          return p ? [entry(p)] : [];
        });
      }),
    removePrekey: (id) => run("rw", async (tx) => void (await prekeys.delete(tx, [idKey(id, oneTime)]))),
    takePrekey: (id) =>
      run("rw", async (tx) => {
        const key = idKey(id, oneTime);
        const p = await prekeys.get(tx, key);
        if (p) await prekeys.delete(tx, [key]);
        return p?.record ?? null;
      }),
    getMaxPrekeyId: () => run("r", async (tx) => (await prekeys.records(tx, { index: "id", reverse: true, limit: 1 }))[0]?.id ?? 0),
    loadUnuploadedPrekeys: () =>
      run("r", async (tx) => (await prekeys.records(tx, { index: "unuploaded", equals: 1 })).sort((a, b) => a.id - b.id).map(entry)),
    markPrekeysUploaded: (ids) =>
      run("rw", async (tx) => {
        const found = await prekeys.getMany(tx, ids.map((id) => idKey(id, oneTime)));
        await prekeys.putMany(tx, [...found].map(([key, p]) => [key, { ...p, uploaded: true }] as const));
      }),

    storeSignedPrekey: (id, record) => run("rw", (tx) => signedPrekeys.put(tx, idKey(id, signed), { id, record })),
    loadSignedPrekey: (id) => run("r", async (tx) => (await signedPrekeys.get(tx, idKey(id, signed)))?.record ?? null),
    loadAllSignedPrekeys: () => run("r", async (tx) => (await signedPrekeys.records(tx, { index: "id" })).map(entry)),
    removeSignedPrekey: (id) => run("rw", async (tx) => void (await signedPrekeys.delete(tx, [idKey(id, signed)]))),
  };
}
