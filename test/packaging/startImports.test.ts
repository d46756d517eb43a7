import { readFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));

/** Every repository file `entry` reaches through relative imports (static, dynamic and re-exports). */
function localImportGraph(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, "utf8");
    for (const [, specifier] of source.matchAll(/(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g)) visit(resolve(dirname(file), specifier!));
  };
  visit(resolve(root, entry));
  return [...seen].map((file) => relative(root, file)).sort();
}

describe("production code never imports from test/", () => {
  it.each(["scripts/start.ts", "app/vite.config.ts", "src/index.ts", "src/cli/bin.ts"])("%s", (entry) => {
    const graph = localImportGraph(entry);
    expect(graph.length).toBeGreaterThan(1);
    expect(graph.filter((file) => file.startsWith("test/"))).toEqual([]);
  });
});
