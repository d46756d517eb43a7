import type { Hex } from "viem";
import type { AppStateSyncKey, AppSyncStore, HashState } from "../AppSyncStore.ts";
import type { FaceContext } from "./FaceContext.ts";
import { bytesKey, checkId, compositeKey } from "./recordKeys.ts";
import { recordTable } from "./recordTable.ts";

/** `seq` orders keys set with equal timestamps: the later `setSyncKey` wins. */
type SyncKeyRecord = AppStateSyncKey & { keyId: Uint8Array; seq: number };
type MutationMacRecord = { version: number; valueMac: Uint8Array };

const syncKeys = recordTable<SyncKeyRecord>("syncKeys");
const appVersions = recordTable<HashState>("appVersions");
const mutationMacs = recordTable<MutationMacRecord>("mutationMacs");

const macKey = (name: string, indexMac: Uint8Array) => compositeKey(name, bytesKey(indexMac));

export function createAppSyncMethods({ run }: FaceContext): AppSyncStore {
  return {
    getSyncKey: (keyId) =>
      run("r", async (tx) => {
        const stored = await syncKeys.get(tx, bytesKey(keyId));
        return stored ? { keyData: stored.keyData, fingerprint: stored.fingerprint, timestamp: stored.timestamp } : null;
      }),
    setSyncKey: (keyId, key) =>
      run("rw", async (tx) => {
        // Sync keys are few (one per rotation), so reading them all to number this one is cheap.
        const seq = Math.max(0, ...(await syncKeys.records(tx)).map((k) => k.seq)) + 1;
        const { keyData, fingerprint, timestamp } = key;
        await syncKeys.put(tx, bytesKey(keyId), { keyId, keyData, fingerprint, timestamp, seq });
      }),
    getLatestSyncKeyId: () =>
      run("r", async (tx) => {
        let latest: SyncKeyRecord | null = null;
        for (const k of await syncKeys.records(tx)) {
          if (!latest || k.timestamp > latest.timestamp || (k.timestamp === latest.timestamp && k.seq > latest.seq)) latest = k;
        }
        return latest?.keyId ?? null;
      }),
    getVersion: (name) => run("r", async (tx) => (await appVersions.get(tx, name)) ?? { version: 0, hash: new Uint8Array(0) }),
    setVersion: (name, state) =>
      run("rw", (tx) => appVersions.put(tx, name, { version: checkId(state.version, "version"), hash: state.hash })),
    putMutationMacs: (name, version, mutations) =>
      run("rw", (tx) =>
        mutationMacs.putMany(
          tx,
          mutations.map((m) => [macKey(name, m.indexMac), { version: checkId(version, "version"), valueMac: m.valueMac }] as const),
        ),
      ),
    getMutationMac: (name, indexMac) => run("r", async (tx) => (await mutationMacs.get(tx, macKey(name, indexMac)))?.valueMac ?? null),
    getMutationMacs: (name, indexMacs) =>
      run("r", async (tx) => {
        const ids = indexMacs.map((indexMac) => bytesKey(indexMac));
        const found = await mutationMacs.getMany(tx, ids.map((id) => compositeKey(name, id)));
        const result = new Map<Hex, Uint8Array>();
        for (const id of ids) {
          const mac = found.get(compositeKey(name, id));
          if (mac) result.set(id, mac.valueMac);
        }
        return result;
      }),
    deleteMutationMacs: (name, indexMacs) =>
      run("rw", async (tx) => void (await mutationMacs.delete(tx, indexMacs.map((indexMac) => macKey(name, indexMac))))),
  };
}
