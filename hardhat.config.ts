import type { HardhatUserConfig } from "hardhat/config";
import hardhatViem from "@nomicfoundation/hardhat-viem";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

// solc-js ships its wasm compiler inside the npm package, so compilation never needs the network.
export default {
  plugins: [hardhatViem],
  solidity: {
    compilers: [
      {
        version: "0.8.28",
        path: require.resolve("solc/soljson.js"),
        settings: { optimizer: { enabled: true, runs: 10_000 }, evmVersion: "prague" },
      },
    ],
  },
} satisfies HardhatUserConfig;
