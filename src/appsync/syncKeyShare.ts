import { hexToBytes, type Address } from "viem";
import { aeadOpen, aeadSeal } from "../crypto/aead.ts";
import { hkdfSha256, sha256 } from "../crypto/kdf.ts";
import { labels } from "../crypto/labels.ts";
import type { RandomSource } from "../crypto/random.ts";
import { x25519, x25519KeyPair } from "../crypto/x25519.ts";
import { AppStateKeyShareRejectedError } from "../errors/appSyncErrors.ts";
import type { BoundDevice } from "../identity/KeyBinding.ts";

/**
 * Sync-key share, version 1: one `Message` log on SYNC_KEY_SHARE_TOPIC (the same for every account) that gives a new
 * sync key to each of the account's other current devices.
 *
 * | size   | field                                                                                         |
 * |--------|-----------------------------------------------------------------------------------------------|
 * | 1      | version = 0x01                                                                                |
 * | 32     | E: a fresh X25519 key, for this share only                                                    |
 * | 16     | device set: HKDF(sorted X25519 keys of every device the key is for, label)[0..16]              |
 * | n x 49 | per device: view tag (1) = SHA-256(label · X25519(e, IK_d))[0] · box (48) =                    |
 * |        |   XChaCha20-Poly1305(HKDF(X25519(e, IK_d) · X25519(IK_sender, IK_d), salt = the 49 bytes above), |
 * |        |   nonce = 0, AD = the 49 bytes above · chainId u64 · contract · account) of the sync key (32)  |
 *
 * The static DH authenticates the sending device: a box opens only under a key the recipient shares with a device
 * its account's current binding lists, so a revoked device (even one that still holds the wallet) cannot plant a key
 * it knows. The ephemeral DH makes each box key fresh (hence the zero nonce) and gives forward secrecy against a
 * later leak of the static keys. Recipients find theirs like sealed handshakes: one X25519 per share, 255 of 256
 * foreign boxes dismissed by the view tag. The sender gives itself a box too (its static DH is then with itself): it
 * learns the key, and the share's chain position that orders keys, from the chain like every other device.
 */
export const SYNC_KEY_SHARE_VERSION = 0x01;
/** topic of every share: mostly zero bytes (cheap calldata), distinct from the handshake tags (…01, …02). */
export const SYNC_KEY_SHARE_TOPIC = "0x0000000000000000000000000000000300000000000000000000000000000000" as const;
const headerLength = 49;
const entryLength = 49;

export type SyncKeyShareScope = { chainId: number; contract: Address; account: Address };

/** The fingerprint of the device set a key is for: which devices hold it, so a device-list change is noticed. */
export function deviceSetFingerprint(devices: readonly Pick<BoundDevice, "x25519">[]): Uint8Array {
  const keys = devices.map((d) => d.x25519.toLowerCase()).sort();
  return hkdfSha256(hexToBytes(`0x${keys.map((k) => k.slice(2)).join("")}`), undefined, labels.appSync.deviceSet, 16);
}

function scopeBytes(header: Uint8Array, scope: SyncKeyShareScope): Uint8Array {
  const ad = new Uint8Array(header.length + 8 + 40);
  ad.set(header);
  new DataView(ad.buffer).setBigUint64(header.length, BigInt(scope.chainId));
  ad.set(hexToBytes(scope.contract), header.length + 8);
  ad.set(hexToBytes(scope.account), header.length + 28);
  return ad;
}

async function boxKey(ephemeralShared: Uint8Array, staticShared: Uint8Array, header: Uint8Array): Promise<Uint8Array> {
  const ikm = new Uint8Array(64);
  ikm.set(ephemeralShared);
  ikm.set(staticShared, 32);
  const key = hkdfSha256(ikm, header, labels.appSync.shareKey, 32);
  ikm.fill(0);
  return key;
}

