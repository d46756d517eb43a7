// `npm run build` (also run by `prepare`, so `npm pack`, `npm publish` and a git install produce it): src/ to dist/
// as ESM JavaScript with source maps and .d.ts, which is what package.json's "exports" and "bin" point at. The
// repository itself keeps running the TypeScript sources (tests, `npm start`, the bench).
import { execFileSync } from "node:child_process";
import { chmodSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");

// A clean tree every time: a file deleted or renamed in src/ must not live on in the package.
rmSync(join(root, "dist"), { recursive: true, force: true });
execFileSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json")], { cwd: root, stdio: "inherit" });
// npm sets the mode of "bin" files when it installs a package, but not for `node dist/cli/bin.js` in this tree.
chmodSync(join(root, "dist/cli/bin.js"), 0o755);
