import type { Address } from "viem";
import { createSeededRandom, type RandomSource } from "../../src/crypto/random.ts";
import { x25519KeyPair } from "../../src/crypto/x25519.ts";
import type { ChainKdfVersion } from "../../src/ratchet/chainKdf.ts";
import { createInitiatorSession, createResponderSession } from "../../src/ratchet/createSession.ts";
import type { RatchetSession } from "../../src/ratchet/RatchetSession.ts";

export const testContract: Address = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

/**
 * A pair of fresh sessions as a handshake would leave them, from a seeded root secret, with the given chain KDF
 * (by default the one new sessions get).
 */
export async function sessionPair(seed = "pair", random: RandomSource = createSeededRandom(seed), chainKdf?: ChainKdfVersion) {
  const rootKey = random(32);
  const ratchetKey = await x25519KeyPair(random);
  const responder: RatchetSession = createResponderSession({ rootKey: rootKey.slice(), ratchetKey, chainId: 31337, contract: testContract, chainKdf });
  const initiator: RatchetSession = createInitiatorSession({
    rootKey: rootKey.slice(),
    theirRatchetKey: ratchetKey.publicKey,
    chainId: 31337,
    contract: testContract,
    chainKdf,
  });
  return { initiator, responder, random };
}

/** Both chain KDFs, for suites that must hold under each (stored sessions keep 1, new ones get 2). */
export const chainKdfs: readonly ChainKdfVersion[] = [1, 2];
