/**
 * The record tables every backend stores, with their secondary indexes. A backend keeps, per row, the account,
 * a string key (unique within the account), the serialized record (`recordCodec`) and one value per index.
 *
 * `text`/`int` say how an index value sorts; `multi` indexes hold several values per row (any one matches).
 * Changing this list is a schema change: a SQLite migration and a Dexie version bump go with it.
 */
export type IndexSpec = { type: "text" | "int"; multi?: true };

const text: IndexSpec = { type: "text" };
const int: IndexSpec = { type: "int" };
const multiText: IndexSpec = { type: "text", multi: true };

export const storeTables = {
  // Verbeth face
  sessions: { peer: text, topic: multiText },
  pending: { conversation: multiText, txHash: multiText },
  pendingHandshakes: { peer: text, txHash: text, expiresAt: int },
  requests: { status: text },
  messages: { txHash: text, order: text, unread: text },
  cursors: {},
  contacts: { blocked: int },
  // WhatsApp face: SignalStore
  identities: {},
  prekeys: { id: int, unuploaded: int },
  signedPrekeys: { id: int },
  kyberPrekeys: {},
  kyberUses: { kyberId: int },
  senderKeys: {},
  // AppSyncStore
  syncKeys: {},
  appVersions: {},
  mutationMacs: {},
  // ProtocolStore
  senderKeyDevices: { group: text },
  aliases: { address: text },
  baseKeys: {},
  deviceLists: {},
  contactTokens: { tokenTimestamp: int },
  sentMessages: { createdAt: int },
  // MsgSecretStore, DeviceStore, CacheStore
  msgSecrets: { expiresAt: int },
  devices: { id: int },
  snapshots: {},
  cache: { namespace: text, expiresAt: int },
} as const satisfies Record<string, Record<string, IndexSpec>>;

export type TableName = keyof typeof storeTables;
export type IndexName<T extends TableName> = keyof (typeof storeTables)[T] & string;

export const tableNames = Object.keys(storeTables) as TableName[];

export function indexSpecs(table: TableName): [string, IndexSpec][] {
  return Object.entries(storeTables[table] as Record<string, IndexSpec>);
}
