import { useQuery, type UseQueryResult } from "@tanstack/react-query";
import type { Address } from "viem";
import { useHushlogController, useHushlogSnapshot } from "./HushlogContext.ts";
import { hushlogQueryKeys } from "./queryKeys.ts";
import type { QueryParameter } from "./types.ts";

export type UseSafetyNumberReturnType = UseQueryResult<string | null, Error>;

/**
 * The safety number of the conversation with `peer` (60 digits in 12 groups of 5; null when there is none): the two
 * people compare it over another channel (read aloud, side by side) to know nobody sits between them. Refreshed
 * when a key changes.
 *
 * @example
 * const { data: safetyNumber } = useSafetyNumber(peer);
 */
export function useSafetyNumber(peer: Address | undefined, parameters: QueryParameter<string | null> = {}): UseSafetyNumberReturnType {
  const controller = useHushlogController();
  const { scope } = useHushlogSnapshot();
  return useQuery({
    ...parameters.query,
    queryKey: hushlogQueryKeys.safetyNumber(scope, peer),
    queryFn: () => controller.requireClient(scope).safetyNumber(peer!),
    enabled: scope !== undefined && peer !== undefined && (parameters.query?.enabled ?? true),
  });
}
