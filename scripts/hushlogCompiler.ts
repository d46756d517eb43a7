// The one place that says how contracts/Hushlog.sol is compiled. The canonical address is a hash of the creation
// bytecode (CREATE2), so these bytes must come out identical for anyone, anywhere, at any time: hardhat.config.ts
// compiles with exactly this, and test/chain/canonicalAddress.test.ts recompiles with plain solc-js from it.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** solc 0.8.28 from the `solc` npm package (the wasm build inside it: offline, the same bytes on every platform). */
export const hushlogSolcVersion = "0.8.28";
export const hushlogSolcPath = require.resolve("solc/soljson.js");

/**
 * Settings that change the bytecode. Metadata is left out of the bytecode entirely (no CBOR trailer, no IPFS or
 * Swarm hash): by default solc appends a hash of the metadata JSON, which covers every comment, the source file's
 * path and the compiler settings, so a comment or a moved file would move the canonical address. Without it the
 * address depends on the code the compiler produces and nothing else. The cost: block explorers match the source
 * by recompiling with these settings (a "partial" match), not by the embedded hash.
 */
export const hushlogCompilerSettings = {
  optimizer: { enabled: true, runs: 10_000 },
  evmVersion: "prague",
  metadata: { bytecodeHash: "none", appendCBOR: false },
} as const;
