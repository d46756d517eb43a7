// Regenerates test/vectors/prekeys-v2.json. Only for an intentional protocol change (with a new version byte).
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { computePrekeyVectors } from "../test/vectors/computePrekeyVectors.ts";

const out = fileURLToPath(new URL("../test/vectors/prekeys-v2.json", import.meta.url));
writeFileSync(out, `${JSON.stringify(await computePrekeyVectors(), null, 2)}\n`);
console.log(`wrote ${out}`);
