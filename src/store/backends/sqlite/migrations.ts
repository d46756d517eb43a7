/**
 * The SQLite schema, one migration per version, recorded in `PRAGMA user_version`. Migrations are frozen once
 * released: a change to `storeTables` adds a migration here (a test checks the migrated schema against it).
 *
 * Every record table holds (account, key) -> value plus one column per single-valued index; each multi-valued
 * index is a side table (account, value, key) that follows its row through a cascading foreign key.
 */
export const migrations: readonly string[] = [
  // 1: the initial schema.
  `
  CREATE TABLE sessions (account TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL, ix_peer TEXT, PRIMARY KEY (account, key));
  CREATE INDEX sessions_peer ON sessions (account, ix_peer, key);
  CREATE TABLE sessions_topic (account TEXT NOT NULL, value TEXT NOT NULL, key TEXT NOT NULL,
    PRIMARY KEY (account, value, key), FOREIGN KEY (account, key) REFERENCES sessions (account, key) ON DELETE CASCADE) WITHOUT ROWID;
  CREATE INDEX sessions_topic_key ON sessions_topic (account, key);
  CREATE TABLE pending (account TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL, PRIMARY KEY (account, key));
  CREATE TABLE pending_conversation (account TEXT NOT NULL, value TEXT NOT NULL, key TEXT NOT NULL,
    PRIMARY KEY (account, value, key), FOREIGN KEY (account, key) REFERENCES pending (account, key) ON DELETE CASCADE) WITHOUT ROWID;
  CREATE INDEX pending_conversation_key ON pending_conversation (account, key);
  CREATE TABLE pending_txHash (account TEXT NOT NULL, value TEXT NOT NULL, key TEXT NOT NULL,
    PRIMARY KEY (account, value, key), FOREIGN KEY (account, key) REFERENCES pending (account, key) ON DELETE CASCADE) WITHOUT ROWID;
  CREATE INDEX pending_txHash_key ON pending_txHash (account, key);
  CREATE TABLE pendingHandshakes (account TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL, ix_peer TEXT, ix_txHash TEXT, ix_expiresAt INTEGER, PRIMARY KEY (account, key));
  CREATE INDEX pendingHandshakes_peer ON pendingHandshakes (account, ix_peer, key);
  CREATE INDEX pendingHandshakes_txHash ON pendingHandshakes (account, ix_txHash, key);
  CREATE INDEX pendingHandshakes_expiresAt ON pendingHandshakes (account, ix_expiresAt, key);
  CREATE TABLE requests (account TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL, ix_status TEXT, PRIMARY KEY (account, key));
  CREATE INDEX requests_status ON requests (account, ix_status, key);
  CREATE TABLE messages (account TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL, ix_txHash TEXT, ix_order TEXT, ix_unread TEXT, PRIMARY KEY (account, key));
  CREATE INDEX messages_txHash ON messages (account, ix_txHash, key);
  CREATE INDEX messages_order ON messages (account, ix_order, key);
  CREATE INDEX messages_unread ON messages (account, ix_unread, key);
  CREATE TABLE cursors (account TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL, PRIMARY KEY (account, key));
  CREATE TABLE identities (account TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL, PRIMARY KEY (account, key));
  CREATE TABLE prekeys (account TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL, ix_id INTEGER, ix_unuploaded INTEGER, PRIMARY KEY (account, key));
  CREATE INDEX prekeys_id ON prekeys (account, ix_id, key);
  CREATE INDEX prekeys_unuploaded ON prekeys (account, ix_unuploaded, key);
  CREATE TABLE signedPrekeys (account TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL, ix_id INTEGER, PRIMARY KEY (account, key));
  CREATE INDEX signedPrekeys_id ON signedPrekeys (account, ix_id, key);
  CREATE TABLE kyberPrekeys (account TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL, PRIMARY KEY (account, key));
  CREATE TABLE kyberUses (account TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL, ix_kyberId INTEGER, PRIMARY KEY (account, key));
  CREATE INDEX kyberUses_kyberId ON kyberUses (account, ix_kyberId, key);
  CREATE TABLE senderKeys (account TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL, PRIMARY KEY (account, key));
  CREATE TABLE syncKeys (account TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL, PRIMARY KEY (account, key));
  CREATE TABLE appVersions (account TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL, PRIMARY KEY (account, key));
  CREATE TABLE mutationMacs (account TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL, PRIMARY KEY (account, key));
  CREATE TABLE senderKeyDevices (account TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL, ix_group TEXT, PRIMARY KEY (account, key));
  CREATE INDEX senderKeyDevices_group ON senderKeyDevices (account, ix_group, key);
  CREATE TABLE aliases (account TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL, ix_address TEXT, PRIMARY KEY (account, key));
  CREATE INDEX aliases_address ON aliases (account, ix_address, key);
  CREATE TABLE baseKeys (account TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL, PRIMARY KEY (account, key));
  CREATE TABLE deviceLists (account TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL, PRIMARY KEY (account, key));
  CREATE TABLE contactTokens (account TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL, ix_tokenTimestamp INTEGER, PRIMARY KEY (account, key));
  CREATE INDEX contactTokens_tokenTimestamp ON contactTokens (account, ix_tokenTimestamp, key);
  CREATE TABLE sentMessages (account TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL, ix_createdAt INTEGER, PRIMARY KEY (account, key));
  CREATE INDEX sentMessages_createdAt ON sentMessages (account, ix_createdAt, key);
  CREATE TABLE msgSecrets (account TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL, ix_expiresAt INTEGER, PRIMARY KEY (account, key));
  CREATE INDEX msgSecrets_expiresAt ON msgSecrets (account, ix_expiresAt, key);
  CREATE TABLE devices (account TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL, ix_id INTEGER, PRIMARY KEY (account, key));
  CREATE INDEX devices_id ON devices (account, ix_id, key);
  CREATE TABLE snapshots (account TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL, PRIMARY KEY (account, key));
  CREATE TABLE cache (account TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL, ix_namespace TEXT, ix_expiresAt INTEGER, PRIMARY KEY (account, key));
  CREATE INDEX cache_namespace ON cache (account, ix_namespace, key);
  CREATE INDEX cache_expiresAt ON cache (account, ix_expiresAt, key);
  `,
  // 2: the user's decisions about accounts (blocks), for consent to first contacts.
  `
  CREATE TABLE contacts (account TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL, ix_blocked INTEGER, PRIMARY KEY (account, key));
  CREATE INDEX contacts_blocked ON contacts (account, ix_blocked, key);
  `,
];

export const latestSchemaVersion = migrations.length;
