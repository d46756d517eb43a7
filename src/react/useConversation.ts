import { useMutation, useQuery, useQueryClient, type UseQueryResult } from "@tanstack/react-query";
import type { Hex } from "viem";
import type { MessageView } from "../client/ClientEvents.ts";
import type { ConversationView } from "../client/HushlogClient.ts";
import { useHushlogController, useHushlogSnapshot } from "./HushlogContext.ts";
import { hushlogQueryKeys } from "./queryKeys.ts";
import type { QueryParameter } from "./types.ts";
import { useConversations } from "./useConversations.ts";

export type UseConversationParameters = QueryParameter<MessageView[]> & {
  /** How many of the newest messages to keep (default 100); older ones: `client.messages(id, { before })`. */
  limit?: number;
};

export type UseConversationReturnType = UseQueryResult<MessageView[], Error> & {
  /** The conversation's summary (peer, binding, unread count), once it is established. */
  conversation: ConversationView | undefined;
  /** Marks every message of the conversation read. */
  markRead: () => Promise<void>;
};

/**
 * One conversation's (or group's: pass the group id) messages, oldest first, each with its delivery status ("preparing", "submitted",
 * "included", "confirmed"... for ours, "received" for theirs). Live: a sent message appears at once and its
 * status moves in place; received ones appear as the watch loop reads them.
 */
export function useConversation(conversationId: Hex | undefined, parameters: UseConversationParameters = {}): UseConversationReturnType {
  const controller = useHushlogController();
  const queryClient = useQueryClient();
  const { scope } = useHushlogSnapshot();
  const limit = parameters.limit ?? 100;
  const messages = useQuery({
    ...parameters.query,
    queryKey: hushlogQueryKeys.messages(scope, conversationId, limit),
    queryFn: () => controller.requireClient(scope).messages(conversationId!, { limit }),
    enabled: scope !== undefined && conversationId !== undefined && (parameters.query?.enabled ?? true),
  });
  const conversations = useConversations({ query: { enabled: conversationId !== undefined } });
  const conversation = conversationId
    ? conversations.data?.find((c) => c.conversationId.toLowerCase() === conversationId.toLowerCase())
    : undefined;
  const read = useMutation({
    mutationFn: () => controller.requireClient(scope).markRead(conversationId!),
    // The id may be a group's: the group list counts unread messages too.
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: hushlogQueryKeys.conversations(scope) }),
        queryClient.invalidateQueries({ queryKey: hushlogQueryKeys.groups(scope) }),
      ]),
  });
  return { ...messages, conversation, markRead: read.mutateAsync } as UseConversationReturnType;
}
