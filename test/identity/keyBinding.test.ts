import {
  bytesToHex,
  concatBytes,
  concatHex,
  hexToBigInt,
  hexToBytes,
  numberToHex,
  createPublicClient,
  custom,
  getAddress,
  hashTypedData,
  http,
  zeroAddress,
  type Address,
  type EIP1193RequestFn,
  type Hex,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { mainnet } from "viem/chains";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_BINDING_LIFETIME_SECONDS, MAX_KEY_BINDING_DELEGATES } from "../../src/constants.ts";
import {
  ClientChainMismatchError,
  InvalidDelegatesError,
  InvalidKeyBindingError,
  KeyBindingVerificationError,
} from "../../src/errors/identityErrors.ts";
import { bindingAllowsSender } from "../../src/identity/bindingAllowsSender.ts";
import { bindingStatement } from "../../src/identity/bindingStatement.ts";
import { createKeyBinding } from "../../src/identity/createKeyBinding.ts";
import { deriveIdentity } from "../../src/identity/deriveIdentity.ts";
import { deviceCode } from "../../src/identity/deviceCode.ts";
import type { Identity } from "../../src/identity/Identity.ts";
import type { KeyBinding } from "../../src/identity/KeyBinding.ts";
import { keyBindingDomain } from "../../src/identity/keyBindingDomain.ts";
import { keyBindingTypedData } from "../../src/identity/keyBindingTypedData.ts";
import { keyBindingTypes } from "../../src/identity/keyBindingTypes.ts";
import { checkKeyBinding, verifyKeyBinding } from "../../src/identity/verifyKeyBinding.ts";
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

/** A client over the chain that records every RPC method it is asked, and lets a test rewrite answers. */
function recordingClient(rewrite?: (method: string, answer: unknown) => unknown) {
  const methods: string[] = [];
  const request: EIP1193RequestFn = async (args) => {
    methods.push(args.method);
    const answer = await chain.provider.request(args as never);
    return (rewrite ? rewrite(args.method, answer) : answer) as never;
  };
  return { client: createPublicClient({ transport: custom({ request }) }), methods };
}

beforeAll(async () => {
  chain = await createTestChain();
  context = { chainId: chain.deployment.chainId, contract: chain.deployment.address };
  identity = await deriveIdentity({ account: wallet().account.address, signMessage: wallet().signMessage });
  binding = await createKeyBinding(identity, { signTypedData: wallet().signTypedData, ...context, sequence: 3n, delegates: [relayer.address] });
});
afterAll(() => chain.close());

describe("createKeyBinding", () => {
  it("signs a numbered, expiring authorisation of the identity's device, with a readable statement", async () => {
    expect(binding).toMatchObject({
      account: getAddress(wallet().account.address),
      sequence: 3n,
      devices: [{ sender: null }],
      delegates: [relayer.address],
      chainId: context.chainId,
      contract: getAddress(context.contract),
    });
    expect(binding.devices[0]!.x25519).toHaveLength(66);
    expect(binding.signature).toHaveLength(2 + 130);
    const now = BigInt(Math.floor(Date.now() / 1000));
    expect(binding.expiresAt > now + 364n * 86400n && binding.expiresAt <= now + 366n * 86400n).toBe(true);
    expect(keyBindingDomain(context)).toEqual({ name: "Hushlog", version: "2", chainId: context.chainId, verifyingContract: context.contract });
    expect(keyBindingTypes.HushlogDevices.map((f) => `${f.type} ${f.name}`)).toEqual([
      "string statement",
      "address account",
      "uint64 sequence",
      "uint64 expiresAt",
      "Device[] devices",
      "address[] delegates",
    ]);
  });

  it("puts what is authorised into words a person can check in the wallet", () => {
    const statement = keyBindingTypedData(binding).message.statement;
    expect(statement).toBe(bindingStatement(binding));
    expect(statement).toContain(`Authorise Hushlog devices for ${binding.account} on chain ${context.chainId}.`);
    expect(statement).toContain(`The 1 device listed (${deviceCode(binding.devices[0]!.ed25519)}) may read and send end-to-end encrypted`);
    expect(statement).toContain(relayer.address);
    expect(statement).toContain("authorisation number 3: it replaces every earlier one");
    expect(statement).toContain(`expires ${new Date(Number(binding.expiresAt) * 1000).toISOString().slice(0, 10)}`);
    expect(statement).toContain("Sign it only in a Hushlog app you opened yourself.");
    expect(bindingStatement({ ...binding, devices: [] })).toContain("This revokes every Hushlog device of this account.");
    expect(deviceCode(binding.devices[0]!.ed25519)).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  });

  it("normalises delegates (deduplicated, checksummed) and refuses the account, zero or too many", async () => {
    const make = (delegates: Address[]) => createKeyBinding(identity, { signTypedData: wallet().signTypedData, ...context, sequence: 1n, delegates });
    const made = await make([relayer.address.toLowerCase() as Address, relayer.address, mallory.address]);
    expect(made.delegates).toEqual([relayer.address, mallory.address]);
    expect(await verifyKeyBinding(chain.publicClient, made, context)).toBe(true);
    await expect(make([identity.account.toLowerCase() as Address])).rejects.toThrow(InvalidDelegatesError);
    await expect(make([zeroAddress])).rejects.toThrow(InvalidDelegatesError);
    const many = Array.from({ length: MAX_KEY_BINDING_DELEGATES + 1 }, (_, i) => getAddress(`0x${(i + 1).toString(16).padStart(40, "0")}`));
    await expect(make(many)).rejects.toThrow(InvalidDelegatesError);
  });

  it("refuses sequence 0, an expiry in the past, and one further away than the longest lifetime", async () => {
    const base = { signTypedData: wallet().signTypedData, ...context };
    const now = Math.floor(Date.now() / 1000);
    await expect(createKeyBinding(identity, { ...base, sequence: 0n })).rejects.toThrow(InvalidKeyBindingError);
    await expect(createKeyBinding(identity, { ...base, sequence: 1n, expiresAt: BigInt(now - 1) })).rejects.toThrow(InvalidKeyBindingError);
    await expect(createKeyBinding(identity, { ...base, sequence: 1n, expiresAt: BigInt(now + MAX_BINDING_LIFETIME_SECONDS + 60) })).rejects.toThrow(
      InvalidKeyBindingError,
    );
  });
});

