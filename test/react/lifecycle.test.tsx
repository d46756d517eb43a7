// @vitest-environment happy-dom
import { act, cleanup, renderHook, waitFor } from "@testing-library/react";
import { IDBKeyRange, indexedDB } from "fake-indexeddb";
import { getAddress } from "viem";
import { useEffect, type ReactNode } from "react";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { QueryClient } from "@tanstack/react-query";
import { createHushlogClient } from "../../src/client/createHushlogClient.ts";
import type { HushlogClient } from "../../src/client/HushlogClient.ts";
import { createDexieStore, deriveDexieKey } from "../../src/dexie.ts";
import {
  HushlogNotReadyError,
  HushlogProviderNotFoundError,
  WrongChainError,
  useHushlogClient,
  useHushlogIdentity,
  useSendMessage,
  useSyncStatus,
  type HushlogProviderProps,
} from "../../src/react/index.ts";
import { HushlogController } from "../../src/react/HushlogController.ts";
import { keyBindingCacheNamespace } from "../../src/react/identityVault.ts";
import { hushlogQueryKeys } from "../../src/react/queryKeys.ts";
import { createMemoryStore, createMemoryStoreData } from "../../src/store/backends/memory/createMemoryStore.ts";
import type { HushlogStore } from "../../src/store/HushlogStore.ts";
import { createTestChain, type TestChain } from "../fixtures/createTestChain.ts";
import { createWagmiUser, hushlogWrapper, type WagmiUser } from "./wagmiHarness.tsx";

const live = { timeout: 20_000, interval: 20 };

let chain: TestChain;
beforeAll(async () => {
  chain = await createTestChain();
});
afterAll(() => chain.close());
afterEach(() => cleanup());

const baseProps = () => ({
  contract: chain.deployment.address,
  deployBlock: chain.deployment.deployBlock,
  confirmations: 1,
  pollingInterval: 40,
});

/** A client whose watch loops are counted. */
function countingClients() {
  const counts = { clients: 0, watchCalls: 0, running: 0, maxRunning: 0, closed: 0 };
  const createClient = (parameters: Parameters<typeof createHushlogClient>[0]): HushlogClient => {
    const client = createHushlogClient(parameters);
    counts.clients++;
    return {
      ...client,
      watch(options) {
        counts.watchCalls++;
        counts.running++;
        counts.maxRunning = Math.max(counts.maxRunning, counts.running);
        const stop = client.watch(options);
        let stopped = false;
        return () => {
          if (!stopped) counts.running--;
          stopped = true;
          stop();
        };
      },
      async close() {
        counts.closed++;
        await client.close();
      },
    };
  };
  return { counts, createClient };
}

function useIdentityAndSync() {
  return { identity: useHushlogIdentity(), sync: useSyncStatus(), client: useHushlogClient(), send: useSendMessage() };
}