const viewTag = (ephemeralShared: Uint8Array) => {
  const data = new Uint8Array(labels.appSync.shareViewTag.length + 32);
  data.set(labels.appSync.shareViewTag);
  data.set(ephemeralShared, labels.appSync.shareViewTag.length);
  return sha256(data)[0]!;
};

/**
 * Seals `syncKey` to every device of `devices` (ours included): one payload, one log.
 *
 * @example
 * const payload = await sealSyncKeyShare({ syncKey, devices: binding.devices, identity, scope });
 */
export async function sealSyncKeyShare(parameters: {
  syncKey: Uint8Array;
  /** Every device the key is for, ours included. */
  devices: readonly Pick<BoundDevice, "x25519">[];
  ownX25519: { secretKey: Uint8Array; publicKey: Uint8Array };
  scope: SyncKeyShareScope;
  random?: RandomSource;
}): Promise<Uint8Array> {
  const { syncKey, devices, ownX25519, scope } = parameters;
  const ephemeral = await x25519KeyPair(parameters.random);
  const header = new Uint8Array(headerLength);
  header[0] = SYNC_KEY_SHARE_VERSION;
  header.set(ephemeral.publicKey, 1);
  header.set(deviceSetFingerprint(devices), 33);
  const ad = scopeBytes(header, scope);
  const payload = new Uint8Array(headerLength + devices.length * entryLength);
  payload.set(header);
  let offset = headerLength;
  for (const device of devices) {
    const peer = hexToBytes(device.x25519);
    const ephemeralShared = await x25519(ephemeral.secretKey, peer);
    const staticShared = await x25519(ownX25519.secretKey, peer);
    const key = await boxKey(ephemeralShared, staticShared, header);
    payload[offset] = viewTag(ephemeralShared);
    payload.set(aeadSeal(key, new Uint8Array(24), syncKey, ad), offset + 1);
    for (const secret of [ephemeralShared, staticShared, key]) secret.fill(0);
    offset += entryLength;
  }
  ephemeral.secretKey.fill(0);
  return payload;
}

/**
 * Opens our box in a share, if there is one: returns the sync key (secret: the caller stores then wipes it) and the
 * device-set fingerprint, or null when no box is for us. `senders` are the devices whose shares we accept (our
 * account's current binding, us included). Throws AppStateKeyShareRejectedError (`malformed`, `device`: a box for
 * us that no listed device made).
 */
export async function openSyncKeyShare(
  payload: Uint8Array,
  parameters: { own: { secretKey: Uint8Array }; senders: readonly Pick<BoundDevice, "x25519">[]; scope: SyncKeyShareScope },
): Promise<{ syncKey: Uint8Array; deviceSet: Uint8Array } | null> {
  if (payload.length < headerLength + entryLength || (payload.length - headerLength) % entryLength !== 0 || payload[0] !== SYNC_KEY_SHARE_VERSION) {
    throw new AppStateKeyShareRejectedError("malformed");
  }
  const header = payload.subarray(0, headerLength);
  const ephemeralShared = await x25519(parameters.own.secretKey, header.subarray(1, 33)).catch(() => {
    throw new AppStateKeyShareRejectedError("malformed");
  });
  const tag = viewTag(ephemeralShared);
  const ad = scopeBytes(header, parameters.scope);
  try {
    for (let offset = headerLength; offset < payload.length; offset += entryLength) {
      if (payload[offset] !== tag) continue;
      const box = payload.subarray(offset + 1, offset + entryLength);
      for (const sender of parameters.senders) {
        const staticShared = await x25519(parameters.own.secretKey, hexToBytes(sender.x25519));
        const key = await boxKey(ephemeralShared, staticShared, header);
        staticShared.fill(0);
        try {
          return { syncKey: aeadOpen(key, new Uint8Array(24), box, ad), deviceSet: header.slice(33, 49) };
        } catch {
          // Another sender, or a view-tag collision with someone else's box: try the next.
        } finally {
          key.fill(0);
        }
      }
    }
  } finally {
    ephemeralShared.fill(0);
  }
  return null;
}
