import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { hushlogDeployedBytecode } from "../../src/chain/hushlogBytecode.ts";
import { appProvidedPackages, bundleForBrowser, coreAndReactEntry, type BrowserBundle } from "../fixtures/browserBundle.ts";

const packageJson = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
  sideEffects: boolean;
  exports: Record<string, string | { types: string; default: string }>;
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional?: boolean }>;
};

const external = (bundle: BrowserBundle) => bundle.imports.filter((id) => !appProvidedPackages.some((p) => id === p || id.startsWith(`${p}/`)));

describe("browser bundle of hushlog + hushlog/react (Vite production build)", () => {
  let bundle: BrowserBundle;

  it("bundles every export of both entry points with nothing Node-only in it", async () => {
    bundle = await bundleForBrowser(coreAndReactEntry);
    expect(bundle.nodeOnly).toEqual([]);
    // Only what the app provides stays an import; everything else (viem, @noble) is in the bundle.
    expect(external(bundle)).toEqual([]);
    expect(bundle.imports).toEqual(expect.arrayContaining(["react", "wagmi", "@tanstack/react-query"]));
    expect(bundle.modules).toEqual(expect.arrayContaining(["src/index.ts", "src/react/index.ts", "src/client/createHushlogClient.ts"]));
    expect(bundle.modules.filter((m) => /better-sqlite3|src\/store\/backends\/(sqlite|dexie)\//.test(m))).toEqual([]);
    expect(bundle.code).not.toMatch(/\b(require\(|process\.binding|__dirname)/);
    expect(bundle.gzipBytes).toBeGreaterThan(10_000);
  });

  it("leaves out what a chat app does not need: code the app's viem clients already carry, bytecode, Argon2id", async () => {
    const modules = bundle.rendered.join("\n");
    expect(modules).toMatch(/src\/client\/createHushlogClient\.ts/);
    // Transactions are sent and calls made through the app's own client methods (wagmi ships that code): importing
    // viem's actions again would add transaction preparation and CCIP-read.
    expect(modules).not.toMatch(/viem\/_esm\/actions\/wallet\/(sendTransaction|prepareTransactionRequest)\.js/);
    expect(modules).not.toMatch(/viem\/_esm\/actions\/public\/call\.js|viem\/_esm\/utils\/ccip\.js/);
    // secp256k1 is there on purpose since protocol v2: an EOA's binding is verified locally (ecrecover), never by
    // trusting the RPC; @noble/secp256k1, loaded on the first check. A smart account's check (ERC-1271/6492, with the
    // validator's bytecode) is loaded only when a signature does not recover, noble's X25519/Ed25519 only where the
    // platform has no working WebCrypto curves, a browser sending key's transaction serializer once the key holds
    // funds, node:crypto's curves only where `process` exists (never in a browser). None of them is in the initial
    // load, and nothing else is lazy.
    const lazySources = [
      "src/crypto/createNodeCurves.ts",
      "src/identity/checkContractSignature.ts",
      "src/identity/classifyCallFailure.ts",
      "src/react/createSendingKeyWalletClient.ts",
    ];
    expect(bundle.lazy.modules.filter((m) => m.startsWith("src/"))).toEqual(lazySources);
    // viem's getAbiItem (ABI overload resolution, 5 kB before gzip) only with the smart-account check: the log decoder
    // finds its events with a plain search.
    for (const lazyPackage of ["@noble/secp256k1/", "@noble/curves/abstract/edwards.js", "@noble/curves/abstract/montgomery.js", "viem/_esm/utils/abi/getAbiItem.js"]) {
      expect(bundle.lazy.modules.some((m) => m.includes(lazyPackage)), lazyPackage).toBe(true);
    }
    // Deployments are checked by code hash; deploying, backups and history transfer have their own entry points.
    expect(modules).not.toMatch(/src\/chain\/deployHushlog\.ts|src\/backup\/|src\/history\/|@noble\/hashes\/argon2/);
    expect(bundle.code).not.toContain(hushlogDeployedBytecode.slice(2, 66));
    // The provider reads through wagmi's bare client: usePublicClient would put all of viem's public actions in the app.
    expect(bundle.code).not.toMatch(/usePublicClient/);
    expect(bundle.code).toMatch(/useClient/);
    for (const entry of ["hushlog/deploy", "hushlog/backup", "hushlog/history"]) expect(packageJson.exports[entry.replace("hushlog", ".")], entry).toBeDefined();
  });

  it("hushlog/dexie is browser-safe too, with Dexie inside", async () => {
    const dexie = await bundleForBrowser('export * from "hushlog/dexie";');
    expect(dexie.nodeOnly).toEqual([]);
    expect(external(dexie)).toEqual([]);
    expect(Object.keys(dexie.packages)).toContain("dexie");
  });

  it("the check sees Node-only code where it is (hushlog/sqlite)", async () => {
    const sqlite = await bundleForBrowser('export * from "hushlog/sqlite";');
    expect(sqlite.nodeOnly.join("\n")).toMatch(/better-sqlite3-multiple-ciphers/);
    expect(sqlite.nodeOnly.join("\n")).toMatch(/stubbed Node built-in|Node built-in/);
  });

  it("package.json: subpath exports, no side effects, React/wagmi/TanStack/Dexie/SQLite as optional peers", () => {
    expect(packageJson.sideEffects).toBe(false);
    // The built files (test/packaging/packedPackage.test.ts installs and runs them); the bundles above are of the
    // sources those files are built from (scripts/sourceAliases.ts).
    expect(packageJson.exports).toMatchObject({
      ".": { types: "./dist/index.d.ts", default: "./dist/index.js" },
      "./react": { types: "./dist/react/index.d.ts", default: "./dist/react/index.js" },
      "./dexie": { types: "./dist/dexie.d.ts", default: "./dist/dexie.js" },
      "./sqlite": { types: "./dist/sqlite.d.ts", default: "./dist/sqlite.js" },
    });
    for (const name of ["react", "wagmi", "@tanstack/react-query", "dexie", "better-sqlite3-multiple-ciphers"]) {
      expect(packageJson.peerDependencies[name], name).toBeDefined();
      expect(packageJson.peerDependenciesMeta[name]?.optional, name).toBe(true);
      expect(packageJson.dependencies[name], name).toBeUndefined();
    }
    // viem is a required peer: the app's wagmi hands its viem clients to Hushlog, so both must share one viem.
    expect(packageJson.peerDependencies.viem).toBeDefined();
    expect(packageJson.peerDependenciesMeta.viem).toBeUndefined();
    expect(packageJson.dependencies.viem).toBeUndefined();
  });
});
