import { isAddressEqual, type Address, type Hex } from "viem";
import type { MessageView } from "../client/ClientEvents.ts";
import type { HushlogTestAccount } from "./hushlogAccounts.ts";
import { waitFor } from "./waitFor.ts";

export type ExpectedMessage = {
  /** The sender: an account from `hushlogAccounts` or an address. */
  from?: HushlogTestAccount | Address;
  /** The exact text, or a pattern it must match. */
  text?: string | RegExp;
  conversationId?: Hex;
  /** Default 10 s. */
  timeoutMs?: number;
};

/**
 * Syncs `receiver` until a received message matches (sender, text, conversation), and returns it; on timeout,
 * fails with an AssertionError that lists what did arrive. Messages matched by an earlier call are not matched
 * again, so `await expectMessage(bob, { text: "hi" })` twice waits for two messages.
 *
 * @example
 * await alice.client.sendMessage(conversationId, "hello bob");
 * await expectMessage(bob, { from: alice, text: "hello bob" });
 */
export async function expectMessage(receiver: HushlogTestAccount, expected: ExpectedMessage = {}): Promise<MessageView> {
  const from = typeof expected.from === "object" ? expected.from.address : expected.from;
  const seen = consumed.get(receiver) ?? new Set<Hex>();
  consumed.set(receiver, seen);
  const matches = (m: MessageView) =>
    m.direction === "in" &&
    !seen.has(m.id) &&
    (from === undefined || isAddressEqual(m.sender, from)) &&
    (expected.conversationId === undefined || m.conversationId === expected.conversationId) &&
    textMatches(m, expected.text);
  const message = await waitFor(
    async () => {
      await receiver.client.sync();
      return (await received(receiver)).find(matches);
    },
    {
      timeoutMs: expected.timeoutMs ?? 10_000,
      what: `${receiver.address} to receive a message${from ? ` from ${from}` : ""}${expected.text !== undefined ? ` with text ${String(expected.text)}` : ""}`,
      detail: async () => {
        const got = (await received(receiver)).filter((m) => m.direction === "in");
        return got.length ? `received instead:\n${got.map((m) => `  from ${m.sender}: ${describe(m)}`).join("\n")}` : "no message was received";
      },
    },
  );
  seen.add(message.id);
  return message;
}

const consumed = new WeakMap<HushlogTestAccount, Set<Hex>>();

async function received(account: HushlogTestAccount): Promise<MessageView[]> {
  const conversations = await account.client.conversations();
  return (await Promise.all(conversations.map((c) => account.client.messages(c.conversationId)))).flat();
}

function textMatches(message: MessageView, text: string | RegExp | undefined): boolean {
  if (text === undefined) return true;
  if (message.content?.type !== "text") return false;
  return typeof text === "string" ? message.content.text === text : text.test(message.content.text);
}

function describe(message: MessageView): string {
  return message.content?.type === "text" ? JSON.stringify(message.content.text) : `(${message.content?.type ?? "undecodable"} content)`;
}
