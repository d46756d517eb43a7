import { PREKEY_SCAN_CONCURRENCY } from "../constants.ts";
import { aeadOpen } from "../crypto/aead.ts";
import { wipe } from "../crypto/bytes.ts";
import { x25519Batch } from "../crypto/x25519Batch.ts";
import { PrekeyHandshakeNotForUsError } from "../errors/prekeyErrors.ts";
import { splitPrekeyHandshake, type PrekeyHandshakeHeader } from "../wire/prekeyHandshakePayload.ts";
import type { OwnPrekey } from "./OwnPrekey.ts";
import { prekeyBoxKey, prekeyViewTag } from "./prekeyKdf.ts";

/** A prekey handshake whose box opened with one of our prekeys: ours, though not yet authenticated. Secret. */
export type PrekeyCandidate<L> = {
  log: L;
  prekeyId: number;
  ephemeralKey: Uint8Array;
  /** X25519(spk, E) = DH3; consumed by `acceptPrekeyHandshake`. */
  dh: Uint8Array;
  /** The opened box; consumed by `acceptPrekeyHandshake`. */
  box: Uint8Array;
};

type ScanKey = Pick<OwnPrekey, "id" | "signedPrekey">;
const zeroNonce = new Uint8Array(24);

/**
 * Finds the prekey handshakes addressed to us among `logs` (all `Handshake` logs under PREKEY_HANDSHAKE_TAG,
 * fetched with one filter), in their order. Per log and live prekey: one X25519 and one SHA-256 for the view
 * tag, which dismisses 255 of 256 foreign logs; the rest cost one HKDF and one AEAD check. Malformed payloads
 * and small-order keys are foreign logs like any other. The X25519s of `PREKEY_SCAN_CONCURRENCY` logs are issued
 * at once (x25519Batch), which keeps a 1,000-log scan near the cost of the X25519s themselves.
 */
export async function scanPrekeyHandshakes<L extends { payload: Uint8Array }>(
  logs: readonly L[],
  prekeys: readonly ScanKey[],
): Promise<PrekeyCandidate<L>[]> {
  const found: PrekeyCandidate<L>[] = [];
  if (prekeys.length === 0) return found;
  for (let start = 0; start < logs.length; start += PREKEY_SCAN_CONCURRENCY) {
    const batch: { log: L; parts: PrekeyHandshakeHeader }[] = [];
    for (const log of logs.slice(start, start + PREKEY_SCAN_CONCURRENCY)) {
      try {
        batch.push({ log, parts: splitPrekeyHandshake(log.payload) });
      } catch {
        // Not a prekey handshake of a version we know: not ours.
      }
    }
    const shared = await x25519Batch(
      prekeys.map((prekey) => prekey.signedPrekey.secretKey),
      batch.map((entry) => entry.parts.ephemeralKey),
    );
    batch.forEach(({ log, parts }, i) => {
      let candidate: PrekeyCandidate<L> | null = null;
      prekeys.forEach((prekey, k) => {
        const dh = shared[k]![i];
        if (!dh) return;
        candidate ??= tryOpen(log, parts, prekey.id, dh);
        if (candidate?.dh !== dh) wipe(dh);
      });
      if (candidate) found.push(candidate);
    });
  }
  return found;
}

/** The one handshake `log`, opened with whichever of `prekeys` it was made for; `PrekeyHandshakeNotForUsError` if none. */
export async function openPrekeyHandshake<L extends { payload: Uint8Array }>(log: L, prekeys: readonly ScanKey[]): Promise<PrekeyCandidate<L>> {
  const [candidate] = await scanPrekeyHandshakes([log], prekeys);
  if (!candidate) throw new PrekeyHandshakeNotForUsError();
  return candidate;
}

function tryOpen<L>(log: L, parts: PrekeyHandshakeHeader, prekeyId: number, dh: Uint8Array): PrekeyCandidate<L> | null {
  if (prekeyViewTag(dh) !== parts.viewTag) return null;
  const boxKey = prekeyBoxKey(dh);
  try {
    return { log, prekeyId, ephemeralKey: parts.ephemeralKey.slice(), dh, box: aeadOpen(boxKey, zeroNonce, parts.box, parts.header) };
  } catch {
    return null;
  } finally {
    wipe(boxKey);
  }
}
