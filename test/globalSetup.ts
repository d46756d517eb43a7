import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { dirname } from "node:path";
import type { TestProject } from "vitest/node";
import { hardhatCli } from "../scripts/hardhatCli.ts";
import { buildCliBundle } from "./cli/buildCliBundle.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** The CLI the tests spawn, bundled from the sources for this run (test/cli/buildCliBundle.ts). */
    cliBundle: string;
  }
}

// Compile the contract once before any test: the ABI staleness test and every chain fixture read the artifact.
// Bundle the CLI once for the run, in a directory of its own (two runs of the suite in one tree must not share it).
export default async function setup(project: TestProject): Promise<() => void> {
  execFileSync(process.execPath, [hardhatCli, "build", "--quiet"], { stdio: "inherit" });
  const cliBundle = await buildCliBundle(`cli-test-${process.pid}`);
  project.provide("cliBundle", cliBundle);
  return () => rmSync(dirname(cliBundle), { recursive: true, force: true });
}
