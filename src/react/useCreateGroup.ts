import { useMutation, useQueryClient, type UseMutationResult } from "@tanstack/react-query";
import type { Address, Hex } from "viem";
import type { SendResult } from "../client/MessageSender.ts";
import { useHushlogController, useHushlogSnapshot } from "./HushlogContext.ts";
import { hushlogQueryKeys } from "./queryKeys.ts";
import type { MutationParameter } from "./types.ts";

export type CreateGroupVariables = { name?: string; members: readonly Address[] };
export type CreateGroupData = { groupId: Hex } & SendResult;

export type UseCreateGroupReturnType = UseMutationResult<CreateGroupData, Error, CreateGroupVariables> & {
  createGroup: UseMutationResult<CreateGroupData, Error, CreateGroupVariables>["mutate"];
  createGroupAsync: UseMutationResult<CreateGroupData, Error, CreateGroupVariables>["mutateAsync"];
};

/**
 * Creates a group with us as its creator, in one transaction. Every member needs an established 1:1 conversation
 * with us (their keys travel over it). The group is in `useGroups` at once on our side; members see it once the
 * transaction is synced.
 */
export function useCreateGroup(parameters: MutationParameter<CreateGroupData, CreateGroupVariables> = {}): UseCreateGroupReturnType {
  const controller = useHushlogController();
  const queryClient = useQueryClient();
  const { scope } = useHushlogSnapshot();
  const mutation = useMutation({
    ...parameters.mutation,
    mutationKey: ["hushlog", "createGroup"],
    mutationFn: ({ name, members }: CreateGroupVariables) =>
      controller.requireClient().createGroup(name === undefined ? { members } : { name, members }),
    onSettled: (...args) => {
      void queryClient.invalidateQueries({ queryKey: hushlogQueryKeys.groups(scope) });
      void queryClient.invalidateQueries({ queryKey: hushlogQueryKeys.pending(scope) });
      return parameters.mutation?.onSettled?.(...args);
    },
  });
  return { ...mutation, createGroup: mutation.mutate, createGroupAsync: mutation.mutateAsync } as UseCreateGroupReturnType;
}
