import type { Address, Hex } from "viem";
import { ed25519PublicKey } from "../crypto/ed25519.ts";
import { systemRandom, type RandomSource } from "../crypto/random.ts";
import { sortAddresses } from "../wire/addressList.ts";
import { deriveSenderChainSeeds } from "./deriveSenderChainSeeds.ts";
import type { OwnSenderKey } from "./SenderKey.ts";

/**
 * A fresh sending chain for `owner` in a group: random chain secret, chain key and Ed25519 signing key, iteration
 * 0. `members` (the other members at this moment) are entitled to read the chain from its start, so an entry keeps
 * the start key until their distributions are included.
 */
export async function createOwnSenderKey(
  groupId: Hex,
  owner: Address,
  members: readonly Address[],
  random: RandomSource = systemRandom,
): Promise<OwnSenderKey> {
  const chainSecret = random(32);
  const chainKey = random(32);
  const seed = random(32);
  const { topic, headerKey } = deriveSenderChainSeeds(chainSecret, groupId, owner);
  const others = sortAddresses(members.filter((m) => m.toLowerCase() !== owner.toLowerCase()));
  return {
    chainSecret,
    topic,
    headerKey,
    signingKey: { seed, publicKey: await ed25519PublicKey(seed) },
    iteration: 0,
    chainKey,
    entries: others.length ? [{ iteration: 0, chainKey: chainKey.slice(), members: others }] : [],
  };
}
