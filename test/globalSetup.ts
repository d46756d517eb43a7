import { execFileSync } from "node:child_process";
import { hardhatCli } from "../scripts/hardhatCli.ts";

// Compile the contract once before any test: the ABI staleness test and every chain fixture read the artifact.
export default function setup(): void {
  execFileSync(process.execPath, [hardhatCli, "build", "--quiet"], { stdio: "inherit" });
}
