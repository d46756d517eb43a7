// @vitest-environment happy-dom
import { act, cleanup, renderHook, waitFor } from "@testing-library/react";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { deviceCode } from "../../src/identity/deviceCode.ts";
import { findCurrentBinding } from "../../src/identity/findCurrentBinding.ts";
import { useHistoryTransfer, useHushlogClient, useHushlogIdentity, useSyncStatus } from "../../src/react/index.ts";
import { createMemoryStore, createMemoryStoreData } from "../../src/store/backends/memory/createMemoryStore.ts";
import { createTestChain, type TestChain } from "../fixtures/createTestChain.ts";
import { createTestClient, syncUntil } from "../fixtures/createTestClients.ts";
import { createWagmiUser, hushlogWrapper } from "./wagmiHarness.tsx";

const live = { timeout: 20_000, interval: 20 };

let chain: TestChain;
beforeAll(async () => {
  chain = await createTestChain();
});
afterAll(() => chain.close());
afterEach(() => cleanup());

const loadHistory = () => import("../../src/history.ts");
const useDevice = () => ({ identity: useHushlogIdentity(), sync: useSyncStatus(), client: useHushlogClient(), history: useHistoryTransfer(loadHistory) });

describe("useHistoryTransfer", () => {
  it("exports the first browser's history for the second as a file, which the second imports with its read state", async () => {
    const user = await createWagmiUser(chain, 6);
    const props = () => ({
      contract: chain.deployment.address,
      deployBlock: chain.deployment.deployBlock,
      confirmations: 1,
      pollingInterval: 40,
      store: (account: `0x${string}`) => createMemoryStore({ account, data: createMemoryStoreData() }),
    });
    const first = renderHook(useDevice, { wrapper: hushlogWrapper(user, props()) });
    await act(() => first.result.current.identity.unlockAsync());
    await waitFor(() => expect(first.result.current.sync.data?.status).toBe("synced"), live);
    const browser = first.result.current.client.client!;

    // A peer writes to the first browser, which accepts and reads.
    const peer = await createTestClient(chain, 8);
    await peer.client.startConversation(user.account);
    await syncUntil([browser], async () => (await browser.requests("pending")).length === 1);
    const { conversationId } = await browser.acceptHandshake((await browser.requests("pending"))[0]!.id);
    await syncUntil([peer.client], async () => (await peer.client.conversations()).length === 1);
    await peer.client.sendMessage(conversationId, "hi browser");
    await syncUntil([browser], async () => (await browser.messages(conversationId)).length === 1);
    await browser.markRead(conversationId);

    // The second browser links itself; the first adopts the list naming both.
    // Another browser: the same wallet, its own page (query cache) and store.
    const second = renderHook(useDevice, { wrapper: hushlogWrapper(await createWagmiUser(chain, 6), props()) });
    const two = await act(() => second.result.current.identity.unlockAsync());
    const code = deviceCode(two.binding.devices[1]!.ed25519);
    const where = { account: user.account, chainId: chain.deployment.chainId, contract: chain.deployment.address, fromBlock: chain.deployment.deployBlock };
    await waitFor(async () => expect((await findCurrentBinding(chain.publicClient, where)).current?.binding.sequence).toBe(2n), live);
    await act(() => browser.sync());

    const exported = await act(() => first.result.current.history.exportFor.mutateAsync({ to: code }));
    expect(exported).toMatchObject({ to: code, conversations: 1, messages: 1, fileName: `hushlog-history-${code}.bin` });
    expect(exported.blob.size).toBeGreaterThan(100);
    const imported = await act(() => second.result.current.history.importFile.mutateAsync(exported.blob));
    expect(imported).toMatchObject({ from: deviceCode(two.binding.devices[0]!.ed25519), messages: 1 });

    const secondClient = second.result.current.client.client!;
    expect((await secondClient.messages(conversationId)).map((m) => [m.content?.text, m.read])).toEqual([["hi browser", true]]);
    await waitFor(() => expect(second.result.current.history.conversations.data).toMatchObject([{ conversationId, status: "history", livesOn: [imported.from], unread: 0 }]), live);
    // The same file again: a typed error through the mutation, and nothing changes.
    await act(() => second.result.current.history.importFile.mutateAsync(exported.blob).catch(() => undefined));
    await waitFor(() => expect(second.result.current.history.importFile.error).toMatchObject({ code: "HISTORY_REPLAYED" }), live);
    expect(await secondClient.messages(conversationId)).toHaveLength(1);
  });
});
