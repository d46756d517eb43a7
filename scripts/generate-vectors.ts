// Regenerates test/vectors/protocol-v2.json. Only for an intentional protocol change (with a new version byte).
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { computeProtocolVectors } from "../test/vectors/computeProtocolVectors.ts";

const out = fileURLToPath(new URL("../test/vectors/protocol-v2.json", import.meta.url));
writeFileSync(out, `${JSON.stringify(await computeProtocolVectors(), null, 2)}\n`);
console.log(`wrote ${out}`);
