import { useQuery, type UseQueryResult } from "@tanstack/react-query";
import type { MessageView } from "../client/ClientEvents.ts";
import { GROUP_UNREAD_WINDOW } from "../constants.ts";
import type { GroupInfo } from "../group/GroupService.ts";
import { useHushlogController, useHushlogSnapshot } from "./HushlogContext.ts";
import { hushlogQueryKeys } from "./queryKeys.ts";
import type { QueryParameter } from "./types.ts";

/** A group as a chat list shows it: its membership record, whether we were removed, and its activity. */
export type GroupView = GroupInfo & {
  /** Unread messages among the newest `GROUP_UNREAD_WINDOW` (100): a value of 100 means "100 or more". */
  unread: number;
  lastMessage: MessageView | null;
};

export type UseGroupsReturnType = UseQueryResult<GroupView[], Error>;

function activity(group: GroupView): number {
  const last = group.lastMessage;
  if (!last) return 0;
  return last.timestamp !== null ? last.timestamp * 1000 : last.createdAt;
}

/**
 * The groups the account belongs to (or was removed from: `left`), most recent activity first; live. Messages of a
 * group are `useConversation(groupId)`; sending is `useSendGroupMessage`.
 */
export function useGroups(parameters: QueryParameter<GroupView[]> = {}): UseGroupsReturnType {
  const controller = useHushlogController();
  const { scope } = useHushlogSnapshot();
  return useQuery({
    ...parameters.query,
    queryKey: hushlogQueryKeys.groups(scope),
    queryFn: async () => {
      const client = controller.requireClient(scope);
      const groups = await Promise.all(
        (await client.groups()).map(async (group): Promise<GroupView> => {
          const messages = await client.messages(group.groupId, { limit: GROUP_UNREAD_WINDOW });
          return { ...group, unread: messages.filter((m) => !m.read).length, lastMessage: messages.at(-1) ?? null };
        }),
      );
      return groups.sort((a, b) => activity(b) - activity(a));
    },
    enabled: scope !== undefined && (parameters.query?.enabled ?? true),
  });
}
