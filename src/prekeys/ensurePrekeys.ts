import type { Address } from "viem";
import { PREKEY_ROTATION_SECONDS } from "../constants.ts";
import { constantTimeEqual, wipe } from "../crypto/bytes.ts";
import type { RandomSource } from "../crypto/random.ts";
import { createPrekeyBundle } from "../handshake/createPrekeyBundle.ts";
import type { Identity } from "../identity/Identity.ts";
import type { KeyBinding } from "../identity/KeyBinding.ts";
import type { HushlogStore } from "../store/HushlogStore.ts";
import { encodeKeyBinding } from "../wire/keyBindingCodec.ts";
import { encodeKyberPrekeyRecord } from "../wire/kyberPrekeyRecordCodec.ts";
import { decodePrekeyBundle } from "../wire/prekeyBundleCodec.ts";
import { encodeSignedPrekeyRecord, type SignedPrekeyRecord } from "../wire/signedPrekeyRecordCodec.ts";
import { loadSignedPrekeyRecords } from "./loadOwnPrekeys.ts";

/** A bundle to publish with a `Prekeys` transaction (`encodePackedCall({ kind: "prekeys", bundle })`). */
export type PrekeysToPublish = {
  prekeyId: number;
  bundle: Uint8Array;
  /** False when this bundle was created earlier and is still not known to be on chain (publish it again). */
  created: boolean;
};

/**
 * The prekey schedule, to run at start-up and then now and then (e.g. after each sync): returns the bundle that
 * must be published, or null when the published one is still good.
 *
 * - No prekeys yet, the newest published one is older than PREKEY_ROTATION_SECONDS, or it carries another key
 *   binding than ours (new delegates): a new bundle is created and its secrets stored (one transaction), and
 *   returned with `created: true`.
 * - The newest one was never confirmed on chain (`markPrekeysPublished` not called yet): it is returned again,
 *   unchanged, with `created: false`; the caller re-broadcasts unless its own publication is still pending.
 *
 * The previous bundle stays current, and its secrets stay, until the new one is published and confirmed.
 */
export async function ensurePrekeys(
  store: HushlogStore,
  identity: Identity,
  binding: KeyBinding,
  options: { chainId: number; contract: Address; now: number; random?: RandomSource },
): Promise<PrekeysToPublish | null> {
  const [newest] = await loadSignedPrekeyRecords(store);
  if (newest && newest.publishedAt === null) return { prekeyId: newest.id, bundle: newest.bundle, created: false };
  if (newest && newest.publishedAt! + PREKEY_ROTATION_SECONDS > options.now && sameBinding(newest, binding, options)) return null;

  const prekeyId = (newest?.id ?? 0) + 1;
  const { bundle, prekey } = await createPrekeyBundle(identity, binding, { ...options, prekeyId });
  const record: SignedPrekeyRecord = {
    id: prekeyId,
    keyPair: prekey.signedPrekey,
    createdAt: options.now,
    publishedAt: null,
    supersededAt: null,
    bundle,
  };
  const signedBytes = encodeSignedPrekeyRecord(record);
  const kyberBytes = encodeKyberPrekeyRecord({ id: prekeyId, seed: prekey.kemSeed });
  try {
    await store.transaction(async (tx) => {
      await tx.storeSignedPrekey(prekeyId, signedBytes);
      await tx.storeKyberPrekey(prekeyId, kyberBytes, { lastResort: true });
    });
  } finally {
    wipe(signedBytes, kyberBytes, prekey.signedPrekey.secretKey, prekey.kemSeed);
  }
  return { prekeyId, bundle, created: true };
}

function sameBinding(record: SignedPrekeyRecord, binding: KeyBinding, context: { chainId: number; contract: Address }): boolean {
  return constantTimeEqual(encodeKeyBinding(decodePrekeyBundle(record.bundle, context).owner.binding), encodeKeyBinding(binding));
}
