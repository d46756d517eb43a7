import { sha256 } from "../crypto/kdf.ts";
import type { OwnPrekey } from "../handshake/OwnPrekey.ts";
import type { SignalStore } from "../store/SignalStore.ts";
import { decodeKyberPrekeyRecord } from "../wire/kyberPrekeyRecordCodec.ts";
import { decodeSignedPrekeyRecord, type SignedPrekeyRecord } from "../wire/signedPrekeyRecordCodec.ts";

type PrekeyReader = Pick<SignalStore, "loadAllSignedPrekeys" | "loadKyberPrekey">;

/** Our signed prekey records, newest (highest id) first. */
export async function loadSignedPrekeyRecords(store: Pick<SignalStore, "loadAllSignedPrekeys">): Promise<SignedPrekeyRecord[]> {
  const entries = await store.loadAllSignedPrekeys();
  return entries.map(([, bytes]) => decodeSignedPrekeyRecord(bytes)).sort((a, b) => b.id - a.id);
}

/**
 * Every prekey we hold (the current one, and a superseded one during its grace period), newest first, with the
 * Kyber half of each. Scan with all of them: a handshake may use any bundle whose secrets still exist. A signed
 * prekey without its Kyber record cannot complete a handshake and is left out. Secret: wipe when done.
 */
export async function loadOwnPrekeys(store: PrekeyReader): Promise<OwnPrekey[]> {
  const out: OwnPrekey[] = [];
  for (const record of await loadSignedPrekeyRecords(store)) {
    const kyber = await store.loadKyberPrekey(record.id);
    if (!kyber) continue;
    out.push({
      id: record.id,
      signedPrekey: record.keyPair,
      kemSeed: decodeKyberPrekeyRecord(kyber).seed,
      bundleHash: sha256(record.bundle),
    });
  }
  return out;
}
