/** A device's sender-key status in a group: `true` once it holds our current sender key. */
export type SenderKeyDeviceStatus = [device: string, hasKey: boolean];

/**
 * Two names for one party (e.g. a smart account and the EOA that signs for it, or an ENS-style alias and its
 * address), learned from some source. Timestamps are seconds.
 */
export type AliasMappingEntry = { alias: string; address: string; createdAt: number; updatedAt: number; source: string };

export type DeviceInfo = { deviceId: number; keyIndex: number | null };

/** A user's known devices. A changed `rawId` signals that the user's identity changed. */
export type DeviceListRecord = {
  user: string;
  devices: DeviceInfo[];
  timestamp: number;
  phash: string | null;
  rawId: number | null;
};

/** A trusted-contact token (secret) with the time it was received and the time ours was sent (seconds). */
export type ContactTokenEntry = { token: Uint8Array; tokenTimestamp: number; senderTimestamp: number | null };

/** Protocol bookkeeping: sender-key distribution, aliases, base-key collisions, device lists, tokens, sent messages. */
export interface ProtocolStore {
  // --- per-device sender-key distribution status (updated only after a send is acknowledged) ---
  getSenderKeyDevices(group: string): Promise<SenderKeyDeviceStatus[]>;
  /** Upserts the status of several devices of `group` in one write. */
  setSenderKeyStatus(group: string, entries: readonly SenderKeyDeviceStatus[]): Promise<void>;
  /** Forgets every device of `group` (after rotating our sender key). */
  clearSenderKeyDevices(group: string): Promise<void>;

  // --- alias <-> address mapping ---
  getAliasMapping(alias: string): Promise<AliasMappingEntry | null>;
  /** The most recently updated mapping whose address is `address`. */
  getAddressMapping(address: string): Promise<AliasMappingEntry | null>;
  /** Upserts by alias; an update keeps the first `createdAt`. */
  putAliasMapping(entry: AliasMappingEntry): Promise<void>;
  getAllAliasMappings(): Promise<AliasMappingEntry[]>;

  // --- base-key collision detection for retried initial messages ---
  saveBaseKey(address: string, messageId: string, baseKey: Uint8Array): Promise<void>;
  /** Whether a base key was saved for (address, messageId) and equals `currentBaseKey`. */
  hasSameBaseKey(address: string, messageId: string, currentBaseKey: Uint8Array): Promise<boolean>;
  deleteBaseKey(address: string, messageId: string): Promise<void>;

  // --- device registry ---
  updateDeviceList(record: DeviceListRecord): Promise<void>;
  /** Many users' device lists in one write. */
  updateDeviceLists(records: readonly DeviceListRecord[]): Promise<void>;
  getDevices(user: string): Promise<DeviceListRecord | null>;

  // --- trusted-contact tokens ---
  getContactToken(address: string): Promise<ContactTokenEntry | null>;
  putContactToken(address: string, entry: ContactTokenEntry): Promise<void>;
  deleteContactToken(address: string): Promise<void>;
  getAllContactTokenAddresses(): Promise<string[]>;
  /** Deletes tokens with `tokenTimestamp < cutoff` (seconds); returns how many. */
  deleteExpiredContactTokens(cutoff: number): Promise<number>;

  // --- sent messages kept for retries ---
  storeSentMessage(chat: string, messageId: string, payload: Uint8Array): Promise<void>;
  /** Atomic read-and-delete: of several concurrent takers, exactly one gets the payload (no double retry). */
  takeSentMessage(chat: string, messageId: string): Promise<Uint8Array | null>;
  /** Deletes sent messages stored before `cutoff` (seconds since the epoch); returns how many. */
  deleteExpiredSentMessages(cutoff: number): Promise<number>;
}
