import { useMutation, type UseMutationResult } from "@tanstack/react-query";
import type { Hex } from "viem";
import type { SendResult } from "../client/MessageSender.ts";
import type { MessageContent } from "../client/messageContent.ts";
import { useHushlogController } from "./HushlogContext.ts";
import type { MutationParameter } from "./types.ts";

export type SendMessageVariables = { conversationId: Hex; content: MessageContent | string };

export type UseSendMessageReturnType = UseMutationResult<SendResult, Error, SendMessageVariables> & {
  /** Alias of `mutate`. */
  sendMessage: UseMutationResult<SendResult, Error, SendMessageVariables>["mutate"];
  /** Alias of `mutateAsync`. */
  sendMessageAsync: UseMutationResult<SendResult, Error, SendMessageVariables>["mutateAsync"];
};

/**
 * Encrypts and sends one message. It resolves once the wallet has broadcast the transaction (`data.messageIds`);
 * the message is in `useConversation` from the start, and its status follows the transaction from there.
 */
export function useSendMessage(parameters: MutationParameter<SendResult, SendMessageVariables> = {}): UseSendMessageReturnType {
  const controller = useHushlogController();
  const mutation = useMutation({
    ...parameters.mutation,
    mutationKey: ["hushlog", "sendMessage"],
    mutationFn: ({ conversationId, content }: SendMessageVariables) => controller.requireClient().sendMessage(conversationId, content),
  });
  return { ...mutation, sendMessage: mutation.mutate, sendMessageAsync: mutation.mutateAsync } as UseSendMessageReturnType;
}
