/** Which way a message is going when an identity's trust is checked (libsignal's `Direction`). */
export type IdentityDirection = "sending" | "receiving";

/** A prekey id with its serialized record. */
export type PrekeyEntry = [id: number, record: Uint8Array];

/**
 * The Signal-style record store (the "WhatsApp face"): identities, sessions, prekeys, signed prekeys, Kyber
 * (ML-KEM) prekeys and sender keys. Every record is serialized secret bytes owned by the crypto core; the store
 * only keeps them, encrypted at rest. Lookups return `null` only for "not found".
 *
 * Addresses and ids that are pure hex (`0x…`) are compared case-insensitively.
 */
export interface SignalStore {
  // --- identities (remote parties' public identity keys) ---
  /** Stores a peer's identity key unconditionally (replaces any earlier one). */
  putIdentity(address: string, key: Uint8Array): Promise<void>;
  loadIdentity(address: string): Promise<Uint8Array | null>;
  deleteIdentity(address: string): Promise<void>;
  /**
   * Trust on first use: stores `key` and returns `true` when it replaced a DIFFERENT stored key (the peer's
   * identity changed: warn the user), `false` when it was new or unchanged.
   */
  saveIdentity(address: string, key: Uint8Array): Promise<boolean>;
  /** Trust on first use: `true` when no key is stored for `address` yet or the stored key equals `key`. */
  isTrustedIdentity(address: string, key: Uint8Array, direction?: IdentityDirection): Promise<boolean>;

  // --- sessions (the same records as `SessionStore`, found by peer address) ---
  /** The ratchet state of the most recently updated session whose peer is `address`. */
  getSession(address: string): Promise<Uint8Array | null>;
  /**
   * Replaces that session's state (bumping its version, so a writer holding the old version gets a conflict),
   * or creates a session for `address` with no inbound topics when there is none.
   */
  putSession(address: string, session: Uint8Array): Promise<void>;
  /** Deletes every session whose peer is `address`. */
  deleteSession(address: string): Promise<void>;
  hasSession(address: string): Promise<boolean>;

  // --- one-time prekeys ---
  storePrekey(id: number, record: Uint8Array, uploaded: boolean): Promise<void>;
  /** One write for many prekeys. */
  storePrekeysBatch(keys: readonly PrekeyEntry[], uploaded: boolean): Promise<void>;
  loadPrekey(id: number): Promise<Uint8Array | null>;
  /** The prekeys found among `ids`, in the order asked (missing ones are left out). One read. */
  loadPrekeysBatch(ids: readonly number[]): Promise<PrekeyEntry[]>;
  removePrekey(id: number): Promise<void>;
  /** Atomic read-and-remove: of several concurrent takers of one id, exactly one gets the record. */
  takePrekey(id: number): Promise<Uint8Array | null>;
  /** The highest stored prekey id, 0 when there is none. */
  getMaxPrekeyId(): Promise<number>;
  /** Prekeys stored with `uploaded = false`, by id. */
  loadUnuploadedPrekeys(): Promise<PrekeyEntry[]>;
  markPrekeysUploaded(ids: readonly number[]): Promise<void>;

  // --- signed prekeys ---
  storeSignedPrekey(id: number, record: Uint8Array): Promise<void>;
  loadSignedPrekey(id: number): Promise<Uint8Array | null>;
  /** Every signed prekey, by id. */
  loadAllSignedPrekeys(): Promise<PrekeyEntry[]>;
  removeSignedPrekey(id: number): Promise<void>;

  // --- Kyber (ML-KEM-768) prekeys ---
  /** A one-time key is removed on first use; a last-resort key stays and may serve several sessions. */
  storeKyberPrekey(id: number, record: Uint8Array, options?: { lastResort?: boolean }): Promise<void>;
  loadKyberPrekey(id: number): Promise<Uint8Array | null>;
  /**
   * Records that a session was built with Kyber prekey `id`, signed prekey `signedPrekeyId` and the initiator's
   * `baseKey`. A one-time key is removed; using it again throws `PrekeyReusedError`. A last-resort key is kept,
   * but the same (id, signedPrekeyId, baseKey) triple is refused a second time (`PrekeyReusedError`): a replayed
   * initial message must not build a second session. Throws `StoreNotFoundError` for an unknown id.
   */
  markKyberPrekeyUsed(id: number, signedPrekeyId: number, baseKey: Uint8Array): Promise<void>;
  removeKyberPrekey(id: number): Promise<void>;

  // --- sender keys (groups) ---
  putSenderKey(address: string, record: Uint8Array): Promise<void>;
  getSenderKey(address: string): Promise<Uint8Array | null>;
  deleteSenderKey(address: string): Promise<void>;
}
