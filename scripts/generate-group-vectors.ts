// Regenerates test/vectors/group-v2.json. Only for an intentional protocol change (with a new version byte).
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { computeGroupVectors } from "../test/vectors/computeGroupVectors.ts";

const out = fileURLToPath(new URL("../test/vectors/group-v2.json", import.meta.url));
writeFileSync(out, `${JSON.stringify(await computeGroupVectors(), null, 2)}\n`);
console.log(`wrote ${out}`);
