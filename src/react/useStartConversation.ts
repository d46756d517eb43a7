import { useMutation, useQueryClient, type UseMutationResult } from "@tanstack/react-query";
import type { Address, Hex } from "viem";
import { useHushlogController, useHushlogSnapshot } from "./HushlogContext.ts";
import { hushlogQueryKeys } from "./queryKeys.ts";
import type { MutationParameter } from "./types.ts";

export type StartConversationVariables = { peer: Address; note?: string };
/** `conversationId` is the id the conversation will have once the peer accepts (it appears in `useConversations`). */
export type StartConversationData = { handshakeId: Hex; conversationId: Hex };

export type UseStartConversationReturnType = UseMutationResult<StartConversationData, Error, StartConversationVariables> & {
  startConversation: UseMutationResult<StartConversationData, Error, StartConversationVariables>["mutate"];
  startConversationAsync: UseMutationResult<StartConversationData, Error, StartConversationVariables>["mutateAsync"];
};

/** Sends a handshake to `peer` (with an optional note they see before accepting). */
export function useStartConversation(
  parameters: MutationParameter<StartConversationData, StartConversationVariables> = {},
): UseStartConversationReturnType {
  const controller = useHushlogController();
  const queryClient = useQueryClient();
  const { scope } = useHushlogSnapshot();
  const mutation = useMutation({
    ...parameters.mutation,
    mutationKey: ["hushlog", "startConversation"],
    mutationFn: async ({ peer, note }: StartConversationVariables) => {
      const client = controller.requireClient();
      const { handshakeId } = await client.startConversation(peer, note === undefined ? {} : { note });
      return { handshakeId, conversationId: client.conversationWith(peer) };
    },
    onSettled: (...args) => {
      void queryClient.invalidateQueries({ queryKey: hushlogQueryKeys.pending(scope) });
      return parameters.mutation?.onSettled?.(...args);
    },
  });
  return {
    ...mutation,
    startConversation: mutation.mutate,
    startConversationAsync: mutation.mutateAsync,
  } as UseStartConversationReturnType;
}
