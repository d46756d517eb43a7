import type { UseMutationOptions, UseQueryOptions } from "@tanstack/react-query";

/** TanStack Query options a query hook passes through (wagmi's `query` parameter). */
export type QueryParameter<data> = {
  query?: Omit<UseQueryOptions<data, Error, data, readonly unknown[]>, "queryKey" | "queryFn" | "select">;
};

/** TanStack Query options a mutation hook passes through (wagmi's `mutation` parameter). */
export type MutationParameter<data, variables> = {
  mutation?: Omit<UseMutationOptions<data, Error, variables>, "mutationFn" | "mutationKey">;
};
