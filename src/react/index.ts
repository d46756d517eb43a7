// `hushlog/react`: a provider and wagmi-style hooks (TanStack Query underneath) that give any wagmi dapp
// wallet-to-wallet encrypted chat. Peers: react, wagmi 3, @tanstack/react-query 5, viem 2. Browser-safe.

export { HushlogProvider, type HushlogProviderProps } from "./HushlogProvider.ts";
export type { HushlogClientOptions, HushlogStoreFactory, HushlogPhase } from "./HushlogController.ts";
export type { WalletSigner } from "./identityVault.ts";

export {
  useHushlogIdentity,
  type HushlogIdentityData,
  type UseHushlogIdentityReturnType,
} from "./useHushlogIdentity.ts";
export { useConversations, type UseConversationsReturnType } from "./useConversations.ts";
export { useConversation, type UseConversationParameters, type UseConversationReturnType } from "./useConversation.ts";
export { useSendMessage, type SendMessageVariables, type UseSendMessageReturnType } from "./useSendMessage.ts";
export {
  useStartConversation,
  type StartConversationData,
  type StartConversationVariables,
  type UseStartConversationReturnType,
} from "./useStartConversation.ts";
export {
  useHandshakeRequests,
  type AcceptVariables,
  type HandshakeRequestData,
  type UseHandshakeRequestsParameters,
  type UseHandshakeRequestsReturnType,
} from "./useHandshakeRequests.ts";
export { useKeyChanges, type KeyChangeWarning, type UseKeyChangesReturnType } from "./useKeyChanges.ts";
export { useKeyBinding, type UseKeyBindingReturnType } from "./useKeyBinding.ts";
export { useSendingKey, type UseSendingKeyReturnType } from "./useSendingKey.ts";
export { useDevices, type UseDevicesReturnType } from "./useDevices.ts";
export type { AccountDevice, SendingKeyStatus } from "./HushlogControllerTypes.ts";
export type { HushlogBindingStatus } from "./bindingStatus.ts";
export { useBlockedAccounts, type UseBlockedAccountsReturnType } from "./useBlockedAccounts.ts";
export { useNicknames, type Nicknames, type UseNicknamesReturnType } from "./useNicknames.ts";
export { useMutedAccounts, type UseMutedAccountsReturnType } from "./useMutedAccounts.ts";
export { useAppStateSync, type UseAppStateSyncReturnType } from "./useAppStateSync.ts";
export { useHistoryTransfer, type HistoryExportFile, type HistoryModuleLoader, type UseHistoryTransferReturnType } from "./useHistoryTransfer.ts";
export { useSafetyNumber, type UseSafetyNumberReturnType } from "./useSafetyNumber.ts";
export { useSyncStatus, type UseSyncStatusReturnType } from "./useSyncStatus.ts";
export type { HushlogSyncStatus } from "./syncStatus.ts";
export { usePendingTransactions, type UsePendingTransactionsReturnType } from "./usePendingTransactions.ts";
export { useHushlogClient } from "./useHushlogClient.ts";
export { useGroups, type GroupView, type UseGroupsReturnType } from "./useGroups.ts";
export {
  useCreateGroup,
  type CreateGroupData,
  type CreateGroupVariables,
  type UseCreateGroupReturnType,
} from "./useCreateGroup.ts";
export { useGroupMembers, type GroupMembersVariables, type UseGroupMembersReturnType } from "./useGroupMembers.ts";
export {
  useSendGroupMessage,
  type SendGroupMessageVariables,
  type UseSendGroupMessageReturnType,
} from "./useSendGroupMessage.ts";
export { useThread, type UseThreadReturnType } from "./useThread.ts";
export { useSendContent, type SendContentVariables, type UseSendContentReturnType } from "./useSendContent.ts";
export { useReadReceipts, type UseReadReceiptsReturnType } from "./useReadReceipts.ts";
export type { ThreadItem } from "../content/buildThread.ts";
export type { ContentAction } from "../content/ContentApi.ts";
export type { TabCoordinationApis } from "./createTabCoordinator.ts";
export { hushlogQueryKeys, type HushlogScope } from "./queryKeys.ts";
export type { QueryParameter, MutationParameter } from "./types.ts";

export * from "../errors/reactErrors.ts";
