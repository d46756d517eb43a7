import { readFileSync } from "node:fs";
import type { Connect, Plugin } from "vite";

/**
 * Serves the local deployment that `npm start` writes (chain id, contract, deploy block, RPC URL) at
 * `/deployment.json`, read on every request so a redeployment is picked up by the next page load. Dev and preview
 * servers only: a production build (`npm run build:app`) has no such file and takes its settings from the page's
 * query, its build environment or the settings screen.
 */
export function deploymentPlugin(file: string): Plugin {
  const serve: Connect.NextHandleFunction = (req, res, next) => {
    if (req.url?.split("?")[0] !== "/deployment.json") return next();
    let body: string;
    try {
      body = readFileSync(file, "utf8");
    } catch {
      res.statusCode = 404;
      res.end();
      return;
    }
    res.setHeader("content-type", "application/json");
    res.setHeader("cache-control", "no-store");
    res.end(body);
  };
  return {
    name: "hushlog-deployment",
    configureServer: (server) => void server.middlewares.use(serve),
    configurePreviewServer: (server) => void server.middlewares.use(serve),
  };
}
