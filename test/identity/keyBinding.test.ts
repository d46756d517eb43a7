import { createPublicClient, getAddress, http, zeroAddress, type Address, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { mainnet } from "viem/chains";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_KEY_BINDING_DELEGATES } from "../../src/constants.ts";
import {
  ClientChainMismatchError,
  InvalidDelegatesError,
  InvalidKeyBindingError,
  KeyBindingVerificationError,
} from "../../src/errors/identityErrors.ts";
import { bindingAllowsSender } from "../../src/identity/bindingAllowsSender.ts";
import { createKeyBinding } from "../../src/identity/createKeyBinding.ts";
import { deriveIdentity } from "../../src/identity/deriveIdentity.ts";
import type { Identity } from "../../src/identity/Identity.ts";
import type { KeyBinding } from "../../src/identity/KeyBinding.ts";
import { keyBindingDomain } from "../../src/identity/keyBindingDomain.ts";
import { keyBindingTypes } from "../../src/identity/keyBindingTypes.ts";
import { verifyKeyBinding } from "../../src/identity/verifyKeyBinding.ts";
import { createTestChain, type TestChain } from "../fixtures/createTestChain.ts";

const mallory = privateKeyToAccount("0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6");
const relayer = privateKeyToAccount("0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a");
const otherContract: Address = "0x000000000000000000000000000000000000dEaD";
const deadRpc = () => createPublicClient({ transport: http("http://127.0.0.1:1", { retryCount: 0 }) });

let chain: TestChain;
let identity: Identity;
let binding: KeyBinding;
let context: { chainId: number; contract: Address };
const wallet = () => chain.walletClients[1]!;

beforeAll(async () => {
  chain = await createTestChain();
  context = { chainId: chain.deployment.chainId, contract: chain.deployment.address };
  identity = await deriveIdentity({ account: wallet().account.address, signMessage: wallet().signMessage });
  binding = await createKeyBinding(identity, {
    signTypedData: wallet().signTypedData,
    ...context,
    delegates: [relayer.address],
    issuedAt: 1_700_000_000n,
  });
});
afterAll(() => chain.close());

describe("createKeyBinding", () => {
  it("signs the identity's public keys for this chain and contract", async () => {
    expect(binding).toMatchObject({
      account: getAddress(wallet().account.address),
      delegates: [relayer.address],
      issuedAt: 1_700_000_000n,
      chainId: context.chainId,
      contract: getAddress(context.contract),
    });
    expect(binding.x25519).toHaveLength(66);
    expect(binding.signature).toHaveLength(2 + 130);
    expect(keyBindingDomain(context)).toEqual({ name: "Hushlog", version: "1", chainId: context.chainId, verifyingContract: context.contract });
    expect(keyBindingTypes.KeyBinding.map((field) => `${field.type} ${field.name}`)).toEqual([
      "address account",
      "bytes32 x25519",
      "bytes32 ed25519",
      "address[] delegates",
      "uint64 issuedAt",
    ]);
  });

  it("defaults issuedAt to now and normalises delegates (deduplicated, checksummed)", async () => {
    const before = BigInt(Math.floor(Date.now() / 1000));
    const made = await createKeyBinding(identity, {
      signTypedData: wallet().signTypedData,
      ...context,
      delegates: [relayer.address.toLowerCase() as Address, relayer.address, mallory.address],
    });
    expect(made.issuedAt >= before && made.issuedAt <= before + 5n).toBe(true);
    expect(made.delegates).toEqual([relayer.address, mallory.address]);
    expect(await verifyKeyBinding(chain.publicClient, made, context)).toBe(true);
  });

  it("refuses the account itself, the zero address and too many delegates", async () => {
    const make = (delegates: Address[]) => createKeyBinding(identity, { signTypedData: wallet().signTypedData, ...context, delegates });
    await expect(make([identity.account.toLowerCase() as Address])).rejects.toThrow(InvalidDelegatesError);
    await expect(make([zeroAddress])).rejects.toThrow(InvalidDelegatesError);
    const many = Array.from({ length: MAX_KEY_BINDING_DELEGATES + 1 }, (_, i) => getAddress(`0x${(i + 1).toString(16).padStart(40, "0")}`));
    await expect(make(many)).rejects.toThrow(InvalidDelegatesError);
    await expect(make(many.slice(1))).resolves.toBeDefined();
  });
});

