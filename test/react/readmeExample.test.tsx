// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, renderHook, screen, waitFor } from "@testing-library/react";
import { IDBKeyRange, indexedDB } from "fake-indexeddb";
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Hex } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChatApp } from "../../examples/wagmi-chat.tsx";
import { createDexieStore, deriveDexieKey } from "../../src/dexie.ts";
import {
  useConversation,
  useHandshakeRequests,
  useHushlogIdentity,
  useStartConversation,
  type HushlogProviderProps,
} from "../../src/react/index.ts";
import { createMemoryStore } from "../../src/store/backends/memory/createMemoryStore.ts";
import { createTestChain, type TestChain } from "../fixtures/createTestChain.ts";
import { createWagmiUser, hushlogWrapper } from "./wagmiHarness.tsx";

const live = { timeout: 20_000, interval: 20 };
// Paths, not URL objects: under happy-dom, `URL` is the DOM's, which node:fs does not take.
const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const example = readFileSync(resolve(root, "examples/wagmi-chat.tsx"), "utf8");
const guide = readFileSync(resolve(root, "docs/react.md"), "utf8");

let chain: TestChain;
beforeAll(async () => {
  chain = await createTestChain();
  // The example opens IndexedDB through the browser global, as a dapp does.
  Object.assign(globalThis, { indexedDB, IDBKeyRange });
});
afterAll(() => chain.close());

describe("docs/react.md: Use it in a wagmi app", () => {
  it("shows examples/wagmi-chat.tsx verbatim", () => {
    expect(guide).toContain(["```tsx", example.trimEnd(), "```"].join("\n"));
  });

  it("the example unlocks, shows the conversation and sends a message the peer receives", async () => {
    const alice = await createWagmiUser(chain, 5);
    const bob = await createWagmiUser(chain, 6);
    const common = { contract: chain.deployment.address, pollingInterval: 40 };
    // Alice first uses the same store as the example (one IndexedDB, key from her signature) to start a
    // conversation that Bob accepts; the example then opens that store.
    const aliceProps: Omit<HushlogProviderProps, "children"> = {
      ...common,
      store: async (account, wallet) => createDexieStore({ name: "hushlog", account, encryptionKey: await deriveDexieKey(wallet), createAccount: true }),
    };
    const bobProps = { ...common, store: (account: Hex) => createMemoryStore({ account }) };
    const useSide = ({ conversationId }: { conversationId?: Hex }) => ({
      identity: useHushlogIdentity(),
      start: useStartConversation(),
      requests: useHandshakeRequests(),
      conversation: useConversation(conversationId),
    });
    const a = renderHook(useSide, { wrapper: hushlogWrapper(alice, aliceProps), initialProps: {} });
    const b = renderHook(useSide, { wrapper: hushlogWrapper(bob, bobProps), initialProps: {} });
    await act(() => a.result.current.identity.unlockAsync());
    await act(() => b.result.current.identity.unlockAsync());
    const { conversationId } = await act(() => a.result.current.start.mutateAsync({ peer: bob.account }));
    await waitFor(() => expect(b.result.current.requests.data).toHaveLength(1), live);
    await act(() => b.result.current.requests.accept.mutateAsync({ requestId: b.result.current.requests.data![0]!.id }));
    b.rerender({ conversationId });
    a.rerender({ conversationId });
    await waitFor(() => expect(a.result.current.conversation.conversation).toBeDefined(), live);
    a.unmount();

    render(<ChatApp config={alice.config} hushlog={chain.deployment} conversationId={conversationId} />);
    fireEvent.click(await screen.findByText(/Unlock chat/));
    const input = await screen.findByLabelText("message", {}, live);
    fireEvent.change(input, { target: { value: "sent from the README" } });
    fireEvent.click(screen.getByText("Send"));
    await waitFor(() => expect(b.result.current.conversation.data?.map((m) => m.content)).toEqual([{ type: "text", text: "sent from the README" }]), live);
    await screen.findByText(/sent from the README · (included|confirmed)/, {}, live);
    cleanup();
  });
});
