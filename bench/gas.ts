import { encodeFunctionData, getAddress, keccak256, toHex, type Hex } from "viem";
import { expandAppSyncKeys, patchTopic, syncKeyId } from "../src/appsync/appSyncKeys.ts";
import { sealAppStatePatch } from "../src/appsync/appStatePatchBox.ts";
import { emptyLtHash } from "../src/appsync/ltHash.ts";
import { mutationEffect, snapshotMac } from "../src/appsync/mutationMacs.ts";
import { sealSyncKeyShare, SYNC_KEY_SHARE_TOPIC } from "../src/appsync/syncKeyShare.ts";
import { privateKeyToAccount } from "viem/accounts";
import { encodePackedCall, type PackedCall } from "../src/chain/encodePackedCall.ts";
import { hushlogAbi } from "../src/chain/hushlogAbi.ts";
import { createSeededRandom } from "../src/crypto/random.ts";
import { createDeviceIdentity } from "../src/identity/createDeviceIdentity.ts";
import { createKeyBinding } from "../src/identity/createKeyBinding.ts";
import { encodeKeyBinding } from "../src/wire/keyBindingCodec.ts";
import { SEALED_HANDSHAKE_OVERHEAD, SEALED_HANDSHAKE_TAG } from "../src/wire/sealedHandshakePayload.ts";
import { createTestChain } from "../test/fixtures/createTestChain.ts";
import { pseudoRandomBytes, type BenchResult } from "./BenchResult.ts";
import { benchPayloadSizes } from "./payloadSizes.ts";

/**
 * Gas per operation on Hardhat's in-process network (Prague rules, EIP-7623 calldata floor), read from receipts.
 * Packed calldata is what clients send; the ABI rows show what the packing saves.
 */
