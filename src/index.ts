// `hushlog`: the protocol, the client and the memory store. Browser-safe: nothing Node-only is reachable from here
// (the SQLite store lives behind `hushlog/sqlite`, IndexedDB behind `hushlog/dexie`, React behind `hushlog/react`).

// Identity and key binding
export { deriveIdentity, type DeriveIdentityParameters } from "./identity/deriveIdentity.ts";
export { identitySeedMessage } from "./identity/identitySeedMessage.ts";
export { createKeyBinding, type CreateKeyBindingParameters } from "./identity/createKeyBinding.ts";
export {
  verifyKeyBinding,
  checkKeyBinding,
  type BindingVerdict,
  type BindingInvalidReason,
  type CheckKeyBindingOptions,
} from "./identity/verifyKeyBinding.ts";
export { findCurrentBinding, type FindCurrentBindingOptions } from "./identity/findCurrentBinding.ts";
export { selectCurrentBinding, lastAcceptedBinding, type PublishedBinding } from "./identity/selectCurrentBinding.ts";
export { bindingStatement } from "./identity/bindingStatement.ts";
export { keyBindingTypedData } from "./identity/keyBindingTypedData.ts";
export { deviceCode } from "./identity/deviceCode.ts";
export { createDeviceIdentity } from "./identity/createDeviceIdentity.ts";
export { safetyNumber } from "./identity/safetyNumber.ts";
export { bindingAllowsSender, allowedSenders } from "./identity/bindingAllowsSender.ts";
export { keyBindingTypes } from "./identity/keyBindingTypes.ts";
export { keyBindingDomain } from "./identity/keyBindingDomain.ts";
export { encodeIdentity, decodeIdentity } from "./identity/identityCodec.ts";
export { wipeIdentity } from "./identity/wipeIdentity.ts";
export type { Identity } from "./identity/Identity.ts";
export type { KeyBinding, BoundDevice, DeviceBinding } from "./identity/KeyBinding.ts";
export { encodeKeyBinding, decodeKeyBinding } from "./wire/keyBindingCodec.ts";

// Handshake (pure)
export { initiateHandshake, type HandshakeMessage } from "./handshake/initiateHandshake.ts";
export { openHandshake, type OpenedHandshake } from "./handshake/openHandshake.ts";
export { respondToHandshake, type ResponseMessage } from "./handshake/respondToHandshake.ts";
export {
  completeHandshake,
  matchHandshakeResponse,
  type CompletedHandshake,
  type ResponseLog,
} from "./handshake/completeHandshake.ts";
export { recipientTag } from "./handshake/recipientTag.ts";
export { sealHandshake, openSealedHandshakes } from "./handshake/sealHandshake.ts";
export { SEALED_HANDSHAKE_TAG } from "./wire/sealedHandshakePayload.ts";
export { conversationId } from "./handshake/conversationId.ts";
export type { HandshakeSecret } from "./handshake/HandshakeSecret.ts";
export { encodeHandshakeSecret, decodeHandshakeSecret } from "./wire/handshakeSecretCodec.ts";

