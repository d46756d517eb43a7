import type { Address } from "viem";
import { sortAddresses } from "../wire/addressList.ts";
import type { OwnSenderKey, SenderKeyDistribution } from "./SenderKey.ts";

/**
 * What our chain gives `member`: the key of the entry that lists them (the iteration they are entitled to read
 * from, kept until their distribution is included), or else the current key (they read from our next message on).
 */
export function distributionFor(own: OwnSenderKey, member: Address): SenderKeyDistribution {
  const lower = member.toLowerCase();
  const entry = own.entries.find((e) => e.members.some((m) => m.toLowerCase() === lower));
  return {
    chainSecret: own.chainSecret,
    iteration: entry?.iteration ?? own.iteration,
    chainKey: entry?.chainKey ?? own.chainKey,
    signingPublicKey: own.signingKey.publicKey,
  };
}

/** New members become entitled to our chain from its current iteration (no history). */
export function addSenderKeyEntry(own: OwnSenderKey, members: readonly Address[]): OwnSenderKey {
  if (members.length === 0) return own;
  const same = own.entries.find((e) => e.iteration === own.iteration);
  const others = own.entries.filter((e) => e !== same);
  const entry = { iteration: own.iteration, chainKey: same?.chainKey ?? own.chainKey.slice(), members: sortAddresses([...(same?.members ?? []), ...members]) };
  return { ...own, entries: [...others, entry] };
}

/**
 * Members whose distribution is now included (or who left) no longer need their entry; an entry nobody needs is
 * dropped, so its old chain key stops existing once the new state is adopted.
 */
export function dropSenderKeyEntries(own: OwnSenderKey, members: readonly Address[]): OwnSenderKey {
  const done = new Set(members.map((m) => m.toLowerCase()));
  const entries = own.entries
    .map((e) => ({ ...e, members: e.members.filter((m) => !done.has(m.toLowerCase())) }))
    .filter((e) => e.members.length > 0);
  return { ...own, entries };
}
