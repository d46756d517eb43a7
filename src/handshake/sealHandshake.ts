import { concatBytes } from "viem";
import { PREKEY_SCAN_CONCURRENCY } from "../constants.ts";
import { aeadOpen, aeadSeal } from "../crypto/aead.ts";
import { wipe } from "../crypto/bytes.ts";
import { hkdfSha256, sha256 } from "../crypto/kdf.ts";
import { labels } from "../crypto/labels.ts";
import { systemRandom, type RandomSource } from "../crypto/random.ts";
import { x25519, x25519KeyPair } from "../crypto/x25519.ts";
import { x25519Batch } from "../crypto/x25519Batch.ts";
import { encodeSealedHandshakeHeader, splitSealedHandshake, type SealedHandshakeHeader } from "../wire/sealedHandshakePayload.ts";

const zeroNonce = new Uint8Array(24);

function viewTag(dh: Uint8Array): number {
  const digest = sha256(concatBytes([labels.handshake.sealedViewTag, dh]));
  const tag = digest[0]!;
  digest.fill(0);
  return tag;
}

/**
 * Seals an interactive handshake payload to the recipient's X25519 identity key (wire/sealedHandshakePayload.ts):
 * what is posted under SEALED_HANDSHAKE_TAG names no recipient.
 *
 * @example
 * const sealed = await sealHandshake(message.payload, hexToBytes(recipientBinding.devices[0].x25519));
 */
export async function sealHandshake(payload: Uint8Array, recipientKey: Uint8Array, random: RandomSource = systemRandom): Promise<Uint8Array> {
  const ephemeral = await x25519KeyPair(random);
  const dh = await x25519(ephemeral.secretKey, recipientKey);
  const key = hkdfSha256(dh, undefined, labels.handshake.sealedBox, 32);
  try {
    const header = encodeSealedHandshakeHeader(ephemeral.publicKey, viewTag(dh));
    return concatBytes([header, aeadSeal(key, zeroNonce, payload, header)]);
  } finally {
    wipe(ephemeral.secretKey, dh, key);
  }
}

/**
 * The sealed handshakes among `logs` (all `Handshake` logs under SEALED_HANDSHAKE_TAG) that open with our X25519
 * identity secret, with their handshake payload in place of the envelope, in order. One X25519 and one hash per
 * log (x25519Batch, PREKEY_SCAN_CONCURRENCY at once); malformed envelopes and small-order keys are foreign logs.
 *
 * @example
 * for (const log of await openSealedHandshakes(sealedLogs, identity.x25519.secretKey)) await onHandshake(log);
 */
export async function openSealedHandshakes<L extends { payload: Uint8Array }>(logs: readonly L[], secretKey: Uint8Array): Promise<L[]> {
  const found: L[] = [];
  for (let start = 0; start < logs.length; start += PREKEY_SCAN_CONCURRENCY) {
    const batch: { log: L; parts: SealedHandshakeHeader }[] = [];
    for (const log of logs.slice(start, start + PREKEY_SCAN_CONCURRENCY)) {
      try {
        batch.push({ log, parts: splitSealedHandshake(log.payload) });
      } catch {
        // Not a sealed handshake of a version we know: not ours.
      }
    }
    const [shared] = await x25519Batch([secretKey], batch.map((entry) => entry.parts.ephemeralKey));
    batch.forEach(({ log, parts }, i) => {
      const dh = shared![i];
      if (!dh) return;
      try {
        if (viewTag(dh) !== parts.viewTag) return;
        const key = hkdfSha256(dh, undefined, labels.handshake.sealedBox, 32);
        try {
          found.push({ ...log, payload: aeadOpen(key, zeroNonce, parts.box, parts.header) });
        } catch {
          // A view-tag collision (1 in 256) or a forged envelope: not ours.
        } finally {
          wipe(key);
        }
      } finally {
        wipe(dh);
      }
    });
  }
  return found;
}
