import type { Address, Hex } from "viem";
import type { MessageView } from "../client/ClientEvents.ts";
import { historyMarks } from "../client/historyMarks.ts";
import { deviceCode } from "../identity/deviceCode.ts";
import type { HistoryDevice } from "./HistoryDevice.ts";

/**
 * A conversation this device holds as imported history only: no session with the peer here (ratchet state never
 * moves between devices), so it reads but cannot send; `livesOn` names the devices that hold the session.
 */
export type HistoryConversationView = {
  conversationId: Hex;
  peer: Address;
  status: "history";
  livesOn: string[];
  unread: number;
  lastMessage: MessageView | null;
};

/**
 * Imported conversations this device has no session for (a conversation it has, active or revoked, is listed by
 * `client.conversations()` with the imported messages merged in). Reads the store only.
 *
 * @example
 * for (const c of await historyConversations({ client, store })) console.log(c.peer, "lives on", c.livesOn.join(", "));
 */
export async function historyConversations({ client, store }: Pick<HistoryDevice, "client" | "store">): Promise<HistoryConversationView[]> {
  const withSession = new Set((await client.conversations()).map((c) => c.conversationId.toLowerCase()));
  const views: HistoryConversationView[] = [];
  for (const mark of await historyMarks(store)) {
    if (withSession.has(mark.conversationId)) continue;
    const [last] = await client.messages(mark.conversationId, { limit: 1 });
    views.push({
      conversationId: mark.conversationId,
      peer: mark.peer,
      status: "history",
      livesOn: mark.holders.map(deviceCode),
      unread: await store.messages.unreadCount(mark.conversationId),
      lastMessage: last ?? null,
    });
  }
  return views;
}
