// `npm run bench [-- group ...]`: runs benchmark groups, prints a table, writes bench/results.json.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { BenchResult } from "./BenchResult.ts";
import { benchBundle } from "./bundle.ts";
import { benchCli } from "./cli.ts";
import { benchContent } from "./content.ts";
import { benchCrypto } from "./crypto.ts";
import { benchGas } from "./gas.ts";
import { benchGroup } from "./group.ts";
import { benchIdentity } from "./identity.ts";
import { benchPrekeys } from "./prekeys.ts";
import { benchStore } from "./store.ts";
import { benchSync } from "./sync.ts";
import { benchSyncScale } from "./syncScale.ts";
import { benchSyncThroughput } from "./syncThroughput.ts";

const groups: Record<string, () => Promise<BenchResult[]>> = {
  gas: benchGas,
  content: benchContent,
  crypto: benchCrypto,
  identity: benchIdentity,
  store: benchStore,
  sync: benchSync,
  throughput: benchSyncThroughput,
  scale: benchSyncScale,
  group: benchGroup,
  bundle: benchBundle,
  prekeys: benchPrekeys,
  cli: benchCli,
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !(name in groups));
if (unknown.length) {
  console.error(`unknown benchmark group(s): ${unknown.join(", ")}; known: ${Object.keys(groups).join(", ")}`);
  process.exit(2);
}

const results: BenchResult[] = [];
for (const [name, run] of Object.entries(groups)) {
  if (wanted.length && !wanted.includes(name)) continue;
  results.push(...(await run()));
}

const goalText = (r: BenchResult) => {
  if (!r.goal) return "";
  const ok = (r.goal.max === undefined || r.value <= r.goal.max) && (r.goal.min === undefined || r.value >= r.goal.min);
  const bound = r.goal.max !== undefined ? `<= ${r.goal.max}` : `>= ${r.goal.min}`;
  return `${bound} ${ok ? "ok" : "MISSED"}`;
};
const rows = results.map((r) => [r.name, formatValue(r.value), r.unit, goalText(r)]);
const widths = [0, 1, 2, 3].map((c) => Math.max(...[["name", "value", "unit", "goal"], ...rows].map((row) => row[c]!.length)));
const line = (row: string[]) => row.map((cell, c) => (c === 1 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join("  ");
console.log(line(["name", "value", "unit", "goal"]));
console.log(widths.map((w) => "-".repeat(w)).join("  "));
for (const row of rows) console.log(line(row));

const out = fileURLToPath(new URL("./results.json", import.meta.url));
writeFileSync(out, `${JSON.stringify(results.map(({ name, value, unit }) => ({ name, value, unit })), null, 2)}\n`);
console.log(`\nwrote ${out}`);
process.exit(0);

function formatValue(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(value < 1 ? 4 : 2);
}
