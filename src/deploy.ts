// `hushlog/deploy`: deploying the contract (local networks, tests, scripts). Kept out of `hushlog` so the
// contract's bytecode is not in every browser bundle; a client checks a deployment by code hash alone.
export { deployHushlog, type Deployment, type DeployHushlogOptions } from "./chain/deployHushlog.ts";
export { ensureDeterministicDeployer, type DeployerSetup } from "./chain/ensureDeterministicDeployer.ts";
export { hushlogBytecode, hushlogDeployedBytecode, hushlogDeployedCodeHash } from "./chain/hushlogBytecode.ts";
