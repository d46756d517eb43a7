import { readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const specifierPattern = /(?:^|\s)(?:import|export)\s[^;]*?from\s*["']([^"']+)["']|import\s*\(\s*["']([^"']+)["']\s*\)|^import\s*["']([^"']+)["']/gm;

/** Every package a module reaches through its static and dynamic imports, following relative ones. */
function reachablePackages(entry: string): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const match of readFileSync(file, "utf8").matchAll(specifierPattern)) {
      const specifier = match[1] ?? match[2] ?? match[3]!;
      if (specifier.startsWith(".")) visit(resolve(dirname(file), specifier));
      else packages.add(specifier);
    }
  };
  visit(resolve(root, entry));
  return packages;
}

const nodeOnly = (specifier: string) =>
  specifier.startsWith("node:") || builtinModules.includes(specifier) || specifier.startsWith("better-sqlite3");

describe("store entry points", () => {
  it("reach nothing Node-only from the browser-safe ones (core, react, dexie, memory)", () => {
    for (const entry of ["src/index.ts", "src/react/index.ts", "src/dexie.ts", "src/store/backends/memory/createMemoryStore.ts"]) {
      const packages = reachablePackages(entry);
      expect(packages.size, entry).toBeGreaterThan(0);
      expect([...packages].filter(nodeOnly), entry).toEqual([]);
    }
  });

  it("the check sees Node-only imports where they are (sqlite)", () => {
    expect([...reachablePackages("src/sqlite.ts")].filter(nodeOnly)).toEqual(expect.arrayContaining(["better-sqlite3-multiple-ciphers", "node:fs"]));
  });

  it("export their factories", async () => {
    expect(typeof (await import("../../src/sqlite.ts")).createSqliteStore).toBe("function");
    expect(typeof (await import("../../src/dexie.ts")).createDexieStore).toBe("function");
  });
});
