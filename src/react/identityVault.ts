import { bytesToHex, getAddress, isAddressEqual, type Address, type Hex } from "viem";
import { wipe } from "../crypto/bytes.ts";
import { StoredIdentityMismatchError } from "../errors/reactErrors.ts";
import { assertOwnBinding } from "../handshake/assertOwnBinding.ts";
import { createKeyBinding, type SignKeyBindingTypedData } from "../identity/createKeyBinding.ts";
import { findCurrentBinding } from "../identity/findCurrentBinding.ts";
import type { ReadClient } from "../chain/ReadClient.ts";
import { createDeviceIdentity } from "../identity/createDeviceIdentity.ts";
import { deriveIdentity } from "../identity/deriveIdentity.ts";
import type { Identity } from "../identity/Identity.ts";
import { decodeIdentity, encodeIdentity } from "../identity/identityCodec.ts";
import type { BoundDevice, KeyBinding } from "../identity/KeyBinding.ts";
import { normalizeDelegates } from "../identity/normalizeDelegates.ts";
import { wipeIdentity } from "../identity/wipeIdentity.ts";
import type { HushlogStore } from "../store/HushlogStore.ts";
import { decodeKeyBinding, encodeKeyBinding } from "../wire/keyBindingCodec.ts";

/**
 * Where an account's identity and key bindings live, framework-free (the React provider drives it):
 *
 * - The identity is the store's current device record (`store.save(encodeIdentity(identity))`), so it is
 *   encrypted at rest with the rest of the store and the same bytes the CLI and `decodeIdentity` read.
 * - Key bindings go to the store's cache, namespace `hushlog/key-binding`, key `<chainId>:<contract>`, as
 *   `encodeKeyBinding` bytes. A binding is public and can always be signed again, which is exactly the cache's
 *   contract ("recomputable"): losing it costs one typed-data prompt, never a key. Keeping it out of the device
 *   record keeps that record a plain identity, and one identity gets one binding per chain and contract.
 *
 * A stored identity always wins over a fresh derivation: smart accounts may sign non-deterministically, and a
 * silently re-derived identity would no longer match the binding peers already hold. Replacing it is explicit
 * (`rederiveStoredIdentity`).
 */
export type WalletSigner = {
  account: Address;
  /** EIP-191 `personal_sign` by `account`. */
  signMessage: (args: { message: string }) => Promise<Hex>;
  /** EIP-712 signature by `account`. */
  signTypedData: SignKeyBindingTypedData;
};

export type BindingScope = { chainId: number; contract: Address; delegates?: readonly Address[] };

/** What a new binding needs from the chain: its number, above the account's last published one. */
export type BindingChain = { publicClient: ReadClient; deployBlock: bigint };

export const keyBindingCacheNamespace = "hushlog/key-binding";
const bindingKey = ({ chainId, contract }: BindingScope) => `${chainId}:${contract.toLowerCase()}`;

/** The identity stored for `account`, or null when this store has none. */
export async function loadStoredIdentity(store: HushlogStore, account: Address): Promise<Identity | null> {
  const bytes = await store.load();
  if (!bytes) return null;
  let identity: Identity;
  try {
    identity = decodeIdentity(bytes);
  } finally {
    wipe(bytes);
  }
  if (!isAddressEqual(identity.account, account)) {
    const stored = identity.account;
    wipeIdentity(identity);
    throw new StoredIdentityMismatchError({ account: getAddress(account), stored });
  }
  return identity;
}

/**
 * Creates this browser's own device identity (random keys, never derived from the wallet: the same wallet in a second
 * browser must be a second device, docs/protocol.md "Devices") and stores it, before any binding is signed.
 */
export async function createStoredIdentity(store: HushlogStore, signer: WalletSigner): Promise<Identity> {
  const identity = await createDeviceIdentity({ account: signer.account });
  try {
    await saveIdentity(store, identity);
  } catch (error) {
    wipeIdentity(identity);
    throw error;
  }
  return identity;
}

/**
 * Derives the identity again and, when it differs from the stored one (a non-deterministic signer, or a store
 * holding an imported identity), makes it the current device's: a new device record, so the previous identity
 * stays readable in the store; cached bindings are dropped (they describe the old keys). With an EOA the
 * derivation gives the same keys, and nothing changes. `changed`: the stored identity was replaced or created.
 */
