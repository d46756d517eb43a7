/**
 * `npm test`: the type check and the test suite side by side, failing when either fails. tsc is one thread for
 * about 30 s and the suite's two workers wait on chains and child processes much of the time, so running them
 * together takes the type check off the critical path of a 2-core machine (sequential, it added those 30 s to the
 * wall time). Arguments go to Vitest (`npm test -- test/client`).
 */
import { spawn } from "node:child_process";
import { join } from "node:path";

const bin = (name: string) => join(import.meta.dirname, "..", "node_modules", ".bin", name);

function run(command: string, args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: "inherit" });
    child.on("error", () => resolve(1));
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

// Incremental: a tree checked before is re-checked from what changed (about 6 s of CPU instead of 31 here); the
// build info lives in the ignored .cache/ and a fresh clone checks everything.
const tscArgs = ["--noEmit", "--incremental", "--tsBuildInfoFile", join(import.meta.dirname, "..", ".cache", "tsc", "tsbuildinfo")];
const [typecheck, tests] = await Promise.all([run(bin("tsc"), tscArgs), run(bin("vitest"), ["run", ...process.argv.slice(2)])]);
if (typecheck !== 0) console.error("npm test: the type check (tsc --noEmit) failed");
process.exit(typecheck || tests);
