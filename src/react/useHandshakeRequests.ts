import { useMutation, useQuery, useQueryClient, type UseMutationResult, type UseQueryResult } from "@tanstack/react-query";
import type { Hex } from "viem";
import type { HandshakeRequestView } from "../client/ClientEvents.ts";
import type { HandshakeRequestStatus } from "../store/HandshakeRequestStore.ts";
import { useHushlogController, useHushlogSnapshot } from "./HushlogContext.ts";
import { hushlogQueryKeys } from "./queryKeys.ts";
import type { QueryParameter } from "./types.ts";

/**
 * A request as the hooks give it: for a key change (`keyChanged`), `previousSafetyNumber` is the number of the
 * conversation the request would replace, to show beside the new `safetyNumber`.
 */
export type HandshakeRequestData = HandshakeRequestView & { previousSafetyNumber: string | null };

export type UseHandshakeRequestsParameters = QueryParameter<HandshakeRequestData[]> & {
  /** Which requests to list (default "pending"). */
  status?: HandshakeRequestStatus;
};

export type AcceptVariables = { requestId: string; note?: string };

export type UseHandshakeRequestsReturnType = UseQueryResult<HandshakeRequestData[], Error> & {
  /**
   * Accepts a request: an interactive one posts the response; a prekey one (a stranger's first contact, or a key
   * change) becomes the conversation with the messages it held. Either way the conversation exists at once here.
   */
  accept: UseMutationResult<{ conversationId: Hex }, Error, AcceptVariables>;
  /** Declines a request (locally: nothing is posted, the sender is not told; a prekey request's held messages are deleted). */
  decline: UseMutationResult<void, Error, { requestId: string }>;
};

/**
 * Requests addressed to the account, live: every first contact from an account without a conversation, and every
 * session under a changed identity key, waits here until accepted. Each says who (`from`, `verified`), how
 * (`kind`: "interactive", or "prekey" with the first messages it holds in `messages`), its public `note`, and for a
 * key change (`keyChanged`) both safety numbers to compare with the peer before accepting.
 */
export function useHandshakeRequests(parameters: UseHandshakeRequestsParameters = {}): UseHandshakeRequestsReturnType {
  const controller = useHushlogController();
  const queryClient = useQueryClient();
  const { scope } = useHushlogSnapshot();
  const status = parameters.status ?? "pending";
  const requests = useQuery({
    ...parameters.query,
    queryKey: hushlogQueryKeys.requests(scope, status),
    queryFn: async (): Promise<HandshakeRequestData[]> => {
      const client = controller.requireClient(scope);
      const requests = await client.requests(status);
      // The conversation a key change would replace still runs under the pinned key: its number is the previous one.
      return Promise.all(
        requests.map(async (r) => ({ ...r, previousSafetyNumber: r.keyChanged && r.status === "pending" ? await client.safetyNumber(r.from) : null })),
      );
    },
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
