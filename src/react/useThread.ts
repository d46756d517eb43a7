import { useMemo } from "react";
import type { Hex } from "viem";
import { buildThread, type ThreadItem } from "../content/buildThread.ts";
import { useConversation, type UseConversationParameters, type UseConversationReturnType } from "./useConversation.ts";

export type UseThreadReturnType = UseConversationReturnType & {
  /**
   * The chat as it reads (see buildThread): posts and texts with their current text, reply quote, reactions, edited
   * and deleted marks, and who read our messages; reactions, edits, deletes and receipts are folded in, not listed.
   * Undefined until the messages are loaded.
   */
  items: ThreadItem[] | undefined;
};

/**
 * A chat (1:1 conversation or group) as a chat screen shows it. Live like `useConversation`, which it builds on:
 * a reaction, an edit or a receipt that arrives changes the item it names in place.
 *
 * @example
 * const { items } = useThread(conversationId);
 * items?.map((item) => <Bubble key={item.id} text={item.deleted ? "deleted" : item.text} reactions={item.reactions} />);
 */
export function useThread(chatId: Hex | undefined, parameters: UseConversationParameters = {}): UseThreadReturnType {
  const conversation = useConversation(chatId, { limit: 200, ...parameters });
  const items = useMemo(() => (conversation.data ? buildThread(conversation.data) : undefined), [conversation.data]);
  return { ...conversation, items } as UseThreadReturnType;
}
