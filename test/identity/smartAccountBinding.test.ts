import { artifacts } from "hardhat";
import {
  createPublicClient,
  encodeDeployData,
  getAddress,
  encodeFunctionData,
  getContractAddress,
  http,
  keccak256,
  parseAbi,
  parseEventLogs,
  serializeErc6492Signature,
  toHex,
  type Account,
  type Address,
  type Chain,
  type Hex,
  type Transport,
  type WalletClient,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hushlogAbi } from "../../src/chain/hushlogAbi.ts";
import { KeyBindingVerificationError } from "../../src/errors/identityErrors.ts";
import { bindingAllowsSender } from "../../src/identity/bindingAllowsSender.ts";
import { createKeyBinding, type SignKeyBindingTypedData } from "../../src/identity/createKeyBinding.ts";
import { deriveIdentity } from "../../src/identity/deriveIdentity.ts";
import type { KeyBinding } from "../../src/identity/KeyBinding.ts";
import { verifyKeyBinding } from "../../src/identity/verifyKeyBinding.ts";
import { decodeKeyBinding, encodeKeyBinding } from "../../src/wire/keyBindingCodec.ts";
import { createTestChain, type TestChain } from "../fixtures/createTestChain.ts";

const accountAbi = parseAbi([
  "function owner() view returns (address)",
  "function isValidSignature(bytes32 hash, bytes signature) view returns (bytes4)",
  "function execute(address target, bytes data) payable returns (bytes)",
  "error NotOwner()",
]);
const factoryAbi = parseAbi([
  "function deploy(address owner, bytes32 salt) returns (address)",
  "function addressOf(address owner, bytes32 salt) view returns (address)",
]);
const mallory = privateKeyToAccount("0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6");

let chain: TestChain;
let owner: WalletClient<Transport, Chain, Account>;
let context: { chainId: number; contract: Address };

beforeAll(async () => {
  chain = await createTestChain();
  owner = chain.walletClients[2]!;
  context = { chainId: chain.deployment.chainId, contract: chain.deployment.address };
});
afterAll(() => chain.close());

/** An identity for `account` whose seed and binding the owner EOA signs (the account validates via its owner). */
async function bindingFor(account: Address, sign: SignKeyBindingTypedData = owner.signTypedData): Promise<KeyBinding> {
  const identity = await deriveIdentity({ account, signMessage: owner.signMessage });
  return createKeyBinding(identity, { signTypedData: sign, ...context, sequence: 1n });
}

describe("ERC-1271 smart account", () => {
  let account: Address;
  beforeAll(async () => {
    const deployed = await chain.viem.deployContract("TestSmartAccount", [owner.account.address]);
    account = getAddress(deployed.address);
  });

  it("verifies a binding the owner signed for the account", async () => {
    const binding = await bindingFor(account);
    expect(binding.account).toBe(account);
    expect(await verifyKeyBinding(chain.publicClient, binding, context)).toBe(true);
    const decoded = decodeKeyBinding(encodeKeyBinding(binding), context);
    expect(await verifyKeyBinding(chain.publicClient, decoded, context)).toBe(true);
  });

  it("rejects a binding signed by someone else, or tampered", async () => {
    expect(await verifyKeyBinding(chain.publicClient, await bindingFor(account, mallory.signTypedData), context)).toBe(false);
    const binding = await bindingFor(account);
    expect(await verifyKeyBinding(chain.publicClient, { ...binding, sequence: 2n }, context)).toBe(false);
  });

  it("needs the RPC: an unreachable one gives a typed error, not false", async () => {
    const dead = createPublicClient({ transport: http("http://127.0.0.1:1", { retryCount: 0 }) });
    await expect(verifyKeyBinding(dead, await bindingFor(account), context)).rejects.toThrow(KeyBindingVerificationError);
  });

  it("lets the owner send Hushlog transactions as the account (the log's sender is the account)", async () => {
    const topic = keccak256(toHex("smart account topic"));
    const data = encodeFunctionData({ abi: hushlogAbi, functionName: "sendMessage", args: [topic, "0x1234"] });
    const hash = await owner.writeContract({ address: account, abi: accountAbi, functionName: "execute", args: [context.contract, data] });
    const receipt = await chain.publicClient.waitForTransactionReceipt({ hash });
    const [log] = parseEventLogs({ abi: hushlogAbi, logs: receipt.logs, eventName: "Message" });
    expect(log!.args.sender).toBe(account);
    expect(bindingAllowsSender(await bindingFor(account), log!.args.sender)).toBe(true);

    const stranger = chain.walletClients[3]!;
    await expect(
      chain.publicClient.simulateContract({
        account: stranger.account,
        address: account,
        abi: accountAbi,
        functionName: "execute",
        args: [context.contract, data],
      }),
    ).rejects.toThrow(/NotOwner/);
  });
});

