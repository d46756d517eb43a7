import type { HardhatUserConfig } from "hardhat/config";
import hardhatViem from "@nomicfoundation/hardhat-viem";
import { hushlogCompilerSettings, hushlogSolcPath, hushlogSolcVersion } from "./scripts/hushlogCompiler.ts";

// solc-js ships its wasm compiler inside the npm package, so compilation never needs the network. The settings are
// pinned in scripts/hushlogCompiler.ts: the canonical address depends on the exact bytes they produce.
export default {
  plugins: [hardhatViem],
  solidity: {
    compilers: [{ version: hushlogSolcVersion, path: hushlogSolcPath, settings: { ...hushlogCompilerSettings } }],
  },
} satisfies HardhatUserConfig;
