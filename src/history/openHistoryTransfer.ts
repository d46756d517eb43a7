import { bytesToHex, type Hex } from "viem";
import { aeadOpen } from "../crypto/aead.ts";
import { constantTimeEqual, wipe } from "../crypto/bytes.ts";
import { ed25519Verify } from "../crypto/ed25519.ts";
import { x25519 } from "../crypto/x25519.ts";
import { HistoryTamperedError, HistoryWrongDeviceError } from "../errors/historyErrors.ts";
import type { Identity } from "../identity/Identity.ts";
import { decodeHistoryTransfer, type HistoryTransfer } from "../wire/historyTransferCodec.ts";
import { historyBoxKey, historyNonce, historySignedBytes, splitHistoryEnvelope } from "./historyEnvelope.ts";

export type OpenedHistoryTransfer = {
  /** The Ed25519 key of the device that signed it: the caller checks that the account's current binding lists it. */
  exporter: Hex;
  transfer: HistoryTransfer;
};

/**
 * Opens a history transfer sealed to this device and checks its signature. It does NOT decide whether the exporter
 * may speak for the account, nor whether the file is newer than the last one: the client does, against the chain's
 * current binding and its store (see HistoryManager). Throws HistoryWrongDeviceError (sealed to another key),
 * HistoryTamperedError (altered or cut) or a typed wire error (not a transfer, unknown version, malformed content).
 *
 * @example
 * const { exporter, transfer } = await openHistoryTransfer(file, identity);
 */
export async function openHistoryTransfer(file: Uint8Array, identity: Identity): Promise<OpenedHistoryTransfer> {
  const { header, ephemeralKey, targetKey, box } = splitHistoryEnvelope(file);
  if (!constantTimeEqual(targetKey, identity.x25519.publicKey)) throw new HistoryWrongDeviceError(`X25519 key ${bytesToHex(targetKey).slice(0, 18)}…`);
  const shared = await x25519(identity.x25519.secretKey, ephemeralKey);
  const key = historyBoxKey(shared, ephemeralKey, targetKey);
  let inner: Uint8Array;
  try {
    inner = aeadOpen(key, historyNonce, box, header);
  } catch {
    throw new HistoryTamperedError("box");
  } finally {
    wipe(shared, key);
  }
  try {
    const exporter = inner.subarray(0, 32);
    const signature = inner.subarray(32, 96);
    const content = inner.subarray(96);
    if (!(await ed25519Verify(exporter, historySignedBytes(header, content), signature))) throw new HistoryTamperedError("signature");
    return { exporter: bytesToHex(exporter), transfer: decodeHistoryTransfer(content) };
  } finally {
    // Decoded bodies are copies: the plaintext buffer can go.
    wipe(inner);
  }
}
