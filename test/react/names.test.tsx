// @vitest-environment happy-dom
import { act, cleanup, renderHook, waitFor } from "@testing-library/react";
import { getAddress } from "viem";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { useHushlogIdentity, useNicknames } from "../../src/react/index.ts";
import { createMemoryStore, createMemoryStoreData } from "../../src/store/backends/memory/createMemoryStore.ts";
import { createTestChain, type TestChain } from "../fixtures/createTestChain.ts";
import { createWagmiUser, hushlogWrapper } from "./wagmiHarness.tsx";

let chain: TestChain;
beforeAll(async () => {
  chain = await createTestChain();
});
afterAll(() => chain.close());
afterEach(() => cleanup());

describe("useNicknames: names the user gives contacts, in the encrypted store", () => {
  it("names, renames (twice in one second), clears, and finds them again after a remount", async () => {
    const user = await createWagmiUser(chain, 1);
    const data = createMemoryStoreData();
    const props = {
      contract: chain.deployment.address,
      deployBlock: chain.deployment.deployBlock,
      pollingInterval: 40,
      store: (account: `0x${string}`) => createMemoryStore({ account, data }),
    };
    const hooks = () => ({ identity: useHushlogIdentity(), names: useNicknames() });
    const mount = async () => {
      const view = renderHook(hooks, { wrapper: hushlogWrapper(user, props) });
      await waitFor(() => expect(view.result.current.identity.isConnected).toBe(true));
      await act(() => view.result.current.identity.unlockAsync());
      await waitFor(() => expect(view.result.current.names.isSuccess).toBe(true));
      return view;
    };
    const alice = getAddress(chain.walletClients[2]!.account.address);
    const bob = getAddress(chain.walletClients[3]!.account.address);
    const view = await mount();
    expect(view.result.current.names.data).toEqual({});

    await act(() => view.result.current.names.setNickname.mutateAsync({ account: alice.toLowerCase() as `0x${string}`, nickname: "  Alice  " }));
    await act(() => view.result.current.names.setNickname.mutateAsync({ account: bob, nickname: "Bob" }));
    await act(() => view.result.current.names.setNickname.mutateAsync({ account: alice, nickname: "Alice (work)" }));
    await waitFor(() => expect(view.result.current.names.data).toEqual({ [alice]: "Alice (work)", [bob]: "Bob" }));
    await act(() => view.result.current.names.setNickname.mutateAsync({ account: bob, nickname: "" }));
    await waitFor(() => expect(view.result.current.names.data).toEqual({ [alice]: "Alice (work)" }));
    view.unmount();

    const again = await mount();
    expect(again.result.current.names.data).toEqual({ [alice]: "Alice (work)" });
  });
});
