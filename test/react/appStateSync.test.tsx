// @vitest-environment happy-dom
import { act, cleanup, renderHook, waitFor } from "@testing-library/react";
import { bytesToHex, getAddress } from "viem";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createHushlogClient } from "../../src/client/createHushlogClient.ts";
import { createDeviceIdentity } from "../../src/identity/createDeviceIdentity.ts";
import { createKeyBinding } from "../../src/identity/createKeyBinding.ts";
import { useAppStateSync, useHushlogClient, useHushlogIdentity, useMutedAccounts, useNicknames } from "../../src/react/index.ts";
import { createMemoryStore } from "../../src/store/backends/memory/createMemoryStore.ts";
import { createTestChain, type TestChain } from "../fixtures/createTestChain.ts";
import { syncUntil } from "../fixtures/createTestClients.ts";
import { createWagmiUser, hushlogWrapper } from "./wagmiHarness.tsx";

let chain: TestChain;
beforeAll(async () => {
  chain = await createTestChain();
});
afterAll(() => chain.close());
afterEach(() => cleanup());

describe("useAppStateSync and useMutedAccounts: a browser's settings reach the account's other device", () => {
  it("mute and rename in the browser, see them pending, push them in one transaction; the laptop's changes come back", async () => {
    const index = 4;
    const user = await createWagmiUser(chain, index);
    const props = {
      contract: chain.deployment.address,
      deployBlock: chain.deployment.deployBlock,
      pollingInterval: 40,
      store: (account: `0x${string}`) => createMemoryStore({ account }),
    };
    const hooks = () => ({ identity: useHushlogIdentity(), settings: useAppStateSync(), muted: useMutedAccounts(), names: useNicknames(), running: useHushlogClient() });
    const view = renderHook(hooks, { wrapper: hushlogWrapper(user, props) });
    await waitFor(() => expect(view.result.current.identity.isConnected).toBe(true));
    await act(() => view.result.current.identity.unlockAsync());
    await waitFor(() => expect(view.result.current.settings.isSuccess && view.result.current.muted.isSuccess).toBe(true));
    const browser = view.result.current.running.client!;
    await browser.sync();
    expect(view.result.current.settings.data).toMatchObject({ keyId: null, pendingChanges: 0 });
    expect(view.result.current.muted.data).toEqual([]);

    // The laptop: a second device of the same account, linked by the same wallet.
    const account = browser.account;
    const wallet = chain.walletClients[index]!;
    const identity = await createDeviceIdentity({ account });
    const laptopDevice = { x25519: bytesToHex(identity.x25519.publicKey), ed25519: bytesToHex(identity.ed25519.publicKey), sender: null };
    const current = browser.binding();
    const binding = await createKeyBinding(identity, {
      signTypedData: wallet.signTypedData,
      chainId: chain.deployment.chainId,
      contract: chain.deployment.address,
      sequence: current.sequence + 1n,
      devices: [...current.devices, laptopDevice],
    });
    const laptop = createHushlogClient({
      publicClient: chain.publicClient,
      walletClient: wallet,
      contract: chain.deployment.address,
      identity,
      binding,
      store: await createMemoryStore({ account }),
      deployBlock: chain.deployment.deployBlock,
      confirmations: 1,
      finality: { depth: 1 },
      publishPrekeys: false,
    });
    await laptop.sync();
    await syncUntil([browser], async () => browser.binding().devices.length === 2);

    const peer = getAddress(chain.walletClients[index + 1]!.account.address);
    await act(() => view.result.current.muted.setMuted.mutateAsync({ account: peer, muted: true }));
    await act(() => view.result.current.names.setNickname.mutateAsync({ account: peer, nickname: "Alice" }));
    await waitFor(() => expect(view.result.current.muted.data).toEqual([peer]));
    // Both changes wait for a push, and the device list changed since no key was ever shared: the push shares one.
    await waitFor(() => expect(view.result.current.settings.data).toMatchObject({ pendingChanges: 2, rotationDue: true }));
    expect(await laptop.appState.muted()).toEqual([]);

    const pushed = await act(() => view.result.current.settings.push.mutateAsync());
    expect(pushed).toMatchObject({ mutations: 2, rotated: true, remaining: 0 });
    await syncUntil([laptop], async () => (await laptop.appState.muted()).length === 1);
    expect(await laptop.appState.muted()).toEqual([peer]);
    expect(await laptop.appState.nicknames()).toEqual({ [peer]: "Alice" });
    // Once the browser has read its own patch back, nothing is pending.
    await waitFor(() => expect(view.result.current.settings.data).toMatchObject({ pendingChanges: 0, rotationDue: false, version: 1 }), { timeout: 10_000 });

    // The laptop unmutes; the browser's hooks show it after their own sync, with no push of theirs.
    await laptop.appState.unmute(peer);
    expect(await laptop.appState.push()).toMatchObject({ mutations: 1, rotated: false });
    await waitFor(() => expect(view.result.current.muted.data).toEqual([]), { timeout: 10_000 });
    await waitFor(() => expect(view.result.current.settings.data).toMatchObject({ pendingChanges: 0, version: 2 }), { timeout: 10_000 });
    await laptop.close();
  }, 60_000);
});
