import { useMutation, useQueryClient, type UseMutationResult } from "@tanstack/react-query";
import type { Address, Hex } from "viem";
import { useHushlogController, useHushlogSnapshot } from "./HushlogContext.ts";
import { hushlogQueryKeys } from "./queryKeys.ts";
import type { MutationParameter } from "./types.ts";

/**
 * `note` travels sealed to the peer with the interactive handshake (public only when the peer has published no
 * binding yet, issue 18); `message` is the encrypted first message of a prekey first
 * contact (when the peer published prekeys; default: the note).
 */
export type StartConversationVariables = { peer: Address; note?: string; message?: string };
/**
 * `mode: "prekey"`: the conversation exists now. `"interactive"`: `conversationId` is the id it will have once the
 * peer accepts (it then appears in `useConversations`).
 */
export type StartConversationData = { handshakeId: Hex; conversationId: Hex; mode: "prekey" | "interactive" };

export type UseStartConversationReturnType = UseMutationResult<StartConversationData, Error, StartConversationVariables> & {
  startConversation: UseMutationResult<StartConversationData, Error, StartConversationVariables>["mutate"];
  startConversationAsync: UseMutationResult<StartConversationData, Error, StartConversationVariables>["mutateAsync"];
};

/** Starts a conversation with `peer`: a prekey first contact when they published prekeys, else a request. */
export function useStartConversation(
  parameters: MutationParameter<StartConversationData, StartConversationVariables> = {},
): UseStartConversationReturnType {
  const controller = useHushlogController();
  const queryClient = useQueryClient();
  const { scope } = useHushlogSnapshot();
  const mutation = useMutation({
    ...parameters.mutation,
    mutationKey: ["hushlog", "startConversation"],
    mutationFn: async ({ peer, note, message }: StartConversationVariables) => {
      const client = controller.requireClient();
      return client.startConversation(peer, { ...(note === undefined ? {} : { note }), ...(message === undefined ? {} : { message }) });
    },
    onSettled: (...args) => {
      void queryClient.invalidateQueries({ queryKey: hushlogQueryKeys.pending(scope) });
      void queryClient.invalidateQueries({ queryKey: hushlogQueryKeys.conversations(scope) });
      return parameters.mutation?.onSettled?.(...args);
    },
  });
  return {
    ...mutation,
    startConversation: mutation.mutate,
    startConversationAsync: mutation.mutateAsync,
  } as UseStartConversationReturnType;
}
