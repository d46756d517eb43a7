// `npm start`: a local chain with Hushlog at its canonical address and the app served next to it, until Ctrl-C. A
// second checkout's `npm start` reuses the running node and finds the same contract, so its app and CLI meet ours.
import { createServer } from "vite";
import { appViteConfig } from "../app/appViteConfig.ts";
import { defaultDeploymentFile, ensureDeployment, startLocalNode } from "./localNode.ts";
import { startIntervalMining } from "./startIntervalMining.ts";

const port = Number(process.env.HUSHLOG_RPC_PORT ?? 8545);
const appPort = Number(process.env.HUSHLOG_APP_PORT ?? 5173);
const node = await startLocalNode({ port });
const deployment = await ensureDeployment(node.url);
const mining = await startIntervalMining(node.url);

// The Vite dev server serves the app and, at /deployment.json, the deployment just written: the app finds it.
const app = await createServer(appViteConfig({ deploymentFile: defaultDeploymentFile, port: appPort }));
await app.listen();
const appUrl = app.resolvedUrls?.local[0] ?? `http://127.0.0.1:${appPort}/`;

console.log(`
Hushlog is up.

  app        ${appUrl}
  chain      ${node.url} (chain id ${deployment.chainId})${node.pid ? `, hardhat node pid ${node.pid}` : ", reused a node already running"}
  contract   ${deployment.address} (the canonical address, deployed in block ${deployment.deployBlock})
  blocks     ${mining ? "a new block every second, and one per transaction" : "one per transaction (the node refused interval mining)"}
  written    ${defaultDeploymentFile}

Open the app, pick a developer account (or your browser wallet on chain ${deployment.chainId}), and open a second
browser profile or private window with another account to chat with yourself.

Press Ctrl-C to stop the app${node.pid ? " and the chain" : ""}.
`);

let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  await app.close();
  await node.stop();
  process.exit(0);
};
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
