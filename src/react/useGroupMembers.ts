import { useMutation, useQueryClient, type UseMutationResult } from "@tanstack/react-query";
import { isAddressEqual, type Address, type Hex } from "viem";
import type { SendResult } from "../client/MessageSender.ts";
import { useHushlogController, useHushlogSnapshot } from "./HushlogContext.ts";
import { hushlogQueryKeys } from "./queryKeys.ts";
import { useGroups, type GroupView } from "./useGroups.ts";

export type GroupMembersVariables = { members: readonly Address[] };

export type UseGroupMembersReturnType = {
  /** The group (undefined until loaded, or when we hold no such group). */
  group: GroupView | undefined;
  /** Checksummed, the creator included. */
  members: readonly Address[];
  creator: Address | undefined;
  /** Only the creator may add or remove members. */
  isCreator: boolean;
  /** We were removed: nothing is sent or read any more. */
  left: boolean;
  /** Adds members (each needs a 1:1 conversation with us); they get the current keys, not the history. */
  add: UseMutationResult<SendResult, Error, GroupMembersVariables>;
  /** Removes members; every remaining member rotates its key, so the removed read nothing that follows. */
  remove: UseMutationResult<SendResult, Error, GroupMembersVariables>;
};

/** A group's members, and the creator's add and remove actions. */
export function useGroupMembers(groupId: Hex | undefined): UseGroupMembersReturnType {
  const controller = useHushlogController();
  const queryClient = useQueryClient();
  const { scope } = useHushlogSnapshot();
  const groups = useGroups({ query: { enabled: groupId !== undefined } });
  const group = groupId ? groups.data?.find((g) => g.groupId.toLowerCase() === groupId.toLowerCase()) : undefined;
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: hushlogQueryKeys.groups(scope) }),
      queryClient.invalidateQueries({ queryKey: hushlogQueryKeys.pending(scope) }),
    ]);
  const add = useMutation({
    mutationKey: ["hushlog", "addGroupMembers"],
    mutationFn: ({ members }: GroupMembersVariables) => controller.requireClient().addGroupMembers(groupId!, members),
    onSettled: refresh,
  });
  const remove = useMutation({
    mutationKey: ["hushlog", "removeGroupMembers"],
    mutationFn: ({ members }: GroupMembersVariables) => controller.requireClient().removeGroupMembers(groupId!, members),
    onSettled: refresh,
  });
  const account = scope?.account;
  return {
    group,
    members: group?.members ?? [],
    creator: group?.creator,
    isCreator: group !== undefined && account !== undefined && isAddressEqual(group.creator, account),
    left: group?.left ?? false,
    add,
    remove,
  };
}