describe("HushlogProvider lifecycle", () => {
  let user: WagmiUser;
  beforeAll(async () => {
    user = await createWagmiUser(chain, 3);
  });

  it("StrictMode's double mount starts one watch loop; unmount stops it and closes client and store", async () => {
    const { counts, createClient } = countingClients();
    const stores: HushlogStore[] = [];
    const data = createMemoryStoreData();
    const props: Omit<HushlogProviderProps, "children"> = {
      ...baseProps(),
      createClient,
      store: async (account) => {
        const store = await createMemoryStore({ account, data });
        stores.push(store);
        return store;
      },
    };
    let mounts = 0;
    const view = renderHook(
      () => {
        useEffect(() => void mounts++, []);
        return useIdentityAndSync();
      },
      // A <StrictMode> inside the wrapper does not double-invoke effects; RTL's option makes it the root.
      { wrapper: hushlogWrapper(user, props), reactStrictMode: true },
    );
    expect(mounts).toBe(2);
    await act(() => view.result.current.identity.unlockAsync());
    await waitFor(() => expect(view.result.current.sync.data.status).toBe("synced"), live);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(counts).toMatchObject({ clients: 1, watchCalls: 1, running: 1, maxRunning: 1, closed: 0 });
    expect(stores).toHaveLength(1);

    view.unmount();
    await waitFor(() => expect(counts.closed).toBe(1));
    expect(counts.running).toBe(0);
    await waitFor(() => expect(stores[0]!.load()).rejects.toMatchObject({ code: "STORE_CLOSED" }));
  });

  it("an effect cleanup and re-run while the client runs (StrictMode, Fast Refresh, Activity) keeps its one loop", async () => {
    const { counts, createClient } = countingClients();
    const data = createMemoryStoreData();
    const controller = new HushlogController(new QueryClient());
    controller.setConfig({ ...baseProps(), createClient, store: (account) => createMemoryStore({ account, data }) });
    const wallet = chain.walletClients[3]!;
    controller.setWallet({ account: wallet.account.address, chainId: chain.deployment.chainId, publicClient: chain.publicClient, walletClient: wallet });
    const cleanup = controller.mount();
    await controller.unlock();
    await waitFor(() => expect(counts.running).toBe(1));

    cleanup();
    const cleanupAgain = controller.mount();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(counts).toMatchObject({ clients: 1, watchCalls: 1, running: 1, maxRunning: 1, closed: 0 });
    expect(controller.getSnapshot().phase).toBe("ready");

    cleanupAgain();
    await waitFor(() => expect(counts).toMatchObject({ running: 0, closed: 1 }));
    expect(controller.getSnapshot().phase).toBe("locked");
  });

  it("switching accounts locks the previous one: client closed, store closed, its cached plaintext dropped", async () => {
    const { counts, createClient } = countingClients();
    const queryClient = new QueryClient();
    const stores: HushlogStore[] = [];
    const controller = new HushlogController(queryClient);
    controller.setConfig({
      ...baseProps(),
      createClient,
      store: async (account) => {
        stores.push(await createMemoryStore({ account }));
        return stores.at(-1)!;
      },
    });
    const [first, second] = [chain.walletClients[7]!, chain.walletClients[8]!];
    const connect = (wallet: typeof first) =>
      controller.setWallet({ account: wallet.account.address, chainId: chain.deployment.chainId, publicClient: chain.publicClient, walletClient: wallet });
    connect(first);
    const cleanup = controller.mount();
    await controller.unlock();
    const scope = controller.getSnapshot().scope!;
    await queryClient.fetchQuery({ queryKey: hushlogQueryKeys.conversations(scope), queryFn: () => controller.requireClient(scope).conversations() });
    expect(queryClient.getQueryData(hushlogQueryKeys.conversations(scope))).toEqual([]);

    connect(second);
    expect(controller.getSnapshot()).toMatchObject({ phase: "locked", client: undefined, account: getAddress(second.account.address) });
    expect(queryClient.getQueryData(hushlogQueryKeys.conversations(scope))).toBeUndefined();
    await waitFor(() => expect(counts).toMatchObject({ closed: 1, running: 0 }));
    await waitFor(() => expect(stores[0]!.load()).rejects.toMatchObject({ code: "STORE_CLOSED" }));

    await controller.unlock();
    expect(controller.getSnapshot().scope?.account).toBe(getAddress(second.account.address));
    expect(stores).toHaveLength(2);
    cleanup();
  });

  it("a provider pinned to another chain refuses to unlock with WrongChainError", async () => {
    const controller = new HushlogController(new QueryClient());
    controller.setConfig({ ...baseProps(), chainId: 1, store: (account) => createMemoryStore({ account }) });
    const wallet = chain.walletClients[9]!;
    controller.setWallet({ account: wallet.account.address, chainId: chain.deployment.chainId, publicClient: chain.publicClient, walletClient: wallet });
    const cleanup = controller.mount();
    await expect(controller.unlock()).rejects.toBeInstanceOf(WrongChainError);
    expect(controller.getSnapshot()).toMatchObject({ phase: "error", error: { code: "REACT_WRONG_CHAIN", expected: 1, actual: 31337 } });
    cleanup();
  });

  it("lock() stops the client and wipes the session; unlock() reopens it without prompts", async () => {
    const { counts, createClient } = countingClients();
    const data = createMemoryStoreData();
    const props = { ...baseProps(), createClient, store: (account: `0x${string}`) => createMemoryStore({ account, data }) };
    const view = renderHook(useIdentityAndSync, { wrapper: hushlogWrapper(user, props) });
    const first = await act(() => view.result.current.identity.unlockAsync());
    expect(view.result.current.client.client).toBeDefined();
    const prompts = user.wallet.calls.length;

    await act(() => view.result.current.identity.lock());
    expect(view.result.current.identity.status).toBe("idle");
    expect(view.result.current.identity.data).toBeUndefined();
    expect(view.result.current.client.client).toBeUndefined();
    expect(counts).toMatchObject({ closed: 1, running: 0 });

    const again = await act(() => view.result.current.identity.unlockAsync());
    expect(again.binding).toEqual(first.binding);
    expect(user.wallet.calls.slice(prompts).filter((m) => m.startsWith("personal_sign") || m.startsWith("eth_sign"))).toEqual([]);
    await waitFor(() => expect(counts.running).toBe(1));
  });

  it("autoUnlock loads a stored identity on connect without asking the wallet, and stays locked when none is stored", async () => {
    const data = createMemoryStoreData();
    const props = { ...baseProps(), store: (account: `0x${string}`) => createMemoryStore({ account, data }) };

    const empty = renderHook(useIdentityAndSync, { wrapper: hushlogWrapper(user, { ...props, autoUnlock: true }) });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(empty.result.current.identity.status).toBe("idle");
    expect(empty.result.current.identity.error).toBeNull();
    const created = await act(() => empty.result.current.identity.unlockAsync());
    empty.unmount();

    const signs = user.prompts("personal_sign") + user.prompts("eth_signTypedData_v4");
    const view = renderHook(useIdentityAndSync, { wrapper: hushlogWrapper(user, { ...props, autoUnlock: true }) });
    await waitFor(() => expect(view.result.current.identity.status).toBe("success"), live);
    expect(view.result.current.identity.data?.binding).toEqual(created.binding);
    expect(user.prompts("personal_sign") + user.prompts("eth_signTypedData_v4")).toBe(signs);

    // Locking on purpose is not undone by autoUnlock.
    await act(() => view.result.current.identity.lock());
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(view.result.current.identity.status).toBe("idle");
  });

  // Devices (issue 17): unlock() now creates a random device identity, so rederive() (which derives from the wallet)
  // replaces it once, as a new device record; a second rederive with an EOA gives the same keys and changes nothing.
  it("rederive() makes the wallet-derived identity the device's once; with an EOA, again, it keeps it", async () => {
    const data = createMemoryStoreData();
    const props = { ...baseProps(), store: (account: `0x${string}`) => createMemoryStore({ account, data }) };
    const view = renderHook(useIdentityAndSync, { wrapper: hushlogWrapper(user, props) });
    const first = await act(() => view.result.current.identity.unlockAsync());
    const seeds = user.prompts("personal_sign");
    const derived = await act(() => view.result.current.identity.rederiveAsync());
    expect(user.prompts("personal_sign")).toBe(seeds + 1);
    expect(derived.binding.devices.at(-1)!.ed25519).not.toBe(first.binding.devices.at(-1)!.ed25519);
    const again = await act(() => view.result.current.identity.rederiveAsync());
    expect(user.prompts("personal_sign")).toBe(seeds + 2);
    expect(again.binding.devices).toEqual(derived.binding.devices);
    const store = await createMemoryStore({ account: first.account, data });
    expect(await store.cache.entryCount(keyBindingCacheNamespace)).toBe(1);
  });

  it("actions before unlock fail with HushlogNotReadyError; hooks outside the provider throw", async () => {
    const props = { ...baseProps(), store: (account: `0x${string}`) => createMemoryStore({ account }) };
    const view = renderHook(useIdentityAndSync, { wrapper: hushlogWrapper(user, props) });
    await expect(
      view.result.current.send.mutateAsync({ conversationId: `0x${"00".repeat(32)}`, content: "too early" }),
    ).rejects.toBeInstanceOf(HushlogNotReadyError);
    expect(() => renderHook(useHushlogIdentity, { wrapper: ({ children }: { children: ReactNode }) => children })).toThrow(
      HushlogProviderNotFoundError,
    );
  });
});

