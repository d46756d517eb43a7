import { useMutation, useQuery, useQueryClient, type DefinedUseQueryResult, type UseMutationResult } from "@tanstack/react-query";
import type { KeyBinding } from "../identity/KeyBinding.ts";
import { initialBindingStatus, type HushlogBindingStatus } from "./bindingStatus.ts";
import { useHushlogController, useHushlogSnapshot } from "./HushlogContext.ts";
import { hushlogQueryKeys } from "./queryKeys.ts";

export type UseKeyBindingReturnType = DefinedUseQueryResult<HushlogBindingStatus, Error> & {
  /** The binding the client publishes and sends (undefined until unlocked). */
  binding: KeyBinding | undefined;
  /** Signs (one wallet prompt) and publishes a binding with the same devices and a new expiry. */
  renew: UseMutationResult<KeyBinding, Error, void>;
  /**
   * Signs (one wallet prompt) and publishes a binding of THIS device alone, numbered above the chain's current one:
   * it revokes every other device that binding lists. For a binding the user did not make ("not-authorized").
   */
  reauthorize: UseMutationResult<KeyBinding, Error, void>;
};

/**
 * Our key binding against the chain: `data.status` ("unknown" until the client first compared it, "current", or
 * "not-authorized": the account's newest binding on chain does not list this device, and nothing is sent),
 * `data.renewalDue` when it expires soon, and the two answers, `renew` and `reauthorize`. Pushed by the client's
 * binding events, never fetched.
 *
 * @example
 * const { data, reauthorize } = useKeyBinding();
 * if (data.status === "not-authorized") return <button onClick={() => reauthorize.mutate()}>Authorise this browser again</button>;
 */
export function useKeyBinding(): UseKeyBindingReturnType {
  const controller = useHushlogController();
  const queryClient = useQueryClient();
  const { scope, binding } = useHushlogSnapshot();
  const queryKey = hushlogQueryKeys.binding(scope);
  const status = useQuery({
    queryKey,
    queryFn: () => queryClient.getQueryData<HushlogBindingStatus>(queryKey) ?? initialBindingStatus,
    initialData: initialBindingStatus,
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: Number.POSITIVE_INFINITY,
  });
  const renew = useMutation({ mutationKey: ["hushlog", "renewBinding"], mutationFn: () => controller.signBinding("renew") });
  const reauthorize = useMutation({ mutationKey: ["hushlog", "reauthorizeBinding"], mutationFn: () => controller.signBinding("reauthorize") });
  return { ...status, binding, renew, reauthorize } as UseKeyBindingReturnType;
}
