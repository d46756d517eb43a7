import hardhatNodeTestRunner from "@nomicfoundation/hardhat-node-test-runner";
import type { HardhatUserConfig } from "hardhat/config";
import hushlog from "hushlog/hardhat";

// hushlog puts the canonical Hushlog contract on every Hardhat network (tests and `npx hardhat node`).
export default { plugins: [hardhatNodeTestRunner, hushlog] } satisfies HardhatUserConfig;
