// `hushlog/hardhat` (Node, Hardhat 3): the plugin that puts the canonical contract on every Hardhat-simulated network,
// and helpers for a dapp's own tests. Add it to hardhat.config.ts: `plugins: [hushlog]`.
import { hushlogHardhatPlugin } from "./hardhat/hushlogHardhatPlugin.ts";

export default hushlogHardhatPlugin;
export { hushlogHardhatPlugin };
export { installCanonicalHushlog, hardhatDeployer } from "./hardhat/installCanonicalHushlog.ts";
export { hushlogAccounts, type HushlogAccountsOptions, type HushlogTestAccount } from "./hardhat/hushlogAccounts.ts";
export { handshake } from "./hardhat/handshake.ts";
export { expectMessage, type ExpectedMessage } from "./hardhat/expectMessage.ts";
export { waitFor } from "./hardhat/waitFor.ts";
export { hushlogAddress } from "./chain/hushlogAddress.ts";
