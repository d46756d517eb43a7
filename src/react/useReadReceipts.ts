import { useMutation, type UseMutationResult } from "@tanstack/react-query";
import type { Hex } from "viem";
import type { SendResult } from "../client/MessageSender.ts";
import { useHushlogController } from "./HushlogContext.ts";

export type UseReadReceiptsReturnType = Omit<UseMutationResult<SendResult | null, Error, readonly Hex[] | undefined>, "mutate"> & {
  /** Whether the user opted in (the `enabled` parameter). */
  enabled: boolean;
  /**
   * Sends one read receipt per conversation read since the last receipt, all in ONE transaction (one wallet
   * confirmation, gas paid once), or nothing (null) when there is nothing to acknowledge or receipts are off.
   */
  sendReadReceiptsAsync: (conversationIds?: readonly Hex[]) => Promise<SendResult | null>;
};

/**
 * Read receipts, off unless the user turns them on: each costs gas (a message on chain, paid by the reader), so an
 * app must say so where the setting is, and send them when the user acts (for example on leaving a chat), batched,
 * never one transaction per message.
 *
 * @example
 * const receipts = useReadReceipts({ enabled: settings.readReceipts });
 * await receipts.sendReadReceiptsAsync([conversationId]);
 */
export function useReadReceipts(parameters: { enabled?: boolean } = {}): UseReadReceiptsReturnType {
  const controller = useHushlogController();
  const enabled = parameters.enabled ?? false;
  const mutation = useMutation({
    mutationKey: ["hushlog", "readReceipts"],
    mutationFn: async (conversationIds: readonly Hex[] | undefined) => (enabled ? controller.requireClient().content.sendReadReceipts(conversationIds) : null),
  });
  return { ...mutation, enabled, sendReadReceiptsAsync: (ids?: readonly Hex[]) => mutation.mutateAsync(ids) } as UseReadReceiptsReturnType;
}
