import { bytesToHex } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHushlogClient } from "../../src/client/createHushlogClient.ts";
import type { BindingEvent } from "../../src/client/ClientEvents.ts";
import { createDeviceIdentity } from "../../src/identity/createDeviceIdentity.ts";
import { createKeyBinding } from "../../src/identity/createKeyBinding.ts";
import { deviceCode } from "../../src/identity/deviceCode.ts";
import { createMemoryStore } from "../../src/store/backends/memory/createMemoryStore.ts";
import { createTestChain, type TestChain } from "../fixtures/createTestChain.ts";
import { createTestClient, syncUntil, type TestClientUser } from "../fixtures/createTestClients.ts";

let chain: TestChain;
beforeAll(async () => {
  chain = await createTestChain();
});
afterAll(() => chain.close());

const where = () => ({ chainId: chain.deployment.chainId, contract: chain.deployment.address });

/** A second device of `phone`'s account: its own keys, listed after the phone's by the wallet (binding `sequence`). */
async function linkLaptop(phone: TestClientUser, sequence: bigint, publishPrekeys: boolean) {
  const account = phone.identity.account;
  const identity = await createDeviceIdentity({ account });
  const own = { x25519: bytesToHex(identity.x25519.publicKey), ed25519: bytesToHex(identity.ed25519.publicKey), sender: null };
  const linked = await createKeyBinding(identity, { signTypedData: phone.wallet.signTypedData, ...where(), sequence, devices: [...phone.binding.devices, own] });
  const laptop = createHushlogClient({
    publicClient: chain.publicClient,
    walletClient: phone.wallet,
    contract: chain.deployment.address,
    identity,
    binding: linked,
    store: await createMemoryStore({ account }),
    deployBlock: chain.deployment.deployBlock,
    confirmations: 1,
    finality: { depth: 1 },
    publishPrekeys,
  });
  return { laptop, own };
}

describe("a linked, then revoked device", () => {
  it("is announced to the other device, and once revoked answers nothing and starts nothing", async () => {
    const phone = await createTestClient(chain, 1);
    const peer = await createTestClient(chain, 2);
    await phone.client.sync();
    const phoneEvents: BindingEvent[] = [];
    phone.client.on("binding", (e) => phoneEvents.push(e));

    // The laptop: its own keys, listed next to the phone by the wallet, sending from the account like the phone.
    const { laptop, own } = await linkLaptop(phone, 2n, false);
    const laptopEvents: BindingEvent[] = [];
    laptop.on("binding", (e) => laptopEvents.push(e));
    await laptop.sync();
    await phone.client.sync();
    expect(phoneEvents).toContainEqual({ type: "devices-changed", sequence: 2n, added: [deviceCode(own.ed25519)], removed: [] });

    // The phone revokes it: the wallet signs the list without the laptop.
    const revoked = await createKeyBinding(phone.identity, { signTypedData: phone.wallet.signTypedData, ...where(), sequence: 3n, devices: phone.binding.devices });
    await phone.client.replaceBinding(revoked);
    await laptop.sync();
    expect(laptopEvents).toContainEqual({ type: "not-authorized", sequence: 3n, devices: 1 });

    // A request that reaches the account after the revocation is sealed to a device the account lists (issue 18's
    // hidden-recipient handshakes): the revoked laptop cannot even open it. It cannot answer one either (its answer
    // would come from a device no peer accepts: refused before anything is looked up), nor start anything; the phone
    // answers it.
    await peer.client.startConversation(phone.identity.account);
    await syncUntil([phone.client], async () => (await phone.client.requests("pending")).length === 1);
    const [request] = await phone.client.requests("pending");
    await laptop.sync();
    expect(await laptop.requests("pending")).toEqual([]);
    await expect(laptop.acceptHandshake(request!.id)).rejects.toMatchObject({ code: "CLIENT_DEVICE_NOT_AUTHORIZED" });
    await expect(laptop.createGroup({ name: "nope", members: [peer.identity.account] })).rejects.toMatchObject({ code: "CLIENT_DEVICE_NOT_AUTHORIZED" });
    expect(await laptop.pendingTransactions()).toEqual([]);
    const { conversationId } = await phone.client.acceptHandshake(request!.id);
    await syncUntil([peer.client], async () => (await peer.client.conversations()).length === 1);
    await phone.client.sendMessage(conversationId, "from the phone");
    await syncUntil([peer.client], async () => (await peer.client.messages(conversationId)).length === 1);
    await laptop.close();
  });

  it("a first contact after the revocation goes to the newest bundle of a device still listed, not the revoked one's", async () => {
    const phone = await createTestClient(chain, 3, { client: { publishPrekeys: true } });
    const peer = await createTestClient(chain, 4);
    await phone.client.sync();
    // The laptop publishes its bundle after the phone's: the account's newest. The phone revokes it before its next
    // sync (which would publish its bundle again under the new list).
    const { laptop } = await linkLaptop(phone, 2n, true);
    await laptop.sync();
    const revoked = await createKeyBinding(phone.identity, { signTypedData: phone.wallet.signTypedData, ...where(), sequence: 3n, devices: phone.binding.devices });
    await phone.client.replaceBinding(revoked);

    // Before, the revoked laptop's bundle hid the phone's: the contact fell back to an interactive request that the
    // laptop saw too. Now it is the phone's prekey contact, which only the phone can open.
    const started = await peer.client.startConversation(phone.identity.account, { message: "hi phone" });
    expect(started.mode).toBe("prekey");
    await syncUntil([phone.client], async () => (await phone.client.requests("pending")).length === 1);
    expect((await phone.client.requests("pending"))[0]!.messages.map((m) => m.content?.text)).toEqual(["hi phone"]);
    await laptop.sync();
    expect(await laptop.requests("pending")).toEqual([]);
    await laptop.close();
  });
});
