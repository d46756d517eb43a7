import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { getAddress } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestChain, type TestChain } from "../fixtures/createTestChain.ts";
import { createTestClient, syncUntil } from "../fixtures/createTestClients.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const readme = readFileSync(join(root, "README.md"), "utf8");

/** The first ```ts block under "## Use it from Node", exactly as the README shows it. */
function nodeSnippet(): string {
  const section = readme.split("\n## Use it from Node\n")[1]?.split("\n## ")[0] ?? "";
  const code = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  if (!code) throw new Error('no ```ts block under "## Use it from Node" in README.md');
  return code;
}

let chain: TestChain;
let server: Server;
let rpcUrl: string;
const temp = mkdtempSync(join(tmpdir(), "hushlog-readme-"));

beforeAll(async () => {
  chain = await createTestChain();
  // The snippet talks JSON-RPC over HTTP, as to a node: this serves the in-process chain's provider.
  server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const { id, method, params } = JSON.parse(Buffer.concat(chunks).toString()) as { id: number; method: string; params: unknown[] };
    const reply = await chain.provider.request({ method, params } as never).then(
      (result) => ({ jsonrpc: "2.0", id, result }),
      (error: { code?: number; message?: string; data?: unknown }) => ({ jsonrpc: "2.0", id, error: { code: error.code ?? -32603, message: error.message ?? "error", data: error.data } }),
    );
    response.setHeader("content-type", "application/json");
    response.end(JSON.stringify(reply, (_, v) => (typeof v === "bigint" ? `0x${v.toString(16)}` : v)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  rpcUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await chain?.close();
  rmSync(temp, { recursive: true, force: true });
});

describe("README: Use it from Node", () => {
  it("the snippet runs unedited against a local chain: the peer receives its request, note included", async () => {
    const bob = await createTestClient(chain, 2);
    const snippet = nodeSnippet();
    // Inside the repository, so `hushlog` and `hushlog/sqlite` resolve to the sources like every test's imports.
    const dir = join(root, "test-results", "readme");
    mkdirSync(dir, { recursive: true });
    const file = join(dir, "nodeSnippet.ts");
    writeFileSync(file, snippet);
    Object.assign(process.env, { RPC_URL: rpcUrl, HUSHLOG_CONTRACT: chain.deployment.address, HUSHLOG_DB: join(temp, "bot.db"), HUSHLOG_PASSPHRASE: "readme test" });
    const printed: string[] = [];
    const log = console.log;
    console.log = (...args: unknown[]) => void printed.push(args.join(" "));
    try {
      await import(/* @vite-ignore */ file);
    } finally {
      console.log = log;
      for (const key of ["RPC_URL", "HUSHLOG_CONTRACT", "HUSHLOG_DB", "HUSHLOG_PASSPHRASE"]) delete process.env[key];
    }
    // The snippet's defaults: development account #1 writes to #2, which is Bob here.
    expect(getAddress(bob.wallet.account.address)).toBe("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC");
    await syncUntil([bob.client], async () => (await bob.client.requests("pending")).length === 1);
    const [request] = await bob.client.requests("pending");
    expect(request).toMatchObject({ from: privateKeyToAccount("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d").address, note: "hello from a bot", verified: true });
    expect(printed).toEqual([]);
  });
});