describe("ERC-6492 counterfactual smart account", () => {
  let factory: Address;
  let initCode: Hex;
  const salt = keccak256(toHex("hushlog test account"));

  beforeAll(async () => {
    factory = getAddress((await chain.viem.deployContract("TestSmartAccountFactory")).address);
    const artifact = await artifacts.readArtifact("TestSmartAccount");
    initCode = encodeDeployData({ abi: artifact.abi, bytecode: artifact.bytecode as Hex, args: [owner.account.address] });
  });

  /** Signs with `signer` and wraps the signature with the factory call that would deploy (owner, salt). */
  const wrapped =
    (signer: SignKeyBindingTypedData, deployOwner: Address = owner.account.address): SignKeyBindingTypedData =>
    async (args) =>
      serializeErc6492Signature({
        address: factory,
        data: encodeFunctionData({ abi: factoryAbi, functionName: "deploy", args: [deployOwner, salt] }),
        signature: await signer(args),
      });

  it("verifies before the account exists, and deploys nothing", async () => {
    const account = getContractAddress({ opcode: "CREATE2", from: factory, salt, bytecode: initCode });
    expect(await chain.publicClient.readContract({ address: factory, abi: factoryAbi, functionName: "addressOf", args: [owner.account.address, salt] })).toBe(account);
    expect(await chain.publicClient.getCode({ address: account })).toBeUndefined();

    const binding = await bindingFor(account, wrapped(owner.signTypedData));
    expect(await verifyKeyBinding(chain.publicClient, binding, context)).toBe(true);
    const decoded = decodeKeyBinding(encodeKeyBinding(binding), context);
    expect(decoded).toEqual(binding);
    expect(await verifyKeyBinding(chain.publicClient, decoded, context)).toBe(true);

    expect(await chain.publicClient.getCode({ address: account })).toBeUndefined();
  });

  it("rejects a wrong owner's signature, and a wrapper that would deploy a different account", async () => {
    const account = getContractAddress({ opcode: "CREATE2", from: factory, salt, bytecode: initCode });
    // Mallory signs and wraps the real deployment: the account's owner is not Mallory.
    expect(await verifyKeyBinding(chain.publicClient, await bindingFor(account, wrapped(mallory.signTypedData)), context)).toBe(false);
    // Mallory wraps a deployment that makes HER the owner: that creates another address, not this account.
    const hijack = await bindingFor(account, wrapped(mallory.signTypedData, mallory.address));
    expect(await verifyKeyBinding(chain.publicClient, hijack, context)).toBe(false);
    expect(await chain.publicClient.getCode({ address: account })).toBeUndefined();
  });

  it("is false (a verdict, not an RPC error) when the wrapped factory call reverts", async () => {
    const account = getContractAddress({ opcode: "CREATE2", from: factory, salt, bytecode: initCode });
    // Hushlog's packed entry point reverts on the unknown kind 0xff, so the validator's deployment step fails.
    const broken: SignKeyBindingTypedData = async (args) =>
      serializeErc6492Signature({ address: context.contract, data: "0xff", signature: await owner.signTypedData(args) });
    expect(await verifyKeyBinding(chain.publicClient, await bindingFor(account, broken), context)).toBe(false);
  });

  it("keeps verifying once the account is deployed", async () => {
    const account = getContractAddress({ opcode: "CREATE2", from: factory, salt, bytecode: initCode });
    const binding = await bindingFor(account, wrapped(owner.signTypedData));
    const hash = await owner.writeContract({ address: factory, abi: factoryAbi, functionName: "deploy", args: [owner.account.address, salt] });
    await chain.publicClient.waitForTransactionReceipt({ hash });
    expect(await chain.publicClient.getCode({ address: account })).toBeDefined();
    expect(await verifyKeyBinding(chain.publicClient, binding, context)).toBe(true);
    expect(await verifyKeyBinding(chain.publicClient, await bindingFor(account, mallory.signTypedData), context)).toBe(false);
  });
});