export async function rederiveStoredIdentity(
  store: HushlogStore,
  signer: WalletSigner,
): Promise<{ identity: Identity; changed: boolean }> {
  const fresh = await deriveIdentity({ account: signer.account, signMessage: signer.signMessage });
  try {
    const stored = await loadStoredIdentity(store, signer.account);
    if (stored) {
      const same = samePublicKeys(stored, fresh);
      wipeIdentity(stored);
      if (same) return { identity: fresh, changed: false };
      await store.create();
    }
    await saveIdentity(store, fresh);
    await store.cache.clear(keyBindingCacheNamespace);
    return { identity: fresh, changed: true };
  } catch (error) {
    wipeIdentity(fresh);
    throw error;
  }
}

/**
 * The cached binding of `identity` for this chain and contract, when it still describes the identity and the
 * wanted delegates; null otherwise (never prompts).
 */
export async function loadKeyBinding(store: HushlogStore, identity: Identity, scope: BindingScope): Promise<KeyBinding | null> {
  const bytes = await store.cache.get(keyBindingCacheNamespace, bindingKey(scope));
  if (!bytes) return null;
  try {
    const binding = decodeKeyBinding(bytes, { chainId: scope.chainId, contract: scope.contract });
    assertOwnBinding(identity, binding, scope);
    const wanted = normalizeDelegates(identity.account, scope.delegates).map((d) => d.toLowerCase());
    const actual = binding.delegates.map((d) => d.toLowerCase());
    if (wanted.length !== actual.length || wanted.some((d, i) => d !== actual[i])) return null;
    return binding;
  } catch {
    // Stale (another identity, other delegates) or unreadable: sign a new one.
    return null;
  }
}

/**
 * Asks the wallet for the EIP-712 binding, numbered above the account's last published one, and caches it. By
 * default, when the account's current binding on chain lists other devices, they stay in the list and this one is
 * added (linking this browser; a list that already names this device is signed again as it is); `devices` gives the
 * list explicitly instead (a renewal keeps the chain's list, a re-authorisation names this device alone). `sender`:
 * this device's sending key, listed as its `sender` so peers accept the key's logs (null: the account sends).
 * `minSequence`: the lowest number to use (one above the running client's binding, which may not be on chain yet).
 */
export async function createStoredKeyBinding(
  store: HushlogStore,
  identity: Identity,
  signer: WalletSigner,
  scope: BindingScope,
  chain: BindingChain,
  options: { devices?: readonly BoundDevice[]; sender?: Address | null; minSequence?: bigint } = {},
): Promise<KeyBinding> {
  const { current, nextSequence } = await findCurrentBinding(chain.publicClient, {
    account: identity.account,
    chainId: scope.chainId,
    contract: scope.contract,
    fromBlock: chain.deployBlock,
  });
  const own = { x25519: bytesToHex(identity.x25519.publicKey), ed25519: bytesToHex(identity.ed25519.publicKey), sender: options.sender ?? null };
  const others = (current?.binding.devices ?? []).filter((d) => d.ed25519.toLowerCase() !== own.ed25519);
  const binding = await createKeyBinding(identity, {
    signTypedData: signer.signTypedData,
    chainId: scope.chainId,
    contract: scope.contract,
    // Above our own binding too, when it is still on its way to the chain: an equal number would lose to it.
    sequence: options.minSequence !== undefined && options.minSequence > nextSequence ? options.minSequence : nextSequence,
    devices: [...others, own],
    delegates: scope.delegates,
    ...(options.devices ? { devices: options.devices } : {}),
  });
  await store.cache.set(keyBindingCacheNamespace, bindingKey(scope), encodeKeyBinding(binding));
  return binding;
}

async function saveIdentity(store: HushlogStore, identity: Identity): Promise<void> {
  const bytes = encodeIdentity(identity);
  try {
    await store.save(bytes);
  } finally {
    wipe(bytes);
  }
}

function samePublicKeys(a: Identity, b: Identity): boolean {
  return (
    isAddressEqual(a.account, b.account) &&
    bytesToHex(a.x25519.publicKey) === bytesToHex(b.x25519.publicKey) &&
    bytesToHex(a.ed25519.publicKey) === bytesToHex(b.ed25519.publicKey)
  );
}
