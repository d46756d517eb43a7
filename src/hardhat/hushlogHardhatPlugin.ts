import type { HardhatPlugin } from "hardhat/types/plugins";

/**
 * The Hardhat 3 plugin of `hushlog/hardhat`: the canonical Hushlog contract at `hushlogAddress` on every
 * Hardhat-simulated network, in-process (`network.create()`, tests) and behind `hardhat node`, so dapps, the CLI
 * and the app find it there with no configuration.
 *
 * @example
 * // hardhat.config.ts
 * import hushlog from "hushlog/hardhat";
 * export default { plugins: [hushlog] };
 */
export const hushlogHardhatPlugin: HardhatPlugin = {
  id: "hushlog",
  npmPackage: "hushlog",
  hookHandlers: {
    network: () => import("./networkHooks.ts"),
  },
};