// Prekeys: offline first contact (protocol pure; the schedule and lookups use a store or a public client)
export { createPrekeyBundle } from "./handshake/createPrekeyBundle.ts";
export { openPrekeyBundle } from "./handshake/openPrekeyBundle.ts";
export { initiatePrekeyHandshake, type StartedPrekeyHandshake } from "./handshake/initiatePrekeyHandshake.ts";
export { scanPrekeyHandshakes, openPrekeyHandshake, type PrekeyCandidate } from "./handshake/scanPrekeyHandshakes.ts";
export { acceptPrekeyHandshake, type AcceptedPrekeyHandshake } from "./handshake/acceptPrekeyHandshake.ts";
export type { PrekeyBundle } from "./handshake/PrekeyBundle.ts";
export type { OwnPrekey } from "./handshake/OwnPrekey.ts";
export { PREKEY_HANDSHAKE_TAG } from "./wire/prekeyHandshakePayload.ts";
export { ensurePrekeys, type PrekeysToPublish } from "./prekeys/ensurePrekeys.ts";
export { markPrekeysPublished } from "./prekeys/markPrekeysPublished.ts";
export { prunePrekeys } from "./prekeys/prunePrekeys.ts";
export { loadOwnPrekeys } from "./prekeys/loadOwnPrekeys.ts";
export { findPrekeyBundle } from "./prekeys/findPrekeyBundle.ts";
export { readOwnPrekeyRecords, writeOwnPrekeyRecords, type OwnPrekeyRecord } from "./prekeys/ownPrekeyRecords.ts";
export {
  processPrekeyHandshakes,
  receivePrekeyHandshakes,
  type PrekeyHandshakeResults,
  type ProcessPrekeyHandshakesOptions,
  type ReceivedPrekeyHandshake,
} from "./prekeys/receivePrekeyHandshakes.ts";

// Double ratchet (pure)
export { ratchetEncrypt, type RatchetEncryptResult } from "./ratchet/ratchetEncrypt.ts";
export { ratchetDecrypt, type RatchetDecryptContext, type RatchetDecryptResult, type RatchetPosition } from "./ratchet/ratchetDecrypt.ts";
export { wipeSession } from "./ratchet/wipeSession.ts";
export type { RatchetSession } from "./ratchet/RatchetSession.ts";
export { encodeSession, decodeSession } from "./wire/sessionCodec.ts";
export { inboundTopics, inboundTopicList, type InboundTopics } from "./topics/inboundTopics.ts";

// Groups (sender keys; pure with respect to the chain: the client posts and syncs)
export { GroupService, type GroupServiceOptions, type GroupInfo } from "./group/GroupService.ts";
export type { GroupWork } from "./group/GroupWork.ts";
export { distributionReceipt, type GroupOutbox, type GroupOutboxMessage, type DistributionReceipt } from "./group/GroupOutbox.ts";
export type { GroupEvent } from "./group/GroupEvent.ts";
export type { MembershipRecord, MembershipChange } from "./group/Membership.ts";
export type { GroupTopic } from "./group/GroupTopicIndex.ts";
export type { GroupStore } from "./group/GroupStore.ts";
export type { CreateGroupResult } from "./group/createGroup.ts";
export type { ChangeMembersResult } from "./group/changeGroupMembers.ts";
export type { PreparedGroupMessage } from "./group/prepareGroupMessage.ts";
export type { GroupMessageLog, ReceivedGroupMessage } from "./group/receiveGroupMessage.ts";
export type { ReceivedGroupControl } from "./group/receiveGroupControl.ts";
export { encodeGroupControl, decodeGroupControl, GROUP_CONTROL_CONTENT_TYPE } from "./wire/groupControlCodec.ts";
export { readGroupRecords, recordsOfGroup, writeGroupRecords, type GroupRecords } from "./group/groupRecords.ts";
export type { GroupControl } from "./group/GroupControl.ts";

// Client
export { createHushlogClient, type CreateHushlogClientParameters } from "./client/createHushlogClient.ts";
export type { HushlogClient, ConversationView, PendingView } from "./client/HushlogClient.ts";
export type {
  HushlogEvents,
  MessageView,
  HandshakeEvent,
  HandshakeRequestView,
  KeyChangeEvent,
  BindingEvent,
  PendingEvent,
  SyncProgress,
  RejectedLog,
} from "./client/ClientEvents.ts";
export type { MessageContent } from "./client/messageContent.ts";
// Content types (issue 19): replies, reactions, edits, deletes, receipts, mentions.
export type {
  AnnotationContent,
  DecodedContent,
  DeleteContent,
  EditContent,
  PostContent,
  ReactionContent,
  ReceiptContent,
  TextContent,
  UnsupportedContent,
} from "./content/Content.ts";
export type { ContentAction, ContentApi } from "./content/ContentApi.ts";
export { buildThread, type ThreadItem } from "./content/buildThread.ts";
export { amendProof, verifyAmendProof, type Amendment } from "./content/amendProof.ts";
export type { OutgoingMessage, SendResult } from "./client/MessageSender.ts";
export type { AppStateApi } from "./client/AppStateApi.ts";
export type { AppStatePushResult, AppStateStatus } from "./client/AppStateSync.ts";
export { syncCursorKey, type SyncOptions, type SyncResult } from "./client/SyncEngine.ts";
export { markStoreRestored } from "./client/markStoreRestored.ts";