export async function benchGas(): Promise<BenchResult[]> {
  const chain = await createTestChain();
  const wallet = chain.walletClients[0]!;
  const to = chain.deployment.address;
  const gasOf = async (data: Hex) => {
    const hash = await wallet.sendTransaction({ to, data });
    const receipt = await chain.publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`benchmark transaction reverted: ${hash}`);
    return Number(receipt.gasUsed);
  };
  const packed = (call: PackedCall) => gasOf(encodePackedCall(call));
  const sizes = await benchPayloadSizes();
  // Message topics are compact (16 significant bytes); handshake tags are full words.
  const tag = (i: number) => keccak256(toHex(`bench tag ${i}`));
  const topic = (i: number): Hex => `0x${tag(i).slice(2, 34)}${"0".repeat(32)}`;
  const message = (length: number, seed: number) => ({ topic: topic(seed), payload: pseudoRandomBytes(length, seed) });

  const results: BenchResult[] = [
    { name: "gas.message.min", value: await packed({ kind: "message", ...message(sizes.minMessage, 1) }), unit: "gas", goal: { max: 26_000 } },
    {
      name: "gas.message.min.abi",
      value: await gasOf(
        encodeFunctionData({
          abi: hushlogAbi,
          functionName: "sendMessage",
          args: [topic(1), toHex(pseudoRandomBytes(sizes.minMessage, 1))],
        }),
      ),
      unit: "gas",
    },
    { name: "gas.message.300", value: await packed({ kind: "message", ...message(sizes.message300, 2) }), unit: "gas" },
    { name: "gas.message.1000", value: await packed({ kind: "message", ...message(sizes.message1000, 3) }), unit: "gas" },
  ];

  const tenToTen = Array.from({ length: 10 }, (_, i) => message(sizes.minMessage, 10 + i));
  results.push({
    name: "gas.batch10.perMessage",
    value: (await packed({ kind: "batch", messages: tenToTen })) / 10,
    unit: "gas",
    goal: { max: 8_000 },
  });
  const tenOneTopic = tenToTen.map((m) => ({ ...m, topic: topic(99) }));
  results.push({
    name: "gas.batch10.sameTopic.perMessage",
    value: (await packed({ kind: "batch", messages: tenOneTopic })) / 10,
    unit: "gas",
  });
  results.push(
    { name: "gas.handshake", value: await packed({ kind: "handshake", recipientTag: tag(4), payload: pseudoRandomBytes(sizes.handshake, 4) }), unit: "gas" },
    // Issue 18: the same handshake sealed to its recipient (49 bytes more) under the shared, mostly-zero tag.
    {
      name: "gas.handshake.sealed",
      value: await packed({ kind: "handshake", recipientTag: SEALED_HANDSHAKE_TAG, payload: pseudoRandomBytes(sizes.handshake + SEALED_HANDSHAKE_OVERHEAD, 6) }),
      unit: "gas",
    },
    { name: "gas.response", value: await packed({ kind: "response", responseTag: tag(5), payload: pseudoRandomBytes(sizes.response, 5) }), unit: "gas" },
  );
  // A device list: what linking or revoking a device costs (one Binding publication, all calldata); EOA signature.
  const account = privateKeyToAccount(keccak256(toHex("bench device account")));
  const bindingGas = async (devices: number) => {
    const identities = await Promise.all(
      Array.from({ length: devices }, (_, i) => createDeviceIdentity({ account: account.address, random: createSeededRandom(`bench device ${i}`) })),
    );
    const list = identities.map((d) => ({ x25519: toHex(d.x25519.publicKey), ed25519: toHex(d.ed25519.publicKey), sender: null }));
    const binding = await createKeyBinding(identities[0]!, { signTypedData: (typedData) => account.signTypedData(typedData), chainId: await chain.publicClient.getChainId(), contract: to, sequence: 1n, devices: list });
    return packed({ kind: "binding", binding: encodeKeyBinding(binding) });
  };
  const [one, two, five] = [await bindingGas(1), await bindingGas(2), await bindingGas(5)];
  results.push(
    { name: "gas.binding.devices1", value: one, unit: "gas" },
    { name: "gas.binding.devices2", value: two, unit: "gas" },
    { name: "gas.binding.devices5", value: five, unit: "gas" },
    { name: "gas.binding.perDevice", value: (five - one) / 4, unit: "gas" },
  );
  // App-state sync (issue 17): one patch per push, real payloads sealed by the library (blocks: 27 bytes of plaintext
  // each; a nickname adds its UTF-8 name), and a rotation's batch (the key share for two devices + a 1-mutation patch).
  const chainId = await chain.publicClient.getChainId();
  const patchOf = (count: number) => appStatePatch({ chainId, contract: to, account: account.address }, count);
  const onePatch = patchOf(1);
  const share = await sealSyncKeyShare({
    syncKey: new Uint8Array(32).fill(5),
    devices: await Promise.all([0, 1].map(async (i) => ({ x25519: toHex((await createDeviceIdentity({ account: account.address, random: createSeededRandom(`bench device ${i}`) })).x25519.publicKey) }))),
    ownX25519: (await createDeviceIdentity({ account: account.address, random: createSeededRandom("bench device 0") })).x25519,
    scope: { chainId, contract: to, account: account.address },
    random: createSeededRandom("bench share"),
  });
  results.push(
    { name: "gas.appState.patch1", value: await packed({ kind: "message", ...onePatch }), unit: "gas" },
    { name: "gas.appState.patch10", value: await packed({ kind: "message", ...patchOf(10) }), unit: "gas" },
    { name: "gas.appState.rotation2", value: await packed({ kind: "batch", messages: [{ topic: SYNC_KEY_SHARE_TOPIC, payload: share }, onePatch] }), unit: "gas" },
  );
  await chain.close();
  return results;
}

/** A patch of `count` blocks, sealed as a push seals it, on its version-1 topic. */
function appStatePatch(scope: { chainId: number; contract: Hex; account: Hex }, count: number): { topic: Hex; payload: Uint8Array } {
  const syncKey = new Uint8Array(32).fill(count);
  const keys = expandAppSyncKeys(syncKey);
  const mutations = Array.from({ length: count }, (_, i) => ({
    op: "set" as const,
    kind: "block" as const,
    account: getAddress(keccak256(toHex(`bench blocked ${i}`)).slice(0, 42)),
    timestamp: 1_800_000_000 + i,
    value: new Uint8Array(0),
  }));
  const effect = mutationEffect(keys, emptyLtHash(), new Map(), mutations, 1);
  const payload = sealAppStatePatch(keys, { ...scope, keyId: syncKeyId(syncKey) }, { version: 1, snapshotMac: snapshotMac(keys, effect.hash, 1), mutations }, createSeededRandom(`bench patch ${count}`));
  return { topic: patchTopic(keys, 1), payload };
}