describe("verifying an EOA's binding: locally, never trusting the RPC", () => {
  it("accepts the account's own binding without a single RPC request", async () => {
    const { client, methods } = recordingClient();
    expect(await checkKeyBinding(client, binding, context)).toEqual({ valid: true, by: "ecrecover" });
    expect(methods).toEqual([]);
    // With the RPC down, too: the answer is computed here.
    expect(await verifyKeyBinding(deadRpc(), binding, context)).toBe(true);
  });

  it("a lying RPC cannot make a self-signed binding for someone else's EOA valid", async () => {
    // Mallory signs a binding claiming the victim's account; the RPC answers every eth_call "valid" (one byte 0x01).
    const forged = await createKeyBinding(identity, { signTypedData: mallory.signTypedData, ...context, sequence: 4n });
    const { client, methods } = recordingClient((method, answer) => (method === "eth_call" ? `0x${"0".repeat(63)}1` : answer));
    expect(await checkKeyBinding(client, forged, context)).toEqual({ valid: false, reason: "signature" });
    // The victim's account has no code, so no eth_call is ever made: the lie is never even asked for.
    expect(methods).toEqual(["eth_getCode"]);
  });

  it("an EIP-7702 account's own binding verifies by ecrecover, whatever its delegate contract says", async () => {
    // The wallet's EOA delegates to a contract whose isValidSignature only knows another owner: the universal
    // validator (ERC-1271 first when there is code) would say "invalid".
    const delegate = await chain.viem.deployContract("TestSmartAccount", [chain.walletClients[0]!.account.address]);
    const eoa = chain.walletClients[4]!;
    await chain.testClient.setCode({ address: eoa.account.address, bytecode: concatHex(["0xef0100", delegate.address]) });
    expect((await chain.publicClient.getCode({ address: eoa.account.address }))?.startsWith("0xef0100")).toBe(true);
    const own = await deriveIdentity({ account: eoa.account.address, signMessage: eoa.signMessage });
    const ownBinding = await createKeyBinding(own, { signTypedData: eoa.signTypedData, ...context, sequence: 1n });
    expect(await checkKeyBinding(chain.publicClient, ownBinding, context)).toEqual({ valid: true, by: "ecrecover" });
    const hash = hashTypedData(keyBindingTypedData(ownBinding));
    expect(await chain.publicClient.readContract({ address: delegate.address, abi: delegate.abi, functionName: "isValidSignature", args: [hash, ownBinding.signature] })).toBe("0xffffffff");
  });

  it("accepts every encoding ecrecover accepts (v 27/28 or 0/1, EIP-2098 compact, high s), with no request; junk is 'signature'", async () => {
    const n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
    const bytes = hexToBytes(binding.signature);
    const r = bytes.slice(0, 32);
    const s = bytes.slice(32, 64);
    const parity = bytes[64]! - 27;
    const hex = (...parts: Uint8Array[]) => bytesToHex(concatBytes(parts));
    const highS = hexToBytes(numberToHex(n - hexToBigInt(bytesToHex(s)), { size: 32 }));
    const compactS = s.slice();
    compactS[0] = compactS[0]! | (parity << 7);
    const encodings: Hex[] = [
      hex(r, s, Uint8Array.of(parity)), // v as 0/1
      hex(r, compactS), // EIP-2098: yParity in s's top bit
      hex(r, highS, Uint8Array.of(28 - parity)), // the other s, with the other parity
    ];
    const { client, methods } = recordingClient();
    for (const signature of encodings) expect(await checkKeyBinding(client, { ...binding, signature }, context)).toEqual({ valid: true, by: "ecrecover" });
    expect(methods).toEqual([]);
    // Junk of a signature's length: not a signature, and the account has no code.
    for (const signature of [hex(new Uint8Array(64)), hex(r, s, Uint8Array.of(29)), hex(new Uint8Array(32).fill(0xff), s, Uint8Array.of(27))]) {
      expect(await checkKeyBinding(chain.publicClient, { ...binding, signature }, context)).toEqual({ valid: false, reason: "signature" });
    }
  });

  it("rejects any tampered field, an expired binding, and another deployment", async () => {
    const flip = (hex: Hex): Hex => `0x${hex.slice(2, -1)}${hex.endsWith("0") ? "1" : "0"}`;
    const device = binding.devices[0]!;
    const tampered: KeyBinding[] = [
      { ...binding, devices: [{ ...device, x25519: flip(device.x25519) }] },
      { ...binding, devices: [{ ...device, ed25519: flip(device.ed25519) }] },
      { ...binding, devices: [{ ...device, sender: mallory.address }] },
      { ...binding, devices: [] },
      { ...binding, delegates: [] },
      { ...binding, delegates: [relayer.address, mallory.address] },
      { ...binding, sequence: binding.sequence + 1n },
      { ...binding, expiresAt: binding.expiresAt + 1n },
      { ...binding, account: mallory.address },
    ];
    for (const forged of tampered) expect(await checkKeyBinding(chain.publicClient, forged, context)).toEqual({ valid: false, reason: "signature" });
    expect(await checkKeyBinding(chain.publicClient, binding, { ...context, at: Number(binding.expiresAt) })).toEqual({ valid: false, reason: "expired" });
    expect(await checkKeyBinding(chain.publicClient, binding, { ...context, chainId: context.chainId + 1 })).toEqual({
      valid: false,
      reason: "other-deployment",
    });
    // Relabelled to match the verifier's context: the signature covers the domain, so still invalid.
    expect(await verifyKeyBinding(chain.publicClient, { ...binding, contract: otherContract }, { ...context, contract: otherContract })).toBe(false);
  });

  it("throws a typed error for a malformed binding", async () => {
    const device = binding.devices[0]!;
    const malformed: KeyBinding[] = [
      { ...binding, devices: [{ ...device, x25519: "0x1234" }] },
      { ...binding, devices: [device, device] },
      { ...binding, sequence: 0n },
      { ...binding, expiresAt: 1n << 64n },
      { ...binding, signature: "0x" },
      { ...binding, delegates: [relayer.address, relayer.address] },
      { ...binding, delegates: [binding.account] },
      { ...binding, account: zeroAddress },
    ];
    for (const bad of malformed) await expect(verifyKeyBinding(chain.publicClient, bad, context)).rejects.toThrow(InvalidKeyBindingError);
  });
});

