import { artifacts } from "hardhat";
import { encodeDeployData, encodeFunctionData, getAddress, getContractAddress, keccak256, parseAbi, serializeErc6492Signature, toHex, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { createKeyBinding, type SignKeyBindingTypedData } from "../src/identity/createKeyBinding.ts";
import { deriveIdentity } from "../src/identity/deriveIdentity.ts";
import type { KeyBinding } from "../src/identity/KeyBinding.ts";
import { verifyKeyBinding } from "../src/identity/verifyKeyBinding.ts";
import { encodeKeyBinding } from "../src/wire/keyBindingCodec.ts";
import { createTestChain } from "../test/fixtures/createTestChain.ts";
import type { BenchResult } from "./BenchResult.ts";

const factoryAbi = parseAbi(["function deploy(address owner, bytes32 salt) returns (address)"]);

/**
 * Identity costs on the in-process chain: key derivation, binding verification per account kind (median of
 * repeated runs; an in-process EVM, so RPC latency of a real provider comes on top), and binding wire sizes.
 */
export async function benchIdentity(): Promise<BenchResult[]> {
  const chain = await createTestChain();
  try {
    const owner = privateKeyToAccount("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
    const context = { chainId: chain.deployment.chainId, contract: chain.deployment.address };
    const derive = (account: Hex) => deriveIdentity({ account, signMessage: owner.signMessage });
    const bind = async (account: Hex, sign: SignKeyBindingTypedData = owner.signTypedData) =>
      createKeyBinding(await derive(account), { signTypedData: sign, ...context, sequence: 1n });

    const eoa = await bind(owner.address);
    const deployed = getAddress((await chain.viem.deployContract("TestSmartAccount", [owner.address])).address);
    const erc1271 = await bind(deployed);
    const factory = getAddress((await chain.viem.deployContract("TestSmartAccountFactory")).address);
    const salt = keccak256(toHex("bench account"));
    const artifact = await artifacts.readArtifact("TestSmartAccount");
    const initCode = encodeDeployData({ abi: artifact.abi, bytecode: artifact.bytecode as Hex, args: [owner.address] });
    const counterfactual = getContractAddress({ opcode: "CREATE2", from: factory, salt, bytecode: initCode });
    const erc6492 = await bind(counterfactual, async (args) =>
      serializeErc6492Signature({
        address: factory,
        data: encodeFunctionData({ abi: factoryAbi, functionName: "deploy", args: [owner.address, salt] }),
        signature: await owner.signTypedData(args),
      }),
    );
    const forged: KeyBinding = { ...eoa, sequence: eoa.sequence + 1n };

    const verifyMs = (binding: KeyBinding, expected: boolean) =>
      medianMs(async () => {
        if ((await verifyKeyBinding(chain.publicClient, binding, context)) !== expected) throw new Error("benchmark verify gave the wrong answer");
      });
    return [
      { name: "identity.derive", value: await medianMs(() => derive(owner.address)), unit: "ms" },
      { name: "identity.verify.eoa", value: await verifyMs(eoa, true), unit: "ms" },
      { name: "identity.verify.eoa.forged", value: await verifyMs(forged, false), unit: "ms" },
      { name: "identity.verify.erc1271", value: await verifyMs(erc1271, true), unit: "ms" },
      { name: "identity.verify.erc6492", value: await verifyMs(erc6492, true), unit: "ms" },
      { name: "identity.binding.bytes.eoa", value: encodeKeyBinding(eoa).length, unit: "bytes" },
      { name: "identity.binding.bytes.erc6492", value: encodeKeyBinding(erc6492).length, unit: "bytes" },
    ];
  } finally {
    await chain.close();
  }
}

async function medianMs(run: () => Promise<unknown>, runs = 25): Promise<number> {
  await run(); // warm-up: WebCrypto probe, JIT
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}
