import { concatBytes } from "viem";
import { MAX_HISTORY_TRANSFER_BYTES } from "../constants.ts";
import { aeadSeal } from "../crypto/aead.ts";
import { wipe } from "../crypto/bytes.ts";
import { ed25519Sign } from "../crypto/ed25519.ts";
import { systemRandom, type RandomSource } from "../crypto/random.ts";
import { x25519, x25519KeyPair } from "../crypto/x25519.ts";
import { HistoryInvalidError } from "../errors/historyErrors.ts";
import type { Identity } from "../identity/Identity.ts";
import { encodeHistoryTransfer, type HistoryTransfer } from "../wire/historyTransferCodec.ts";
import { encodeHistoryHeader, historyBoxKey, historyNonce, historySignedBytes } from "./historyEnvelope.ts";

/**
 * Signs `transfer` with this device's Ed25519 key and seals it to the target device's X25519 key (the format is in
 * historyEnvelope.ts). Only the target device can open it, and it can tell which device of its account made it.
 * `random` is for test vectors only.
 *
 * @example
 * const file = await sealHistoryTransfer(transfer, identity, hexToBytes(binding.devices[1].x25519));
 */
export async function sealHistoryTransfer(
  transfer: HistoryTransfer,
  exporter: Identity,
  targetKey: Uint8Array,
  random: RandomSource = systemRandom,
): Promise<Uint8Array> {
  const content = encodeHistoryTransfer(transfer);
  const ephemeral = await x25519KeyPair(random);
  let shared: Uint8Array | undefined;
  let key: Uint8Array | undefined;
  let signed: Uint8Array | undefined;
  let inner: Uint8Array | undefined;
  try {
    shared = await x25519(ephemeral.secretKey, targetKey);
    key = historyBoxKey(shared, ephemeral.publicKey, targetKey);
    const header = encodeHistoryHeader(ephemeral.publicKey, targetKey);
    signed = historySignedBytes(header, content);
    inner = concatBytes([exporter.ed25519.publicKey, await ed25519Sign(exporter.ed25519.seed, signed), content]);
    const file = concatBytes([header, aeadSeal(key, historyNonce, inner, header)]);
    if (file.length > MAX_HISTORY_TRANSFER_BYTES) throw new HistoryInvalidError(`larger than ${MAX_HISTORY_TRANSFER_BYTES} bytes`);
    return file;
  } finally {
    wipe(ephemeral.secretKey, shared, key, content, signed, inner);
  }
}
