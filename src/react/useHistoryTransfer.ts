import { useMutation, useQuery, useQueryClient, type UseMutationResult, type UseQueryResult } from "@tanstack/react-query";
import type { exportHistory, historyConversations, HistoryConversationView, HistoryExportResult, HistoryImportResult, importHistory } from "../history.ts";
import { useHushlogController, useHushlogSnapshot } from "./HushlogContext.ts";
import { hushlogQueryKeys } from "./queryKeys.ts";

/** An export ready to save: the sealed file as a Blob and a name for it. */
export type HistoryExportFile = Omit<HistoryExportResult, "file"> & { blob: Blob; fileName: string };

export type UseHistoryTransferReturnType = {
  /** Imported conversations this device has no session for (history only, with the devices they live on). */
  conversations: UseQueryResult<HistoryConversationView[], Error>;
  /** Exports this device's history for another device of the account, by its code. */
  exportFor: UseMutationResult<HistoryExportFile, Error, { to: string }>;
  /** Imports a transfer file (from a file input) made for this device. */
  importFile: UseMutationResult<HistoryImportResult, Error, Blob | Uint8Array>;
};

/**
 * What the hook needs of `hushlog/history`, loaded by the caller: `() => import("hushlog/history")`. The history code
 * (~5 kB gzip) then stays out of hushlog/react and out of the app's first load: a bundler makes it a chunk of its own,
 * fetched when the user first moves history.
 */
export type HistoryModuleLoader = () => Promise<{
  exportHistory: typeof exportHistory;
  importHistory: typeof importHistory;
  historyConversations: typeof historyConversations;
}>;

/**
 * History transfer between the account's own devices (docs/protocol.md, "Devices"): `exportFor({ to })` makes a file
 * only the device with that code can open; `importFile(file)` merges one made for this device (typed errors, nothing
 * written, when it is not for this device, altered, from a device the account no longer lists, or a replay).
 *
 * @example
 * const loadHistory = () => import("hushlog/history");
 * const { exportFor, importFile, conversations } = useHistoryTransfer(loadHistory);
 * const { blob, fileName } = await exportFor.mutateAsync({ to: "7K2Q-9XMB" });
 * await importFile.mutateAsync(input.files[0]);
 */
export function useHistoryTransfer(historyModule: HistoryModuleLoader): UseHistoryTransferReturnType {
  const controller = useHushlogController();
  const queryClient = useQueryClient();
  const { scope } = useHushlogSnapshot();
  const queryKey = [...hushlogQueryKeys.scope(scope), "history"] as const;
  const conversations = useQuery({
    queryKey,
    queryFn: async () => (await historyModule()).historyConversations(controller.requireDevice(scope)),
    enabled: scope !== undefined,
  });
  const exportFor = useMutation({
    mutationKey: ["hushlog", "exportHistory"],
    mutationFn: async ({ to }: { to: string }): Promise<HistoryExportFile> => {
      const { file, ...result } = await (await historyModule()).exportHistory(controller.requireDevice(scope), { to });
      return { ...result, blob: new Blob([file as Uint8Array<ArrayBuffer>], { type: "application/octet-stream" }), fileName: `hushlog-history-${result.to}.bin` };
    },
  });
  const importFile = useMutation({
    mutationKey: ["hushlog", "importHistory"],
    mutationFn: async (file: Blob | Uint8Array) => {
      const bytes = file instanceof Uint8Array ? file : new Uint8Array(await file.arrayBuffer());
      return (await historyModule()).importHistory(controller.requireDevice(scope), bytes);
    },
    // Conversations, their messages, unread counts and nicknames may all have changed.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: hushlogQueryKeys.scope(scope) }),
  });
  return { conversations, exportFor, importFile };
}
