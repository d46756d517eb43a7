// Regenerates test/vectors/chain-kdf-v2.json. Only for an intentional protocol change (with a new chain KDF version).
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { computeChainKdfVectors } from "../test/vectors/computeChainKdfVectors.ts";

const out = fileURLToPath(new URL("../test/vectors/chain-kdf-v2.json", import.meta.url));
writeFileSync(out, `${JSON.stringify(await computeChainKdfVectors(), null, 2)}\n`);
console.log(`wrote ${out}`);
