// What nobleCurve25519() loads: only these two of @noble/curves' ed25519 module (see ./nobleCurve25519.ts).
export { ed25519, x25519 } from "@noble/curves/ed25519.js";
