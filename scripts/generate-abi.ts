import { writeFileSync } from "node:fs";
import { abiModulePath, bytecodeModulePath, renderAbiModules } from "./renderAbiModules.ts";

const { abi, bytecode } = renderAbiModules();
writeFileSync(abiModulePath, abi);
writeFileSync(bytecodeModulePath, bytecode);
console.log(`wrote ${abiModulePath}\nwrote ${bytecodeModulePath}`);
