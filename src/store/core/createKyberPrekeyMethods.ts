import { PrekeyReusedError, StoreNotFoundError } from "../../errors/storeErrors.ts";
import type { SignalStore } from "../SignalStore.ts";
import type { FaceContext } from "./FaceContext.ts";
import { bytesKey, checkId, idKey } from "./recordKeys.ts";
import { recordTable } from "./recordTable.ts";

type KyberPrekeyRecord = { id: number; record: Uint8Array; lastResort: boolean };
/** A trace of a use: a used one-time key (its record is gone), or a (key, signed prekey, base key) triple. */
type KyberUse = { kyberId: number };

const kyberPrekeys = recordTable<KyberPrekeyRecord>("kyberPrekeys");
const kyberUses = recordTable<KyberUse>("kyberUses", (use) => ({ kyberId: use.kyberId }));

const what = "Kyber prekey";
const usedKey = (id: number) => `used/${id}`;
const tripleKey = (id: number, signedPrekeyId: number, baseKey: Uint8Array) => `triple/${id}/${checkId(signedPrekeyId, "signed prekey id")}/${bytesKey(baseKey)}`;

type KyberMethods = Pick<SignalStore, "storeKyberPrekey" | "loadKyberPrekey" | "markKyberPrekeyUsed" | "removeKyberPrekey">;

/** ML-KEM prekeys: one-time ones are consumed on use, last-resort ones refuse a replayed (key, base key) pair. */
export function createKyberPrekeyMethods({ run }: FaceContext): KyberMethods {
  return {
    storeKyberPrekey: (id, record, options = {}) =>
      run("rw", async (tx) => {
        await kyberPrekeys.put(tx, idKey(id, what), { id, record, lastResort: options.lastResort ?? false });
        // A new key stored under an id whose one-time key was used is a different key: its use is not a reuse.
        await kyberUses.delete(tx, [usedKey(id)]);
      }),
    loadKyberPrekey: (id) => run("r", async (tx) => (await kyberPrekeys.get(tx, idKey(id, what)))?.record ?? null),
    markKyberPrekeyUsed: (id, signedPrekeyId, baseKey) =>
      run("rw", async (tx) => {
        const stored = await kyberPrekeys.get(tx, idKey(id, what));
        if (!stored) {
          if (await kyberUses.get(tx, usedKey(id))) throw new PrekeyReusedError({ kind: "One-time Kyber prekey", id });
          throw new StoreNotFoundError({ what, id: String(id) });
        }
        if (!stored.lastResort) {
          await kyberPrekeys.delete(tx, [idKey(id, what)]);
          await kyberUses.put(tx, usedKey(id), { kyberId: id });
          return;
        }
        const triple = tripleKey(id, signedPrekeyId, baseKey);
        if (await kyberUses.get(tx, triple)) throw new PrekeyReusedError({ kind: "Last-resort Kyber prekey (same base key)", id });
        await kyberUses.put(tx, triple, { kyberId: id });
      }),
    removeKyberPrekey: (id) =>
      run("rw", async (tx) => {
        await kyberPrekeys.delete(tx, [idKey(id, what)]);
        await kyberUses.deleteWhere(tx, { index: "kyberId", equals: id });
      }),
  };
}