describe("HushlogProvider with the encrypted Dexie store (fake-indexeddb)", () => {
  it("first visit: one seed signature (store key and identity) and the binding; a reload asks for the seed only", async () => {
    const user = await createWagmiUser(chain, 4);
    const props: Omit<HushlogProviderProps, "children"> = {
      ...baseProps(),
      store: async (account, wallet) => {
        const encryptionKey = await deriveDexieKey(wallet);
        try {
          return await createDexieStore({ name: "hushlog-react-test", account, encryptionKey, indexedDB, IDBKeyRange });
        } finally {
          encryptionKey.fill(0);
        }
      },
    };
    const first = renderHook(useIdentityAndSync, { wrapper: hushlogWrapper(user, props) });
    const created = await act(() => first.result.current.identity.unlockAsync());
    expect(created.created).toBe(true);
    expect([user.prompts("personal_sign"), user.prompts("eth_signTypedData_v4")]).toEqual([1, 1]);
    first.unmount();

    const reload = renderHook(useIdentityAndSync, { wrapper: hushlogWrapper(user, props) });
    const loaded = await act(() => reload.result.current.identity.unlockAsync());
    expect(loaded.created).toBe(false);
    expect(loaded.binding).toEqual(created.binding);
    expect([user.prompts("personal_sign"), user.prompts("eth_signTypedData_v4")]).toEqual([2, 1]);
    await waitFor(() => expect(reload.result.current.sync.data.status).toBe("synced"), live);
  });
});
