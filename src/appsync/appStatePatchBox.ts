import { hexToBytes, type Address } from "viem";
import { aeadNonceLength, aeadOpen, aeadSeal } from "../crypto/aead.ts";
import type { RandomSource } from "../crypto/random.ts";
import { AppStatePatchRejectedError } from "../errors/appSyncErrors.ts";
import {
  APPSTATE_PATCH_VERSION,
  decodeAppStatePatchPlaintext,
  encodeAppStatePatchPlaintext,
  splitAppStatePatch,
  type AppStatePatchPlaintext,
} from "../wire/appStatePatchCodec.ts";
import type { AppSyncKeys } from "./appSyncKeys.ts";

/** Where a patch stream lives: the box is bound to it, so a patch never opens on another chain, contract or account. */
export type AppStatePatchScope = { chainId: number; contract: Address; account: Address; keyId: Uint8Array };

function associatedData(scope: AppStatePatchScope, version: number): Uint8Array {
  const ad = new Uint8Array(1 + 8 + 20 + 20 + 4 + 16);
  const view = new DataView(ad.buffer);
  ad[0] = APPSTATE_PATCH_VERSION;
  view.setBigUint64(1, BigInt(scope.chainId));
  ad.set(hexToBytes(scope.contract), 9);
  ad.set(hexToBytes(scope.account), 29);
  view.setUint32(49, version);
  ad.set(scope.keyId, 53);
  return ad;
}

/**
 * The payload of a patch (src/wire/appStatePatchCodec.ts), under a random nonce: two devices that write the same
 * version at once (a race the chain then orders) never share a nonce.
 *
 * @example
 * const payload = sealAppStatePatch(keys, scope, { version: 1, snapshotMac, mutations }, systemRandom);
 */
export function sealAppStatePatch(keys: Pick<AppSyncKeys, "patchKey">, scope: AppStatePatchScope, patch: AppStatePatchPlaintext, random: RandomSource): Uint8Array {
  const nonce = random(aeadNonceLength);
  const plaintext = encodeAppStatePatchPlaintext(patch);
  const box = aeadSeal(keys.patchKey, nonce, plaintext, associatedData(scope, patch.version));
  plaintext.fill(0);
  const payload = new Uint8Array(1 + nonce.length + box.length);
  payload[0] = APPSTATE_PATCH_VERSION;
  payload.set(nonce, 1);
  payload.set(box, 1 + nonce.length);
  return payload;
}

/**
 * Opens a payload found on the topic of `version`. Throws AppStatePatchRejectedError: `forged` when it does not open
 * (tampered, made under another key, or moved from another version's topic: the version is in the AD), `version`
 * when the plaintext names another version, `malformed` for a bad plaintext or header.
 */
export function openAppStatePatch(keys: Pick<AppSyncKeys, "patchKey">, scope: AppStatePatchScope, version: number, payload: Uint8Array): AppStatePatchPlaintext {
  let parts: ReturnType<typeof splitAppStatePatch>;
  try {
    parts = splitAppStatePatch(payload);
  } catch {
    throw new AppStatePatchRejectedError("malformed", version);
  }
  let plaintext: Uint8Array;
  try {
    plaintext = aeadOpen(keys.patchKey, parts.nonce, parts.box, associatedData(scope, version));
  } catch {
    throw new AppStatePatchRejectedError("forged", version);
  }
  let patch: AppStatePatchPlaintext;
  try {
    patch = decodeAppStatePatchPlaintext(plaintext);
  } catch {
    throw new AppStatePatchRejectedError("malformed", version);
  } finally {
    plaintext.fill(0);
  }
  if (patch.version !== version) throw new AppStatePatchRejectedError("version", version);
  return patch;
}
