import { useMutation, type UseMutationResult } from "@tanstack/react-query";
import type { SendResult } from "../client/MessageSender.ts";
import type { ContentAction } from "../content/ContentApi.ts";
import { useHushlogController } from "./HushlogContext.ts";
import type { MutationParameter } from "./types.ts";

/** One action, or several 1:1 actions sent in ONE transaction (a reaction and a reply sharing a moment). */
export type SendContentVariables = ContentAction | readonly ContentAction[];

export type UseSendContentReturnType = UseMutationResult<SendResult, Error, SendContentVariables> & {
  /** Alias of `mutateAsync`. */
  sendContentAsync: UseMutationResult<SendResult, Error, SendContentVariables>["mutateAsync"];
};

/**
 * Posts (with a reply target and mentions), reactions, edits and deletes (client.content.batch). Like
 * `useSendMessage`, it resolves once the transaction is broadcast, and `useThread` shows the change at once.
 *
 * @example
 * const { sendContentAsync } = useSendContent();
 * await sendContentAsync([{ kind: "react", chat, target, emoji: "👍" }, { kind: "post", chat, text: "on it", replyTo: target }]);
 */
export function useSendContent(parameters: MutationParameter<SendResult, SendContentVariables> = {}): UseSendContentReturnType {
  const controller = useHushlogController();
  const mutation = useMutation({
    ...parameters.mutation,
    mutationKey: ["hushlog", "sendContent"],
    mutationFn: (variables: SendContentVariables) => controller.requireClient().content.batch(isList(variables) ? variables : [variables]),
  });
  return { ...mutation, sendContentAsync: mutation.mutateAsync } as UseSendContentReturnType;
}

const isList = (variables: SendContentVariables): variables is readonly ContentAction[] => Array.isArray(variables);
