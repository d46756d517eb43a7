import { PREKEY_SCAN_CONCURRENCY } from "../constants.ts";
import { aeadOpen } from "../crypto/aead.ts";
import { wipe } from "../crypto/bytes.ts";
import { x25519 } from "../crypto/x25519.ts";
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
 * fetched with one filter). Per log and live prekey: one X25519 and one SHA-256 for the view tag, which dismisses
 * 255 of 256 foreign logs; the rest cost one HKDF and one AEAD check. Malformed payloads and small-order keys are
 * foreign logs like any other. The X25519s run `PREKEY_SCAN_CONCURRENCY` logs at a time (WebCrypto works off
 * the main thread), which is what keeps a 1,000-log scan near the cost of the X25519s themselves.
 *
 * Pass the same `prekeys` objects for a whole scan: WebCrypto keys are imported once per secret-key array.
 */
export async function scanPrekeyHandshakes<L extends { payload: Uint8Array }>(
  logs: readonly L[],
  prekeys: readonly ScanKey[],
): Promise<PrekeyCandidate<L>[]> {
  const found: PrekeyCandidate<L>[] = [];
  if (prekeys.length === 0) return found;
  for (let start = 0; start < logs.length; start += PREKEY_SCAN_CONCURRENCY) {
    const batch = logs.slice(start, start + PREKEY_SCAN_CONCURRENCY);
    for (const candidate of await Promise.all(batch.map((log) => tryLog(log, prekeys)))) {
      if (candidate) found.push(candidate);
    }
  }
  return found;
}

/** The one handshake `payload`, opened with whichever of `prekeys` it was made for; `PrekeyHandshakeNotForUsError` if none. */
export async function openPrekeyHandshake<L extends { payload: Uint8Array }>(log: L, prekeys: readonly ScanKey[]): Promise<PrekeyCandidate<L>> {
  const candidate = await tryLog(log, prekeys);
  if (!candidate) throw new PrekeyHandshakeNotForUsError();
  return candidate;
}

async function tryLog<L extends { payload: Uint8Array }>(log: L, prekeys: readonly ScanKey[]): Promise<PrekeyCandidate<L> | null> {
  let parts: PrekeyHandshakeHeader;
  try {
    parts = splitPrekeyHandshake(log.payload);
  } catch {
    return null;
  }
  const shared = await Promise.all(prekeys.map((p) => x25519(p.signedPrekey.secretKey, parts.ephemeralKey).catch(() => null)));
  let found: PrekeyCandidate<L> | null = null;
  shared.forEach((dh, i) => {
    if (!dh) return;
    if (found || prekeyViewTag(dh) !== parts.viewTag) return wipe(dh);
    const boxKey = prekeyBoxKey(dh);
    try {
      const box = aeadOpen(boxKey, zeroNonce, parts.box, parts.header);
      found = { log, prekeyId: prekeys[i]!.id, ephemeralKey: parts.ephemeralKey.slice(), dh, box };
    } catch {
      wipe(dh);
    } finally {
      wipe(boxKey);
    }
  });
  return found;
}
