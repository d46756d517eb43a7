#!/usr/bin/env node
// The `hushlog` executable (package.json "bin"). It runs on every Node the package supports, so it uses nothing
// newer than Node 20 unguarded: no `import.meta.main` (22.18), and `enableCompileCache` (22.1) only when present.
import * as nodeModule from "node:module";

// Node's on-disk compile cache (os.tmpdir()/node-compile-cache; NODE_DISABLE_COMPILE_CACHE=1 turns it off), turned
// on before anything else loads so that every module after this one is cached: run from source, the commands load
// the library's TypeScript through type stripping, which costs seconds per start without it.
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();

const { main } = await import("./main.ts");
await main();
