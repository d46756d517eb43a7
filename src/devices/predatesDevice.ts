import type { BoundDevice } from "../identity/KeyBinding.ts";
import type { PublishedBinding } from "../identity/selectCurrentBinding.ts";

/**
 * Whether something addressed to the account at `block` predates this device (docs/protocol.md, "Devices"): the
 * account had other devices first (a publication that does not name this device came before the first one that
 * does) and `block` is before this device's first listing. Such an interactive request was meant for the account's
 * earlier devices, one of which may have answered it: a device linked later must not offer it, or accepting it again
 * would post an answer the initiator can no longer match (its handshake secret went with the first answer) and
 * everything this device sent afterwards would be lost without a word (issue 17). The account's first device (and
 * one re-authorised after a phished list) predates nothing.
 *
 * `published` is the account's verified publications in chain order (BindingDirectory.published); a device whose
 * list is not on chain yet is linked "after" everything published. Pure.
 *
 * @example
 * if (predatesDevice(await directory.published(account), ownDevice, log.blockNumber)) return; // not ours to answer
 */
export function predatesDevice(published: readonly PublishedBinding[], device: Pick<BoundDevice, "x25519" | "ed25519">, block: bigint): boolean {
  const x25519 = device.x25519.toLowerCase();
  const ed25519 = device.ed25519.toLowerCase();
  const listsUs = (p: PublishedBinding) => p.binding.devices.some((d) => d.x25519.toLowerCase() === x25519 && d.ed25519.toLowerCase() === ed25519);
  const linked = published.findIndex(listsUs);
  const others = linked < 0 ? published : published.slice(0, linked);
  if (others.length === 0) return false;
  return linked < 0 || block < published[linked]!.blockNumber;
}