describe("verifyKeyBinding (EOA)", () => {
  it("accepts the account's own binding", async () => {
    expect(await verifyKeyBinding(chain.publicClient, binding, context)).toBe(true);
  });

  it("rejects any tampered field", async () => {
    const flip = (hex: Hex): Hex => `0x${hex.slice(2, -1)}${hex.endsWith("0") ? "1" : "0"}`;
    const tampered: KeyBinding[] = [
      { ...binding, x25519: flip(binding.x25519) },
      { ...binding, ed25519: flip(binding.ed25519) },
      { ...binding, delegates: [] },
      { ...binding, delegates: [mallory.address] },
      { ...binding, delegates: [relayer.address, mallory.address] },
      { ...binding, issuedAt: binding.issuedAt + 1n },
      { ...binding, account: mallory.address },
    ];
    for (const forged of tampered) expect(await verifyKeyBinding(chain.publicClient, forged, context)).toBe(false);
  });

  it("is false for another chain or contract, even when the binding claims it", async () => {
    expect(await verifyKeyBinding(chain.publicClient, binding, { ...context, chainId: context.chainId + 1 })).toBe(false);
    expect(await verifyKeyBinding(chain.publicClient, binding, { ...context, contract: otherContract })).toBe(false);
    // Relabelled to match the verifier's context: the signature covers the domain, so still false.
    const moved = { ...binding, contract: otherContract };
    expect(await verifyKeyBinding(chain.publicClient, moved, { ...context, contract: otherContract })).toBe(false);
  });

  it("is false when another account signed it", async () => {
    const forged = await createKeyBinding(identity, { signTypedData: mallory.signTypedData, ...context });
    expect(forged.account).toBe(identity.account);
    expect(await verifyKeyBinding(chain.publicClient, forged, context)).toBe(false);
  });

  it("is false (not an error) for a signature the validator reverts on", async () => {
    const garbage = { ...binding, signature: `0x${"ab".repeat(40)}` as Hex };
    expect(await verifyKeyBinding(chain.publicClient, garbage, context)).toBe(false);
  });

  it("throws a typed error for a malformed binding", async () => {
    const malformed: KeyBinding[] = [
      { ...binding, x25519: "0x1234" },
      { ...binding, issuedAt: 1n << 64n },
      { ...binding, signature: "0x" },
      { ...binding, delegates: [relayer.address, relayer.address] },
      { ...binding, delegates: [binding.account] },
      { ...binding, account: zeroAddress },
    ];
    for (const bad of malformed) await expect(verifyKeyBinding(chain.publicClient, bad, context)).rejects.toThrow(InvalidKeyBindingError);
  });
});

describe("verifyKeyBinding when the RPC fails", () => {
  it("throws a retryable typed error instead of answering false", async () => {
    const forged = { ...binding, issuedAt: binding.issuedAt + 1n };
    const error = await verifyKeyBinding(deadRpc(), forged, context).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KeyBindingVerificationError);
    expect((error as KeyBindingVerificationError).code).toBe("IDENTITY_BINDING_VERIFICATION_FAILED");
    expect((error as KeyBindingVerificationError).cause).toBeDefined();
  });

  it("a valid EOA binding with the RPC down is a retryable error too, never a verdict", async () => {
    // Verification is one eth_call of the universal validator for every account kind (no JS secp256k1 in bundles).
    await expect(verifyKeyBinding(deadRpc(), binding, context)).rejects.toThrow(KeyBindingVerificationError);
  });

  it("refuses a client that is connected to another chain", async () => {
    const onMainnet = createPublicClient({ chain: mainnet, transport: http("http://127.0.0.1:1", { retryCount: 0 }) });
    await expect(verifyKeyBinding(onMainnet, binding, context)).rejects.toThrow(ClientChainMismatchError);
  });
});

describe("bindingAllowsSender", () => {
  it("allows the account and its delegates, in any case, and nobody else", () => {
    expect(bindingAllowsSender(binding, binding.account.toLowerCase())).toBe(true);
    expect(bindingAllowsSender(binding, relayer.address.toUpperCase().replace("0X", "0x"))).toBe(true);
    expect(bindingAllowsSender(binding, mallory.address)).toBe(false);
    expect(bindingAllowsSender({ ...binding, delegates: [] }, relayer.address)).toBe(false);
  });
});
