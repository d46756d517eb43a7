import { bytesToHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodePackedCall } from "../../src/chain/encodePackedCall.ts";
import { bindingFor, type OpenedAccount } from "../../src/cli/session.ts";
import { createDeviceIdentity } from "../../src/identity/createDeviceIdentity.ts";
import { createKeyBinding } from "../../src/identity/createKeyBinding.ts";
import type { Identity } from "../../src/identity/Identity.ts";
import type { KeyBinding } from "../../src/identity/KeyBinding.ts";
import { createMemoryStore } from "../../src/store/backends/memory/createMemoryStore.ts";
import { encodeKeyBinding } from "../../src/wire/keyBindingCodec.ts";
import { hardhatKeys } from "../cli/cliHarness.ts";
import { createTestChain, type TestChain } from "../fixtures/createTestChain.ts";

let chain: TestChain;
beforeAll(async () => {
  chain = await createTestChain();
});
afterAll(() => chain.close());

const wallet = privateKeyToAccount(hardhatKeys[1]);
const device = (identity: Identity) => ({ x25519: bytesToHex(identity.x25519.publicKey), ed25519: bytesToHex(identity.ed25519.publicKey), sender: null });
const where = () => ({ chainId: chain.deployment.chainId, contract: chain.deployment.address });
const sign = (identity: Identity, sequence: bigint, devices: ReturnType<typeof device>[], expiresAt?: bigint) =>
  createKeyBinding(identity, { signTypedData: (typedData) => wallet.signTypedData(typedData), ...where(), sequence, devices, expiresAt });

async function publish(binding: KeyBinding) {
  // Posted by the account itself (the node lets us send as it).
  await chain.testClient.setBalance({ address: wallet.address, value: 10n ** 18n });
  await chain.testClient.impersonateAccount({ address: wallet.address });
  const data = encodePackedCall({ kind: "binding", binding: encodeKeyBinding(binding) });
  const hash = await chain.walletClients[0]!.sendTransaction({ account: wallet.address, to: chain.deployment.address, data });
  await chain.publicClient.waitForTransactionReceipt({ hash });
}

/** The CLI's renewal (bindingFor) for a stored binding that expires in 10 days, under what the chain holds now. */
async function renew(identity: Identity, stored: KeyBinding): Promise<KeyBinding> {
  const store = await createMemoryStore({ account: wallet.address });
  const opened = { dir: "", account: wallet.address, path: "", store, record: { identity, walletKey: hardhatKeys[1], bindings: [stored] }, close: () => store.close() } as OpenedAccount;
  return bindingFor(opened, { ...where(), deployBlock: chain.deployment.deployBlock, publicClient: chain.publicClient });
}

describe("the CLI's renewal of a device list", () => {
  it("re-signs the list the chain holds while it names this device, never the stale stored one", async () => {
    const [phone, laptop] = [await createDeviceIdentity({ account: wallet.address }), await createDeviceIdentity({ account: wallet.address })];
    const soon = BigInt(Math.floor(Date.now() / 1000) + 10 * 24 * 60 * 60);
    const storedOnPhone = await sign(phone, 1n, [device(phone)], soon);
    await publish(storedOnPhone);
    // The laptop was linked since (on the laptop): the phone's renewal keeps it.
    const linked = await sign(laptop, 2n, [device(phone), device(laptop)]);
    await publish(linked);
    const renewed = await renew(phone, storedOnPhone);
    expect(renewed.sequence).toBe(3n);
    expect(renewed.devices).toEqual(linked.devices);
    expect(renewed.expiresAt).toBeGreaterThan(soon);

    // A list that does not name the phone (someone else's doing): the phone renews its own stored list, and never
    // signs the stranger's; which list wins is the user's decision (`hushlog reauthorize`), not a renewal's.
    await publish(renewed);
    const phished = await sign(laptop, 4n, [device(laptop)]);
    await publish(phished);
    const renewedAgain = await renew(phone, { ...renewed, expiresAt: soon });
    expect(renewedAgain.devices).toEqual(renewed.devices);
  });
});
