import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { installExample, npm, packRepository } from "../fixtures/packedProject.ts";

const tmp = mkdtempSync(join(tmpdir(), "hushlog-example-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("examples/hardhat-dapp against the packed tarball", () => {
  it("installs hushlog from `npm pack` output and passes its own tests (hardhat test, in-process network)", { timeout: 600_000 }, async () => {
    const testFile = readFileSync(new URL("../../examples/hardhat-dapp/test/chat.test.ts", import.meta.url), "utf8");
    // The promise to dapp developers: a first encrypted-chat test in under 15 lines.
    expect(testFile.trimEnd().split("\n").length).toBeLessThan(15);

    const tarball = await packRepository(tmp);
    const project = join(tmp, "hardhat-dapp");
    await installExample("hardhat-dapp", project, tarball);
    const installed = JSON.parse(readFileSync(join(project, "node_modules", "hushlog", "package.json"), "utf8")) as { version: string };
    expect(installed.version).toBe(JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")).version);

    const { stdout } = await npm(["test"], project);
    expect(stdout).toMatch(/✔ alice and bob chat/);
    expect(stdout).toMatch(/1 passing/);
    expect(stdout).not.toMatch(/failing/);
  });
});
