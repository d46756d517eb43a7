// `npm run canonical`: prints the canonical address and init code hash of the current bytecode and pins them in
// src/chain/hushlogAddress.ts. Run it after `npm run abi` when a contract change is meant to move the address (every
// change to the contract's code does); say so in the commit, since every client then looks at the new address.
import { readFileSync, writeFileSync } from "node:fs";
import { canonicalDeployment, canonicalModulePath, renderCanonicalModule } from "./renderCanonicalModule.ts";

const { address, initCodeHash } = canonicalDeployment();
const before = readFileSync(canonicalModulePath, "utf8");
const after = renderCanonicalModule();
writeFileSync(canonicalModulePath, after);
console.log(`address         ${address}\ninit code hash  ${initCodeHash}\n${before === after ? "unchanged" : `wrote ${canonicalModulePath}`}`);
