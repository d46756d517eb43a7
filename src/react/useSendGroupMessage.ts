import { useMutation, type UseMutationResult } from "@tanstack/react-query";
import type { Hex } from "viem";
import type { SendResult } from "../client/MessageSender.ts";
import type { MessageContent } from "../client/messageContent.ts";
import { useHushlogController } from "./HushlogContext.ts";
import type { MutationParameter } from "./types.ts";

export type SendGroupMessageVariables = { groupId: Hex; content: MessageContent | string };

export type UseSendGroupMessageReturnType = UseMutationResult<SendResult, Error, SendGroupMessageVariables> & {
  sendGroupMessage: UseMutationResult<SendResult, Error, SendGroupMessageVariables>["mutate"];
  sendGroupMessageAsync: UseMutationResult<SendResult, Error, SendGroupMessageVariables>["mutateAsync"];
};

/**
 * Encrypts and sends one group message: one transaction whatever the group's size (plus our sender key for members
 * who lack it). The message is in `useConversation(groupId)` from the start, its status following the transaction.
 */
export function useSendGroupMessage(
  parameters: MutationParameter<SendResult, SendGroupMessageVariables> = {},
): UseSendGroupMessageReturnType {
  const controller = useHushlogController();
  const mutation = useMutation({
    ...parameters.mutation,
    mutationKey: ["hushlog", "sendGroupMessage"],
    mutationFn: ({ groupId, content }: SendGroupMessageVariables) => controller.requireClient().sendGroupMessage(groupId, content),
  });
  return { ...mutation, sendGroupMessage: mutation.mutate, sendGroupMessageAsync: mutation.mutateAsync } as UseSendGroupMessageReturnType;
}
