import { spawn } from "node:child_process";
import { rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { keccak256, toHex } from "viem";
import { afterEach, describe, expect, it } from "vitest";
import { createSqliteStore } from "../../src/store/backends/sqlite/createSqliteStore.ts";
import { createTempDir, openRawWithKey } from "./sqliteHarness.ts";

const writer = fileURLToPath(new URL("./fixtures/sqliteCrashWriter.ts", import.meta.url));
const batchSize = 100;

/** Runs the writer until `killWhen` accepts a line of its output, then SIGKILLs it; resolves with the lines seen. */
function runUntilKilled(args: string[], killWhen: (line: string, lines: string[]) => boolean): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [writer, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    const lines: string[] = [];
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const guard = setTimeout(() => child.kill("SIGKILL"), 30_000);
    createInterface({ input: child.stdout }).on("line", (line) => {
      lines.push(line);
      if (killWhen(line, lines)) child.kill("SIGKILL");
    });
    child.on("exit", (code, signal) => {
      clearTimeout(guard);
      if (signal === "SIGKILL") resolve(lines);
      else reject(new Error(`writer exited on its own (code ${code}): ${stderr}`));
    });
  });
}

async function countBatches(path: string, batches: number): Promise<number[]> {
  const store = await createSqliteStore({ path, passphrase: "crash test", kdf: { t: 1, m: 64, p: 1 } });
  try {
    const counts: number[] = [];
    for (let n = 0; n < batches; n++) counts.push((await store.messages.list(keccak256(toHex(`batch ${n}`)))).length);
    return counts;
  } finally {
    await store.close();
  }
}

async function integrity(path: string): Promise<unknown> {
  const db = await openRawWithKey(path, "crash test");
  try {
    return db.pragma("integrity_check", { simple: true });
  } finally {
    db.close();
  }
}

describe("sqlite crash safety (SIGKILL)", () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  // 0: killed right after the transaction began; 300: a few hundred kB written, all still in the page cache;
  // 20000: ~22 MB, beyond the driver's 16 MB page cache, so uncommitted pages have already spilled into the WAL.
  for (const signalAt of [0, 300, 20_000]) {
    it(`keeps none of a transaction killed after ${signalAt} records, and everything committed before`, async () => {
      dir = createTempDir();
      const path = join(dir, "crash.db");
      const lines = await runUntilKilled(["hold", path, String(signalAt)], (line) => line === "MID");
      expect(lines).toEqual(["BASE", "MID"]);
      if (signalAt === 20_000) expect(statSync(`${path}-wal`).size).toBeGreaterThan(4_000_000); // the spill happened
      expect(await countBatches(path, 2)).toEqual([batchSize, 0]);
      expect(await integrity(path)).toBe("ok");
    });
  }

  it("leaves every transaction of a busy writer whole or absent, at random kill times", async () => {
    dir = createTempDir();
    for (let run = 0; run < 3; run++) {
      const path = join(dir, `loop-${run}.db`);
      const killAfter = 3 + Math.floor(Math.random() * 15);
      const lines = await runUntilKilled(["loop", path], (_, seen) => seen.length >= killAfter);
      const lastReported = lines.length - 1;
      const counts = await countBatches(path, lastReported + 3);
      for (const [n, count] of counts.entries()) {
        if (n <= lastReported) expect(count, `batch ${n}`).toBe(batchSize);
        else expect([0, batchSize], `batch ${n}`).toContain(count);
      }
      // Commits are ordered: at most the one in flight beyond what was reported.
      expect(counts.slice(lastReported + 2).every((c) => c === 0)).toBe(true);
      expect(await integrity(path)).toBe("ok");
    }
  });
});
