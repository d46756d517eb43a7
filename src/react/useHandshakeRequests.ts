import { useMutation, useQuery, useQueryClient, type UseMutationResult, type UseQueryResult } from "@tanstack/react-query";
import type { Hex } from "viem";
import type { HandshakeRequestView } from "../client/ClientEvents.ts";
import type { HandshakeRequestStatus } from "../store/HandshakeRequestStore.ts";
import { useHushlogController, useHushlogSnapshot } from "./HushlogContext.ts";
import { hushlogQueryKeys } from "./queryKeys.ts";
import type { QueryParameter } from "./types.ts";

export type UseHandshakeRequestsParameters = QueryParameter<HandshakeRequestView[]> & {
  /** Which requests to list (default "pending"). */
  status?: HandshakeRequestStatus;
};

export type AcceptVariables = { requestId: string; note?: string };

export type UseHandshakeRequestsReturnType = UseQueryResult<HandshakeRequestView[], Error> & {
  /** Accepts a request: posts the response; the conversation exists at once on our side. */
  accept: UseMutationResult<{ conversationId: Hex }, Error, AcceptVariables>;
  /** Declines a request (locally: nothing is posted, the sender is not told). */
  decline: UseMutationResult<void, Error, { requestId: string }>;
};

/** Handshake requests addressed to the account (who, their note, whether their binding verified), live. */
export function useHandshakeRequests(parameters: UseHandshakeRequestsParameters = {}): UseHandshakeRequestsReturnType {
  const controller = useHushlogController();
  const queryClient = useQueryClient();
  const { scope } = useHushlogSnapshot();
  const status = parameters.status ?? "pending";
  const requests = useQuery({
    ...parameters.query,
    queryKey: hushlogQueryKeys.requests(scope, status),
    queryFn: () => controller.requireClient(scope).requests(status),
    enabled: scope !== undefined && (parameters.query?.enabled ?? true),
  });
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: hushlogQueryKeys.requests(scope).slice(0, -1) }),
      queryClient.invalidateQueries({ queryKey: hushlogQueryKeys.conversations(scope) }),
      queryClient.invalidateQueries({ queryKey: hushlogQueryKeys.pending(scope) }),
    ]);
  const accept = useMutation({
    mutationKey: ["hushlog", "acceptHandshake"],
    mutationFn: ({ requestId, note }: AcceptVariables) =>
      controller.requireClient().acceptHandshake(requestId, note === undefined ? {} : { note }),
    onSettled: refresh,
  });
  const decline = useMutation({
    mutationKey: ["hushlog", "declineHandshake"],
    mutationFn: ({ requestId }: { requestId: string }) => controller.requireClient().declineHandshake(requestId),
    onSettled: refresh,
  });
  return { ...requests, accept, decline } as UseHandshakeRequestsReturnType;
}
