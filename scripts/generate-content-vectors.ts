// Regenerates test/vectors/content-v1.json. Only for an intentional protocol change (with a new version byte).
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { computeContentVectors } from "../test/vectors/computeContentVectors.ts";

const out = fileURLToPath(new URL("../test/vectors/content-v1.json", import.meta.url));
writeFileSync(out, `${JSON.stringify(computeContentVectors(), null, 2)}\n`);
console.log(`wrote ${out}`);
