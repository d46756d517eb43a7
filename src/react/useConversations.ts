import { useQuery, type UseQueryResult } from "@tanstack/react-query";
import type { ConversationView } from "../client/HushlogClient.ts";
import { useHushlogController, useHushlogSnapshot } from "./HushlogContext.ts";
import { hushlogQueryKeys } from "./queryKeys.ts";
import type { QueryParameter } from "./types.ts";

export type UseConversationsReturnType = UseQueryResult<ConversationView[], Error>;

/** Most recent activity first: a conversation without messages sorts last. */
function activity(conversation: ConversationView): number {
  const last = conversation.lastMessage;
  if (!last) return 0;
  return last.timestamp !== null ? last.timestamp * 1000 : last.createdAt;
}

/** The account's conversations (peer, unread count, last message), most recent first; live. */
export function useConversations(parameters: QueryParameter<ConversationView[]> = {}): UseConversationsReturnType {
  const controller = useHushlogController();
  const { scope } = useHushlogSnapshot();
  return useQuery({
    ...parameters.query,
    queryKey: hushlogQueryKeys.conversations(scope),
    queryFn: async () => (await controller.requireClient(scope).conversations()).sort((a, b) => activity(b) - activity(a)),
    enabled: scope !== undefined && (parameters.query?.enabled ?? true),
  });
}
