// `npm start`: a local chain with Hushlog deployed, kept running until Ctrl-C.
import { defaultDeploymentFile, ensureDeployment, startLocalNode } from "../test/fixtures/localNode.ts";

const port = Number(process.env.HUSHLOG_RPC_PORT ?? 8545);
const node = await startLocalNode({ port });
const deployment = await ensureDeployment(node.url);

console.log(`
Hushlog is up.

  chain      ${node.url} (chain id ${deployment.chainId})${node.pid ? `, hardhat node pid ${node.pid}` : ", reused a node already running"}
  contract   ${deployment.address} (deployed in block ${deployment.deployBlock})
  written    ${defaultDeploymentFile}

Press Ctrl-C to stop${node.pid ? " the chain" : ""}.
`);

let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  await node.stop();
  process.exit(0);
};
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
setInterval(() => {}, 1 << 30);