// Chain
export { hushlogAbi } from "./chain/hushlogAbi.ts";
export type { Deployment } from "./chain/deployHushlog.ts";
export { assertHushlogDeployed } from "./chain/assertHushlogDeployed.ts";
// The canonical deployment: one address on every chain (CREATE2 through the deterministic-deployment proxy).
export { hushlogAddress, hushlogInitCodeHash, hushlogSalt } from "./chain/hushlogAddress.ts";
export { hushlogDeployedCodeHash } from "./chain/hushlogBytecode.ts";
export { deterministicDeployer } from "./chain/deterministicDeployer.ts";
export { knownDeployments, knownDeployBlock, type KnownDeployment } from "./chain/knownDeployments.ts";
export { findDeployBlock, type FoundDeployBlock } from "./chain/findDeployBlock.ts";
export { resolveDeployBlock, type ResolvedDeployBlock } from "./chain/resolveDeployBlock.ts";
export { encodePackedCall, type PackedCall } from "./chain/encodePackedCall.ts";

// Stores
export { createMemoryStore } from "./store/backends/memory/createMemoryStore.ts";
export type { HushlogStore } from "./store/HushlogStore.ts";
export type { HushlogStoreOptions } from "./store/HushlogStoreOptions.ts";
export type { SessionStore, SessionRecord } from "./store/SessionStore.ts";
export type { PendingStore, PendingRecord, PendingStatus, PendingKind } from "./store/PendingStore.ts";
export type { PendingHandshakeStore, PendingHandshakeRecord } from "./store/PendingHandshakeStore.ts";
export type { HandshakeRequestStore, HandshakeRequestRecord, HandshakeRequestStatus } from "./store/HandshakeRequestStore.ts";
export type { MessageStore, MessageRecord, MessageStatus } from "./store/MessageStore.ts";
export type { CursorStore, CursorRecord } from "./store/CursorStore.ts";
export type { ContactStore, ContactRecord } from "./store/ContactStore.ts";
export type { Backend } from "./store/Backend.ts";
export type { SignalStore } from "./store/SignalStore.ts";
export type { AppSyncStore } from "./store/AppSyncStore.ts";
export type { ProtocolStore } from "./store/ProtocolStore.ts";
export type { MsgSecretStore } from "./store/MsgSecretStore.ts";
export type { DeviceStore } from "./store/DeviceStore.ts";
export type { CacheStore } from "./store/CacheStore.ts";

// Deploying the contract: `hushlog/deploy`. Encrypted backups (Argon2id): `hushlog/backup`. History transfer
// between own devices: `hushlog/history`.

// Randomness (injectable everywhere)
export { systemRandom, createSeededRandom, type RandomSource } from "./crypto/random.ts";

// Errors: every class, so callers can use `instanceof` as well as `error.code`
export { BaseError } from "./errors/BaseError.ts";
export * from "./errors/chainErrors.ts";
export * from "./errors/clientErrors.ts";
export * from "./errors/contentErrors.ts";
export * from "./errors/appSyncErrors.ts";
export * from "./errors/cryptoErrors.ts";
export * from "./errors/groupErrors.ts";
export * from "./errors/handshakeErrors.ts";
export * from "./errors/identityErrors.ts";
export * from "./errors/prekeyErrors.ts";
export * from "./errors/ratchetErrors.ts";
export * from "./errors/storeErrors.ts";
export * from "./errors/wireErrors.ts";
