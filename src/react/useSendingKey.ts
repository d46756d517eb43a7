import { useMutation, useQuery, useQueryClient, type UseMutationResult, type UseQueryResult } from "@tanstack/react-query";
import type { Address, Hex } from "viem";
import type { SendingKeyStatus } from "./HushlogControllerTypes.ts";
import { useHushlogController, useHushlogSnapshot } from "./HushlogContext.ts";
import { hushlogQueryKeys } from "./queryKeys.ts";
import type { QueryParameter } from "./types.ts";

export type UseSendingKeyReturnType = UseQueryResult<SendingKeyStatus, Error> & {
  /** This browser's sending key; undefined before unlock or when the provider runs with `sendingKey: false`. */
  address: Address | undefined;
  /** The current binding lists the key as this device's sender (peers accept its logs). */
  listed: boolean;
  /** The client sends with the key (no wallet prompt per message). */
  active: boolean;
  /** One wallet transaction of `amount` wei to the key, waited for; then failed sends can be retried. */
  topUp: UseMutationResult<Hex, Error, { amount: bigint }>;
  /** For a browser linked before sending keys: lists a key in a new binding (one wallet signature). */
  enable: UseMutationResult<Address, Error, void>;
};

/**
 * This browser's sending key: its balance, about how many minimal messages it pays for (`data.messagesLeft`, from the
 * bench's measured message gas and the current fee), `data.low` below SENDING_KEY_LOW_MESSAGES, and `topUp`.
 * Refreshed every 15 s by default (`query.refetchInterval`) and after a top-up.
 *
 * @example
 * const key = useSendingKey();
 * if (key.data?.low) return <button onClick={() => key.topUp.mutate({ amount: parseEther("0.01") })}>Top up</button>;
 */
export function useSendingKey(parameters: QueryParameter<SendingKeyStatus> = {}): UseSendingKeyReturnType {
  const controller = useHushlogController();
  const queryClient = useQueryClient();
  const { scope, sendingKey } = useHushlogSnapshot();
  const queryKey = [...hushlogQueryKeys.sendingKey(scope), sendingKey?.address ?? null];
  const status = useQuery({
    refetchInterval: 15_000,
    ...parameters.query,
    queryKey,
    queryFn: () => controller.sendingKeyStatus(),
    enabled: scope !== undefined && sendingKey !== undefined && (parameters.query?.enabled ?? true),
  });
  const topUp = useMutation({
    mutationKey: ["hushlog", "topUpSendingKey"],
    mutationFn: ({ amount }: { amount: bigint }) => controller.topUpSendingKey(amount),
    onSettled: () => queryClient.invalidateQueries({ queryKey: hushlogQueryKeys.sendingKey(scope) }),
  });
  const enable = useMutation({
    mutationKey: ["hushlog", "enableSendingKey"],
    mutationFn: () => controller.enableSendingKey(),
    onSettled: () => queryClient.invalidateQueries({ queryKey: hushlogQueryKeys.sendingKey(scope) }),
  });
  return {
    ...status,
    address: sendingKey?.address,
    listed: sendingKey?.listed ?? false,
    active: sendingKey?.active ?? false,
    topUp,
    enable,
  } as UseSendingKeyReturnType;
}
