// A client process that is killed mid-send by test/client/crash.test.ts. Configuration comes in HUSHLOG_CRASH
// (JSON); it prints one marker line at the moment the parent should kill it, then hangs.
import { createPublicClient, createWalletClient, custom, http, type Address, type Hex } from "viem";
import { hardhat } from "viem/chains";
import { createHushlogClient } from "../../src/client/createHushlogClient.ts";
import { createKeyBinding } from "../../src/identity/createKeyBinding.ts";
import { deriveIdentity } from "../../src/identity/deriveIdentity.ts";
import { createSqliteStore } from "../../src/store/backends/sqlite/createSqliteStore.ts";

type Config = {
  rpcUrl: string;
  contract: Address;
  deployBlock: string;
  account: Address;
  storePath: string;
  conversationId: Hex;
  text: string;
  mode: "before-broadcast" | "after-broadcast" | "after-submit";
};
const config = JSON.parse(process.env.HUSHLOG_CRASH!) as Config;
const hang = () => new Promise<never>(() => {});
const rpc = http(config.rpcUrl)({ chain: hardhat });

const wallet = createWalletClient({
  account: config.account,
  chain: hardhat,
  transport: custom({
    async request({ method, params }) {
      if (method === "eth_sendTransaction") {
        if (config.mode === "before-broadcast") {
          console.log("KILL ME");
          return hang();
        }
        const hash = await rpc.request({ method, params } as never);
        if (config.mode === "after-broadcast") {
          console.log("KILL ME");
          return hang();
        }
        return hash;
      }
      return rpc.request({ method, params } as never);
    },
  }),
});
const publicClient = createPublicClient({ chain: hardhat, transport: http(config.rpcUrl) });
const identity = await deriveIdentity({ account: config.account, signMessage: ({ message }) => wallet.signMessage({ message }) });
const binding = await createKeyBinding(identity, {
  signTypedData: (args) => wallet.signTypedData(args as never),
  chainId: hardhat.id,
  contract: config.contract,
  sequence: 1n,
});
const store = await createSqliteStore({ path: config.storePath, passphrase: "crash test", account: config.account, kdf: { t: 1, m: 64, p: 1 } });
const client = createHushlogClient({ publicClient: publicClient as never, walletClient: wallet, contract: config.contract, identity, binding, store, deployBlock: BigInt(config.deployBlock), confirmations: 1, finality: { depth: 1 } });
await client.sendMessage(config.conversationId, config.text);
console.log("KILL ME");
await hang();
