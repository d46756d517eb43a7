import { useMutation, useQuery, useQueryClient, type UseMutationResult, type UseQueryResult } from "@tanstack/react-query";
import type { KeyBinding } from "../identity/KeyBinding.ts";
import type { AccountDevice } from "./HushlogControllerTypes.ts";
import { useHushlogController, useHushlogSnapshot } from "./HushlogContext.ts";
import { hushlogQueryKeys } from "./queryKeys.ts";
import type { QueryParameter } from "./types.ts";

export type UseDevicesReturnType = UseQueryResult<AccountDevice[], Error> & {
  /**
   * Revokes another device by its code (one wallet signature: the list without it, published by the client). This
   * browser cannot revoke itself (`CannotRevokeSelfError`), as in the CLI.
   */
  revoke: UseMutationResult<KeyBinding, Error, { code: string }>;
};

/**
 * The account's devices as its current binding on chain lists them: code, which one is this browser, its sending key
 * and when it was first listed. Refreshed when the binding changes (a device linked or revoked elsewhere), and every
 * second while a list this browser signed is not on chain yet.
 *
 * @example
 * const devices = useDevices();
 * devices.data?.map((d) => d.thisDevice ? d.code : <button onClick={() => devices.revoke.mutate({ code: d.code })}>Revoke {d.code}</button>);
 */
export function useDevices(parameters: QueryParameter<AccountDevice[]> = {}): UseDevicesReturnType {
  const controller = useHushlogController();
  const queryClient = useQueryClient();
  const { scope, binding } = useHushlogSnapshot();
  const list = useQuery({
    // While this browser's newer list is on its way to the chain, look again until it is there (and dated).
    refetchInterval: (query) => (query.state.data?.some((d) => !d.published || d.addedAt === null) ? 1_000 : false),
    ...parameters.query,
    // The binding's number in the key: a newer list (adopted or signed here) is read again.
    queryKey: [...hushlogQueryKeys.devices(scope), binding ? String(binding.sequence) : null],
    queryFn: () => controller.listDevices(),
    enabled: scope !== undefined && (parameters.query?.enabled ?? true),
  });
  const revoke = useMutation({
    mutationKey: ["hushlog", "revokeDevice"],
    mutationFn: ({ code }: { code: string }) => controller.revokeDevice(code),
    onSettled: () => queryClient.invalidateQueries({ queryKey: hushlogQueryKeys.devices(scope) }),
  });
  return { ...list, revoke } as UseDevicesReturnType;
}
