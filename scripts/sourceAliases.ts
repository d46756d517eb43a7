import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

/**
 * Inside this repository `hushlog`, `hushlog/react`... are the TypeScript sources, not the built package: the
 * app, the examples and the tests run (and the bundle checks measure) the code as it is now, without a build.
 * package.json's "exports" point at dist/ for consumers; each entry's source is its dist path with src/ and .ts.
 * One Vite alias per entry, matched exactly (`hushlog/reactive` is not `hushlog/react`). tsconfig.json's "paths"
 * say the same for the type checker, and test/packaging checks that the two agree.
 */
export function sourceAliases(): { find: RegExp; replacement: string }[] {
  const { name, exports } = JSON.parse(readFileSync(`${root}package.json`, "utf8")) as { name: string; exports: Record<string, string | { default: string }> };
  return Object.entries(exports).flatMap(([subpath, target]) => {
    const built = typeof target === "string" ? target : target.default;
    if (!built.startsWith("./dist/")) return [];
    const specifier = subpath === "." ? name : `${name}/${subpath.slice(2)}`;
    return [{ find: new RegExp(`^${specifier.replace(/[/.]/g, "\\$&")}$`), replacement: `${root}src/${built.slice("./dist/".length).replace(/\.js$/, ".ts")}` }];
  });
}
