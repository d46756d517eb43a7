import { createPublicClient, createWalletClient, custom, defineChain, keccak256, numberToHex, type EIP1193RequestFn, type PublicClient } from "viem";
import { deployHushlog, type Deployment } from "../chain/deployHushlog.ts";
import { deterministicDeployer } from "../chain/deterministicDeployer.ts";
import { hushlogAddress } from "../chain/hushlogAddress.ts";
import { hushlogDeployedCodeHash } from "../chain/hushlogBytecode.ts";

/**
 * The account that sends the deployment on a Hardhat network: keccak256("hushlog/hardhat/deployer")[12:], nobody's
 * key. Impersonated and given its gas with hardhat_setBalance, so the network's named accounts keep their nonces
 * and balances (a dapp's own contract addresses and balance checks do not move when the plugin is added).
 */
export const hardhatDeployer = "0x40077824E95A9018237e31A1AF3D68b004912FB1" as const;

type Provider = { request: EIP1193RequestFn };

/**
 * Makes the canonical Hushlog present on a Hardhat-simulated network (in-process, or behind `hardhat node`):
 * nothing when it is already there (a fork of a chain that has it), else the CREATE2 factory's code put in place as
 * anvil does at genesis (hardhat_setCode: no block, no funded keyless signer, whatever the base fee), then Hushlog
 * deployed through it by a real CREATE2 transaction from `hardhatDeployer`: one block. Automining is switched on
 * for that transaction and restored after.
 *
 * @example
 * const connection = await network.create();
 * await installCanonicalHushlog(connection.provider); // what the hushlog/hardhat plugin does on every connection
 */
export async function installCanonicalHushlog(provider: Provider): Promise<Deployment | null> {
  const request = provider.request.bind(provider) as (args: { method: string; params?: unknown[] }) => Promise<unknown>;
  const code = (await request({ method: "eth_getCode", params: [hushlogAddress, "latest"] })) as `0x${string}`;
  if (code !== "0x" && keccak256(code) === hushlogDeployedCodeHash) return null;

  const factoryCode = (await request({ method: "eth_getCode", params: [deterministicDeployer.address, "latest"] })) as `0x${string}`;
  if (factoryCode === "0x") await request({ method: "hardhat_setCode", params: [deterministicDeployer.address, deterministicDeployer.code] });
  const chain = defineChain({
    id: Number(await request({ method: "eth_chainId" })),
    name: "Hardhat",
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [] } },
  });
  const transport = custom(provider);
  const publicClient = createPublicClient({ chain, transport, pollingInterval: 10 }) as PublicClient;
  const walletClient = createWalletClient({ account: hardhatDeployer, chain, transport, pollingInterval: 10 });

  const automine = (await request({ method: "hardhat_getAutomine" })) as boolean;
  await request({ method: "hardhat_setBalance", params: [hardhatDeployer, numberToHex(10n ** 18n)] });
  await request({ method: "hardhat_impersonateAccount", params: [hardhatDeployer] });
  if (!automine) await request({ method: "evm_setAutomine", params: [true] });
  try {
    return await deployHushlog(walletClient, publicClient);
  } finally {
    if (!automine) await request({ method: "evm_setAutomine", params: [false] });
    await request({ method: "hardhat_stopImpersonatingAccount", params: [hardhatDeployer] });
  }
}
