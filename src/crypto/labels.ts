/**
 * Every domain-separation label of Hushlog: HKDF infos, signature contexts, hash prefixes. One file, so a
 * reviewer sees at once that no two purposes share a label. Form: `hushlog/v1/<layer>/<purpose>`.
 * Changing any string here is a protocol change (new version byte, new vectors).
 */
const te = new TextEncoder();
const label = (path: string) => te.encode(`hushlog/v1/${path}`);

export const labels = {
  identity: {
    /** HKDF info: wallet signature -> X25519 identity secret. */
    x25519: label("identity/x25519"),
    /** HKDF info: wallet signature -> Ed25519 signing seed. */
    ed25519: label("identity/ed25519"),
    /** HKDF info: wallet signature -> 64-byte ML-KEM-768 key seed (prekeys). */
    mlKem: label("identity/ml-kem-768"),
    /** SHA-256 prefix: a device's Ed25519 key -> its short public device code. */
    deviceCode: label("identity/device-code"),
    /** SHA-512 prefix of one side's half of a safety number (iterated; see safetyNumber). */
    safetyNumber: label("identity/safety-number"),
  },
  handshake: {
    /** keccak256 prefix of the public recipient tag of an interactive handshake. */
    recipientTag: label("handshake/recipient-tag"),
    /** Ed25519 context of the initiator's signature over the handshake. */
    initiatorSignature: label("handshake/initiator-signature"),
    /** Ed25519 context of the responder's signature over the transcript. */
    responderSignature: label("handshake/responder-signature"),
    /** HKDF info: x_tag -> key of the response box. */
    responseBox: label("handshake/response-box"),
    /** HKDF info: (ss_kem, salt x_tag) -> response tag preimage. */
    responseTag: label("handshake/response-tag"),
    /** SHA-256 prefix of the transcript hash that salts the root secret. */
    transcript: label("handshake/transcript"),
    /** HKDF info: (x || ss_kem, salt transcript) -> root secret SK. */
    root: label("handshake/root"),
    /** SHA-256 prefix: X25519(e', IK_B) -> the one-byte view tag of a sealed (hidden-recipient) handshake. */
    sealedViewTag: label("handshake/sealed-view-tag"),
    /** HKDF info: X25519(e', IK_B) -> key of the sealed handshake's box. */
    sealedBox: label("handshake/sealed-box"),
  },
  prekeys: {
    /** Ed25519 context of an account's signature over its published prekey bundle. */
    bundleSignature: label("prekeys/bundle-signature"),
    /** SHA-256 prefix: X25519(e, SPK) -> the one-byte view tag a recipient tests while scanning. */
    viewTag: label("prekeys/view-tag"),
    /** HKDF info: X25519(e, SPK) -> key of the prekey handshake box. */
    box: label("prekeys/box"),
    /** Ed25519 context of the initiator's signature over a prekey handshake transcript. */
    initiatorSignature: label("prekeys/initiator-signature"),
    /** SHA-256 prefix of the prekey handshake transcript hash that salts the root secret. */
    transcript: label("prekeys/transcript"),
    /** HKDF info: (DH1 || DH2 || DH3 || ss_kem, salt transcript) -> root secret SK. */
    root: label("prekeys/root"),
  },
  ratchet: {
    /** HKDF info of a root step: (dh, salt RK) -> RK' || CK. */
    root: label("ratchet/root"),
    /** HKDF info: RK -> topic (16) || header key (32) || epoch-0 chain key (32) of the initiator's chain. */
    chainInitiator: label("ratchet/chain/initiator"),
    /** Same for the responder's chain. */
    chainResponder: label("ratchet/chain/responder"),
    /** Chain KDF 2, the skip chain (ratchet/skipChain.ts), HMAC message: a message-level key -> its message key. */
    skipChainMessage: label("ratchet/skip-chain/message"),
    /** Same: any key -> the next key of its level. */
    skipChainNext: label("ratchet/skip-chain/next"),
    /** Same: a checkpoint key -> the first key of the level below it. */
    skipChainDown: label("ratchet/skip-chain/down"),
  },
  group: {
    /**
     * HKDF info: (chainSecret, salt groupId || owner account) -> topic (16) || header key (32) of one member's
     * sender chain. The owner's account in the salt keeps a member from re-announcing another member's chain as
     * its own.
     */
    chain: label("group/chain"),
    /** Ed25519 prefix of a group message signature by the sender-key signing key. */
    messageSignature: label("group/message-signature"),
    /** keccak256 prefix: (creator, salt) -> the group id, so only the creator can make a group under an id. */
    id: label("group/id"),
    /** SHA-256 prefix of the membership digest that a membership change carries for its resulting member set. */
    membershipDigest: label("group/membership-digest"),
  },
  store: {
    /** HKDF info: wallet signature or passphrase hash -> AEAD key for secret fields in IndexedDB. */
    fieldKey: label("store/field-key"),
    /** HKDF info: the identity seed signature -> the 32-byte key a browser opens its Dexie store with. */
    dexieKey: label("store/dexie-key"),
    /**
     * HKDF info: the Dexie store's key -> the HMAC-SHA256 key of its blind indexes (row keys, index values and the
     * account as IndexedDB sees them). Independent of the field key: the tags reveal nothing about the AEAD key.
     */
    blindIndexKey: label("store/blind-index-key"),
    /** Argon2id salt prefix for the SQLite database key (the random per-file salt follows). */
    databaseKey: label("store/database-key"),
    /** HMAC-SHA256 message: SQLite database key -> key verifier recorded beside the database. */
    keyCheck: label("store/key-check"),
    /** keccak256 prefix: peer address -> conversation id of a session first written through the SignalStore face. */
    signalSession: label("store/signal-session"),
  },
  backup: {
    /** Argon2id salt prefix for the key of an encrypted backup file (the random per-file salt follows). */
    key: label("backup/key"),
  },
  history: {
    /** HKDF info: X25519(e, target device key), salt E || target key -> key of a history transfer's box. */
    box: label("history/box"),
    /** Ed25519 prefix of the exporting device's signature over a history transfer. */
    signature: label("history/signature"),
  },
  appSync: {
    /** HKDF info: sync key -> index-MAC, value-MAC, patch, snapshot-MAC and topic keys (5 x 32 bytes). */
    keys: label("appsync/keys"),
    /** HKDF info: sync key -> its 16-byte public id (AppSyncStore key id). */
    keyId: label("appsync/key-id"),
    /** HKDF info: the device set a sync key was shared with -> its fingerprint (which devices hold it). */
    deviceSet: label("appsync/device-set"),
    /** HKDF info: (ephemeral DH || static DH) -> the key of one device's sync-key box in a key share. */
    shareKey: label("appsync/share-key"),
    /** SHA-256 prefix: ephemeral DH -> the one-byte view tag of a device's box in a key share. */
    shareViewTag: label("appsync/share-view-tag"),
    /** HKDF info: an LTHash element, expanded from a mutation's value MAC. */
    ltHash: label("appsync/lthash"),
  },
  content: {
    /** HMAC-SHA256 message prefix: a message's secret -> the proof an edit or a delete of it carries. */
    amendProof: label("content/amend-proof"),
  },
} as const;
