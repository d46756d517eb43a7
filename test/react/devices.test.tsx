// @vitest-environment happy-dom
import { act, cleanup, renderHook, waitFor } from "@testing-library/react";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { findCurrentBinding } from "../../src/identity/findCurrentBinding.ts";
import { CannotRevokeSelfError, DeviceNotFoundError, useDevices, useHushlogClient, useHushlogIdentity, useKeyBinding, useSendingKey } from "../../src/react/index.ts";
import { createMemoryStore, createMemoryStoreData } from "../../src/store/backends/memory/createMemoryStore.ts";
import { createTestChain, type TestChain } from "../fixtures/createTestChain.ts";
import { createWagmiUser, hushlogWrapper } from "./wagmiHarness.tsx";

const live = { timeout: 20_000, interval: 20 };

let chain: TestChain;
beforeAll(async () => {
  chain = await createTestChain();
});
afterAll(() => chain.close());
afterEach(() => cleanup());

const useDeviceScreen = () => ({ identity: useHushlogIdentity(), client: useHushlogClient(), devices: useDevices(), binding: useKeyBinding(), key: useSendingKey() });

describe("useDevices", () => {
  it("lists the account's browsers from the chain binding, refuses to revoke this one, and revokes the other with one signature", async () => {
    // One wallet in two browsers: two wagmi configs and query caches over the same account.
    const user = await createWagmiUser(chain, 9);
    const other = await createWagmiUser(chain, 9);
    const props = (data: ReturnType<typeof createMemoryStoreData>) => ({
      contract: chain.deployment.address,
      deployBlock: chain.deployment.deployBlock,
      confirmations: 1,
      pollingInterval: 40,
      store: (account: `0x${string}`) => createMemoryStore({ account, data }),
    });
    const where = { chainId: chain.deployment.chainId, contract: chain.deployment.address, fromBlock: chain.deployment.deployBlock };
    const first = renderHook(useDeviceScreen, { wrapper: hushlogWrapper(user, props(createMemoryStoreData())) });
    const one = await act(() => first.result.current.identity.unlockAsync());
    await waitFor(async () => expect((await findCurrentBinding(chain.publicClient, { ...where, account: one.account })).current?.binding.sequence).toBe(1n), live);
    const second = renderHook(useDeviceScreen, { wrapper: hushlogWrapper(other, props(createMemoryStoreData())) });
    const two = await act(() => second.result.current.identity.unlockAsync());
    await waitFor(async () => expect((await findCurrentBinding(chain.publicClient, { ...where, account: one.account })).current?.binding.sequence).toBe(2n), live);

    // Both browsers, each with its own sending key, the second marked as this one, with the time it was first listed.
    await waitFor(() => expect(second.result.current.devices.data?.filter((d) => d.published && d.addedAt !== null)).toHaveLength(2), live);
    const listed = second.result.current.devices.data!;
    expect(listed.map((d) => d.thisDevice)).toEqual([false, true]);
    expect(listed.map((d) => d.sender)).toEqual(two.binding.devices.map((d) => d.sender));
    expect(listed[1]!.sender).toBe(second.result.current.key.address);
    expect(listed[0]!.sender).not.toBe(listed[1]!.sender);
    expect(listed.every((d) => d.published && typeof d.addedAt === "number")).toBe(true);
    expect(listed[0]!.addedAt!).toBeLessThanOrEqual(listed[1]!.addedAt!);
    expect(listed[0]!.code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);

    // The first browser reads the same list once it adopted the chain's binding.
    await act(() => first.result.current.client.client!.sync());
    await waitFor(() => expect(first.result.current.devices.data?.map((d) => d.thisDevice)).toEqual([true, false]), live);

    // A browser cannot revoke itself, nor a code the list does not hold: typed errors, nothing signed.
    const signatures = other.prompts("eth_signTypedData_v4");
    await expect(act(() => second.result.current.devices.revoke.mutateAsync({ code: listed[1]!.code }))).rejects.toBeInstanceOf(CannotRevokeSelfError);
    await expect(act(() => second.result.current.devices.revoke.mutateAsync({ code: "0000-0000" }))).rejects.toBeInstanceOf(DeviceNotFoundError);
    expect(other.prompts("eth_signTypedData_v4")).toBe(signatures);

    // Revoking the first: one signature, a list of the second alone, on chain; the first learns it and stops.
    const revoked = await act(() => second.result.current.devices.revoke.mutateAsync({ code: listed[0]!.code.toLowerCase() }));
    expect(other.prompts("eth_signTypedData_v4")).toBe(signatures + 1);
    expect(revoked.sequence).toBe(3n);
    expect(revoked.devices).toEqual([two.binding.devices[1]]);
    await waitFor(async () => expect((await findCurrentBinding(chain.publicClient, { ...where, account: one.account })).current?.binding.sequence).toBe(3n), live);
    await waitFor(() => expect(second.result.current.devices.data?.map((d) => d.code)).toEqual([listed[1]!.code]), live);
    await act(() => first.result.current.client.client!.sync());
    await waitFor(() => expect(first.result.current.binding.data.status).toBe("not-authorized"), live);
  });
});
