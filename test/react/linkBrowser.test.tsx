// @vitest-environment happy-dom
import { act, cleanup, renderHook, waitFor } from "@testing-library/react";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { useHushlogClient, useHushlogIdentity, useSyncStatus } from "../../src/react/index.ts";
import { createMemoryStore, createMemoryStoreData } from "../../src/store/backends/memory/createMemoryStore.ts";
import { findCurrentBinding } from "../../src/identity/findCurrentBinding.ts";
import { createTestChain, type TestChain } from "../fixtures/createTestChain.ts";
import { createWagmiUser, hushlogWrapper } from "./wagmiHarness.tsx";

const live = { timeout: 20_000, interval: 20 };

let chain: TestChain;
beforeAll(async () => {
  chain = await createTestChain();
});
afterAll(() => chain.close());
afterEach(() => cleanup());

const useIdentityAndSync = () => ({ identity: useHushlogIdentity(), sync: useSyncStatus(), client: useHushlogClient() });

// Issue 17 in the dapp: the same wallet in a second browser used to derive the SAME identity as the first and sign a
// binding of it alone, so both browsers held one device's keys and the peer could only ever hear one of them. Now the
// second browser is a device of its own, linked next to the first by one binding signature.
describe("the same wallet in a second browser", () => {
  it("gets keys of its own and a binding that lists both browsers; the first adopts it", async () => {
    const user = await createWagmiUser(chain, 5);
    const props = (data: ReturnType<typeof createMemoryStoreData>) => ({
      contract: chain.deployment.address,
      deployBlock: chain.deployment.deployBlock,
      confirmations: 1,
      pollingInterval: 40,
      store: (account: `0x${string}`) => createMemoryStore({ account, data }),
    });
    const first = renderHook(useIdentityAndSync, { wrapper: hushlogWrapper(user, props(createMemoryStoreData())) });
    const one = await act(() => first.result.current.identity.unlockAsync());
    // The first browser's binding is on chain once its client has started.
    await waitFor(() => expect(first.result.current.sync.data?.status).toBe("synced"), live);
    const where = { account: one.account, chainId: chain.deployment.chainId, contract: chain.deployment.address, fromBlock: chain.deployment.deployBlock };
    await waitFor(async () => expect((await findCurrentBinding(chain.publicClient, where)).current?.binding.sequence).toBe(1n), live);

    const second = renderHook(useIdentityAndSync, { wrapper: hushlogWrapper(user, props(createMemoryStoreData())) });
    const two = await act(() => second.result.current.identity.unlockAsync());
    const [firstDevice] = one.binding.devices;
    expect(two.binding.devices).toHaveLength(2);
    expect(two.binding.devices[0]).toEqual(firstDevice);
    expect(two.binding.devices[1]!.ed25519).not.toBe(firstDevice!.ed25519);
    expect(two.binding.sequence).toBe(2n);

    // The second browser publishes it; the first adopts the list, since it still names it, and keeps working.
    await waitFor(async () => expect((await findCurrentBinding(chain.publicClient, where)).current?.binding.sequence).toBe(2n), live);
    await act(() => first.result.current.client.client!.sync());
    expect(first.result.current.client.client!.binding().devices).toEqual(two.binding.devices);
  });
});