describe("verifying a smart account's binding: through the RPC, with explicit gas", () => {
  it("an ERC-1271 check that runs out of the gas allowed is 'unverifiable', never 'forged'", async () => {
    const account = getAddress((await chain.viem.deployContract("GasHungryAccount")).address);
    const hungry = await deriveIdentity({ account, signMessage: wallet().signMessage });
    const hungryBinding = await createKeyBinding(hungry, { signTypedData: wallet().signTypedData, ...context, sequence: 1n });
    const { client, methods } = recordingClient();
    expect(await checkKeyBinding(client, hungryBinding, context)).toEqual({ valid: false, reason: "unverifiable" });
    expect(methods).toEqual(["eth_getCode", "eth_call"]);
  });

  it("the RPC down is a retryable error, never a verdict", async () => {
    const account = getAddress((await chain.viem.deployContract("TestSmartAccount", [wallet().account.address])).address);
    const smart = await deriveIdentity({ account, signMessage: wallet().signMessage });
    const smartBinding = await createKeyBinding(smart, { signTypedData: wallet().signTypedData, ...context, sequence: 1n });
    expect(await verifyKeyBinding(chain.publicClient, smartBinding, context)).toBe(true);
    const error = await verifyKeyBinding(deadRpc(), smartBinding, context).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KeyBindingVerificationError);
    expect((error as KeyBindingVerificationError).code).toBe("IDENTITY_BINDING_VERIFICATION_FAILED");
  });

  it("refuses a client that is connected to another chain", async () => {
    const onMainnet = createPublicClient({ chain: mainnet, transport: http("http://127.0.0.1:1", { retryCount: 0 }) });
    await expect(verifyKeyBinding(onMainnet, { ...binding, signature: `0x${"ab".repeat(40)}` }, context)).rejects.toThrow(ClientChainMismatchError);
  });
});

describe("bindingAllowsSender", () => {
  it("allows the account, its delegates and its devices' senders, in any case, and nobody else", () => {
    expect(bindingAllowsSender(binding, binding.account.toLowerCase())).toBe(true);
    expect(bindingAllowsSender(binding, relayer.address.toUpperCase().replace("0X", "0x"))).toBe(true);
    expect(bindingAllowsSender(binding, mallory.address)).toBe(false);
    expect(bindingAllowsSender({ ...binding, delegates: [] }, relayer.address)).toBe(false);
    const withSender = { ...binding, devices: [{ ...binding.devices[0]!, sender: mallory.address }] };
    expect(bindingAllowsSender(withSender, mallory.address)).toBe(true);
  });
});
