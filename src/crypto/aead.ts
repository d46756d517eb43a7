import { xchacha20, xchacha20poly1305 } from "@noble/ciphers/chacha.js";
import { DecryptionFailedError } from "../errors/cryptoErrors.ts";

/** XChaCha20-Poly1305 tag length. */
export const aeadTagLength = 16;
/** XChaCha20-Poly1305 nonce length. */
export const aeadNonceLength = 24;

/** XChaCha20-Poly1305 seal: returns ciphertext || tag. */
export function aeadSeal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, ad?: Uint8Array): Uint8Array {
  return xchacha20poly1305(key, nonce, ad).encrypt(plaintext);
}

/** `aeadSeal` writing ciphertext || tag into `output` (exactly plaintext length + 16 bytes), e.g. a payload's tail. */
export function aeadSealInto(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, ad: Uint8Array | undefined, output: Uint8Array): void {
  xchacha20poly1305(key, nonce, ad).encrypt(plaintext, output);
}

/** XChaCha20-Poly1305 open of ciphertext || tag; throws `DecryptionFailedError` on any mismatch. */
export function aeadOpen(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array, ad?: Uint8Array): Uint8Array {
  if (sealed.length < aeadTagLength) throw new DecryptionFailedError();
  try {
    return xchacha20poly1305(key, nonce, ad).decrypt(sealed);
  } catch {
    throw new DecryptionFailedError();
  }
}

/** Raw XChaCha20 keystream XOR (no authentication): only for data authenticated by an AEAD elsewhere. */
export function xchacha20Xor(key: Uint8Array, nonce: Uint8Array, data: Uint8Array): Uint8Array {
  return xchacha20(key, nonce, data);
}

/** `xchacha20Xor` writing into `output` (same length as `data`, not overlapping it). */
export function xchacha20XorInto(key: Uint8Array, nonce: Uint8Array, data: Uint8Array, output: Uint8Array): void {
  xchacha20(key, nonce, data, output);
}
