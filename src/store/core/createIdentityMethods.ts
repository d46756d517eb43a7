import { constantTimeEqual } from "../../crypto/bytes.ts";
import type { SignalStore } from "../SignalStore.ts";
import type { FaceContext } from "./FaceContext.ts";
import { normalizeId } from "./recordKeys.ts";
import { recordTable } from "./recordTable.ts";

type IdentityRecord = { key: Uint8Array };
const identities = recordTable<IdentityRecord>("identities");

type IdentityMethods = Pick<SignalStore, "putIdentity" | "loadIdentity" | "deleteIdentity" | "saveIdentity" | "isTrustedIdentity">;

/** Peers' identity keys with trust on first use: the first key seen is trusted, a different one is reported. */
export function createIdentityMethods({ run }: FaceContext): IdentityMethods {
  return {
    putIdentity: (address, key) => run("rw", (tx) => identities.put(tx, normalizeId(address), { key })),
    loadIdentity: (address) => run("r", async (tx) => (await identities.get(tx, normalizeId(address)))?.key ?? null),
    deleteIdentity: (address) => run("rw", async (tx) => void (await identities.delete(tx, [normalizeId(address)]))),
    saveIdentity: (address, key) =>
      run("rw", async (tx) => {
        const stored = await identities.get(tx, normalizeId(address));
        if (stored && constantTimeEqual(stored.key, key)) return false;
        await identities.put(tx, normalizeId(address), { key });
        return stored !== null;
      }),
    // Both directions follow the same rule (as libsignal's own stores do): unknown or unchanged is trusted.
    isTrustedIdentity: (address, key) =>
      run("r", async (tx) => {
        const stored = await identities.get(tx, normalizeId(address));
        return stored === null || constantTimeEqual(stored.key, key);
      }),
  };
}
