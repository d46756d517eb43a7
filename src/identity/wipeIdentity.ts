import { wipe } from "../crypto/bytes.ts";
import type { Identity } from "./Identity.ts";

/** Zeroes an identity's secrets (X25519 secret, Ed25519 seed, ML-KEM seed) once it is no longer needed. */
export function wipeIdentity(identity: Identity): void {
  wipe(identity.x25519.secretKey, identity.ed25519.seed, identity.mlKemSeed);
}
