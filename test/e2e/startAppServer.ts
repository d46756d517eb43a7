import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build, preview } from "vite";
import { appViteConfig } from "../../app/appViteConfig.ts";
import { productionBuild } from "../fixtures/productionBuild.ts";

export type AppServer = { url: string; close: () => Promise<void> };

/**
 * Builds the app for production (what `npm run build:app` ships) into a temporary directory and serves it with
 * Vite's preview server, which also serves `deploymentFile` at /deployment.json as `npm start` does. A build, not
 * the dev server: no on-demand compilation or dependency re-optimization while the test drives the page.
 */
export async function startAppServer({ deploymentFile, port }: { deploymentFile: string; port: number }): Promise<AppServer> {
  const outDir = mkdtempSync(join(tmpdir(), "hushlog-app-"));
  const config = { ...appViteConfig({ deploymentFile, outDir, port }), logLevel: "warn" as const };
  await productionBuild(() => build(config));
  const server = await preview({ ...config, preview: { ...config.preview, strictPort: true } });
  const url = server.resolvedUrls?.local[0] ?? `http://127.0.0.1:${port}/`;
  return {
    url,
    close: async () => {
      await server.close();
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}
