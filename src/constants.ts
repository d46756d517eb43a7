/**
 * Every protocol and client limit, in one place, each with the reason for its value.
 *
 * This file is a leaf (it imports nothing), so every layer — wire, ratchet, topics, chain, client — reads its
 * limits from here without bending the one-way import rule.
 */

/**
 * Largest message payload the packed batch format can carry: the entry head keeps 15 bits for the length.
 * At about 40 gas per non-zero calldata byte a 32 KiB payload already costs ~1.3M gas, far beyond chat use.
 */
export const MAX_MESSAGE_PAYLOAD_BYTES = 0x7fff;

// ---------------------------------------------------------------------------------------------- randomness

/**
 * The system random source fills a pool of this size in one `getRandomValues` call: a call costs ~5 us here
 * whatever its size up to a page, and each message makes a small draw for its padding.
 */
export const RANDOM_POOL_BYTES = 4096;
/** Draws above this go straight to `getRandomValues` (they would drain the pool for little gain). */
export const MAX_POOLED_RANDOM_DRAW = 256;

// ---------------------------------------------------------------------------------------------- ratchet

/**
 * Stored skipped message keys per session; beyond it the oldest are dropped (earliest stored first, and
 * within one jump the lowest message numbers). 2,000 covers heavy reordering; more would make every session
 * write large (each key is ~40 bytes serialized).
 */
export const MAX_SKIPPED_KEYS = 2_000;

/**
 * Largest forward jump in one receiving chain (1:1 sessions of both chain KDFs, and group sender chains): what can
 * be stored, MAX_SKIPPED_KEYS (= MAX_SENDER_KEY_SKIPPED_KEYS). A jump skips that many messages, whose keys are
 * kept; a longer one could only keep the newest 2,000 and lose the rest silently, and logs are read in chain order,
 * so a real gap that long does not happen (2,000 of one sender's messages missing while a later one arrived).
 * Signal allows 25,000, and so did Hushlog until issue 15: on a linear chain (chain KDF 1, groups) a header
 * claiming the jump makes the receiver derive every key before the body check can fail, so the bound is also
 * the cost of one junk log (2,000 HMACs instead of 25,000 HMAC pairs: ~350x a normal decrypt instead of ~4,000x).
 * The skip chain (chain KDF 2) reaches any message key in a few dozen HMACs (SKIP_CHAIN_BRANCHING), and there the
 * bound sets how many top-level steps that takes.
 */
export const MAX_FORWARD_JUMP = 2_000;

/**
 * Chain KDF 2, the skip chain (ratchet/skipChain.ts): keys per checkpoint at each level. A message chain runs
 * for 16 messages, a middle chain for 16 of those (256 messages), and a top chain without end, so reaching
 * any message key takes at most 15 + 15 steps below the top plus MAX_FORWARD_JUMP / 256 top steps (at most
 * 43 HMACs in all with the bound above; 40 exactly), while in-order messages pay one extra HMAC pair per 16.
 * 16 balances the two: 8 would shorten the walk within a level but need a fourth level (another 32-byte key per
 * chain in every stored session) to keep the top walk short; 32 would make the walk within a level 31 steps.
 * Protocol constant: changing it changes every key (a new chain KDF version).
 */
export const SKIP_CHAIN_BRANCHING = 16;

/** Chain KDF 2: levels of the skip chain (message, middle, top). Protocol constant, see SKIP_CHAIN_BRANCHING. */
export const SKIP_CHAIN_LEVELS = 3;

/**
 * Receiving chains kept per session: the current one plus four previous ones whose late messages may still
 * arrive (a transaction stuck in a mempool, a reorged block). Older chains are dropped with their keys.
 */
export const MAX_RECEIVING_CHAINS = 5;

/**
 * A skipped message key older than this is deleted: a message that has not arrived in 30 days is not coming,
 * and keeping its key forever would weaken forward secrecy.
 */
export const SKIPPED_KEY_TTL_SECONDS = 30 * 24 * 60 * 60;

/**
 * A previous receiving chain stops being listened to (and is deleted) once BOTH this much time and the block
 * count below have passed since the peer moved on. Both, so that neither a stalled chain nor a wrong clock
 * expires it early. Seven days covers a transaction stuck in a mempool through a fee spike.
 */
export const PREVIOUS_CHAIN_TTL_SECONDS = 7 * 24 * 60 * 60;

/** See PREVIOUS_CHAIN_TTL_SECONDS: about 7 days of 2-second L2 blocks (and weeks of 12-second L1 blocks). */
export const PREVIOUS_CHAIN_TTL_BLOCKS = 302_400n;

/**
 * A chain's message counter is a u32 on the wire; reaching it is an error (never a wrap, which would reuse
 * message keys). A chain that long means 4 billion messages without a reply.
 */
export const MAX_CHAIN_INDEX = 0xffff_ffff;

// ---------------------------------------------------------------------------------------------- padding

/**
 * Smallest padded body: most chat messages are short and every byte costs ~40 gas, so the first bucket is
 * just large enough for a short line of text.
 */
export const MIN_PAD_BUCKET = 32;

/** Buckets double up to here, then grow in PAD_LARGE_STEP steps (doubling would waste too much gas). */
export const PAD_DOUBLING_LIMIT = 16 * 1024;
export const PAD_LARGE_STEP = 4 * 1024;

/** Random extra padding up to bucket / PAD_JITTER_DIVISOR, so sizes do not cluster exactly on bucket edges. */
export const PAD_JITTER_DIVISOR = 8;

/**
 * Largest plaintext a message may carry: it must fit MAX_MESSAGE_PAYLOAD_BYTES once framed, padded (with
 * jitter) and wrapped (version, header, tag).
 */
export const MAX_PLAINTEXT_BYTES = 24 * 1024;

// ---------------------------------------------------------------------------------------------- handshake

/** Longest public handshake note, in UTF-8 bytes: a greeting, not a message (it is public and costs gas). */
export const MAX_NOTE_BYTES = 280;

/**
 * How long an outbound handshake's secrets are kept waiting for the response. After that the secrets are
 * deleted and a late response cannot be completed (the initiator starts again).
 */
export const HANDSHAKE_TTL_SECONDS = 30 * 24 * 60 * 60;

/**
 * Most delegates (relayers, session keys, other devices' submitters) one key binding may name. Every binding
 * travels in each handshake and response, so each delegate costs 20 calldata bytes (about 800 gas) there, and
 * receivers compare every log's sender against the list. Eight covers a few devices plus a relayer or two; an
 * account that needs more should rotate bindings. The wire count field is one byte, so the limit must be <= 255.
 */
export const MAX_KEY_BINDING_DELEGATES = 8;

/**
 * Devices one key binding may authorise (the wire count is one byte). Every binding travels in each handshake,
 * response and prekey bundle, and each device costs 84 calldata bytes there (about 3,000 gas); eight covers a phone,
 * a laptop, a browser or two and a bot.
 */
export const MAX_BINDING_DEVICES = 8;

/**
 * Default lifetime of a new key binding. A phished binding stops working when it expires even if its victim never
 * notices it; a year keeps renewals (one wallet signature, and a publication) rare for everyone else.
 */
export const BINDING_LIFETIME_SECONDS = 365 * 24 * 60 * 60;

/**
 * Longest lifetime a binding may claim, counted from the block that publishes it: receivers ignore a binding that
 * expires later, so a signature obtained today cannot be saved and used for decades.
 */
export const MAX_BINDING_LIFETIME_SECONDS = 2 * 365 * 24 * 60 * 60;

/** A client renews (re-signs and republishes) its binding once less than this remains before it expires. */
export const BINDING_RENEW_BEFORE_SECONDS = 30 * 24 * 60 * 60;

/**
 * How far one published binding's sequence may jump past the current one. Without a bound, a phished binding
 * numbered 2^64 - 1 could never be superseded; with it, the account can always publish a higher number than any
 * single binding it was tricked into signing.
 */
export const BINDING_MAX_SEQUENCE_STEP = 1_000_000n;

/**
 * Gas given to the eth_call that checks a smart account's binding signature (ERC-1271, or ERC-6492 with its factory
 * call). Explicit, because a node's default for eth_call varies (some give the block gas limit, some 50M, some
 * less) and an out-of-gas answer must mean "too expensive to verify", never "forged"; 5M covers multisigs with
 * dozens of owners and counterfactual deployments.
 */
export const BINDING_VERIFY_GAS = 5_000_000n;

/**
 * Shortest wallet signature accepted as key material for an identity. A 65-byte ECDSA signature (or 64-byte
 * EIP-2098 compact form) carries about 256 bits the signer alone can produce; anything shorter, such as the empty
 * "0x" some smart accounts return for pre-approved messages, is too small to be secret, and keys derived from it
 * could be recomputed by anyone.
 */
export const MIN_SEED_SIGNATURE_BYTES = 64;

/**
 * Longest key binding signature the wire format carries (u16 length). ERC-6492 wrappers embed factory calldata,
 * so they run to hundreds of bytes; the calldata cost (about 40 gas a byte) bounds real ones far below this.
 */
export const MAX_KEY_BINDING_SIGNATURE_BYTES = 0xffff;

// ---------------------------------------------------------------------------------------------- prekeys

/**
 * How often an account replaces its signed prekey bundle (X25519 signed prekey and ML-KEM-768 last-resort key
 * together). Weekly, as libsignal advises for signed prekeys: a shorter period costs a ~80k-gas publication more
 * often, a longer one keeps each key (whose compromise exposes every first contact made with it) alive longer.
 */
export const PREKEY_ROTATION_SECONDS = 7 * 24 * 60 * 60;

/**
 * How long a superseded prekey stays usable after its successor was published, measured against the time up to
 * which the recipient has scanned the chain (never against its own clock alone: an offline recipient reads its
 * backlog with the old key before deleting it). It only has to cover an initiator that fetched the old bundle
 * and got its transaction included after the rotation: mempools drop a stuck transaction within hours (geth
 * keeps queued ones 3 h) and the client re-broadcasts a few times, so two days is ample. While two keys are live
 * the recipient scans every prekey handshake with both (twice the X25519 work), so longer costs scanning time
 * and forward secrecy.
 */
export const PREKEY_GRACE_SECONDS = 2 * 24 * 60 * 60;

/**
 * Prekey handshakes whose X25519 view-tag checks are issued at once while scanning. WebCrypto runs each derivation
 * on a worker thread, so a large batch keeps every free core busy, and every batch boundary is a point where
 * the cores wait for the main thread; measured on the reference machine, 1,024 took less CPU and wall time than
 * 256. Bounded so a backfill of tens of thousands of logs does not hold all their keys and promises at once.
 */
export const PREKEY_SCAN_CONCURRENCY = 1024;

// ---------------------------------------------------------------------------------------------- chain: log sync

/**
 * Values per topic position (tags, senders) in one eth_getLogs filter; longer OR-lists are split over several
 * queries whose results are merged. go-ethereum refuses more than 1,000 per position and hosted providers
 * cap filter size lower or bill by it; 100 keeps every common provider happy while a user with a few dozen
 * conversations (about three inbound topics each) still needs a handful of queries per range.
 */
export const LOG_TOPICS_PER_QUERY = 100;

/**
 * First block range of an eth_getLogs sweep. Hosted providers cap ranges between 500 and 10,000 blocks (or cap
 * results at 10,000 logs); 5,000 passes most of them at once and adapts down in a few halvings otherwise.
 */
export const LOG_INITIAL_BLOCK_RANGE = 5_000n;

/**
 * Largest range the adaptive sweep grows to after successes. Bigger ranges save requests on sparse history
 * (Hushlog logs are rare per block), but one request over more than ~100k blocks can exceed a node's own
 * query timeout even when it returns few logs.
 */
export const LOG_MAX_BLOCK_RANGE = 100_000n;

/**
 * Consecutive successful queries before the range doubles again. Two keeps a burst of dense blocks from
 * making the rest of a long sweep slow, without probing a provider's limit on every request.
 */
export const LOG_RANGE_GROW_AFTER = 2;

/**
 * Successful queries a result-cap ceiling lasts. Density changes along a chain's history, so such a ceiling
 * must expire; 16 makes a uniformly dense history cost about one refused request in 17 instead of one in 3,
 * and a sparse stretch after a dense one regains large ranges within a few dozen requests.
 */
export const LOG_SIZE_CEILING_TTL = 16;

// ---------------------------------------------------------------------------------------------- chain: retries

/**
 * Attempts per RPC request on rate limits and transient failures (the first try included). With the delays
 * below the last attempt comes about a minute after the first: long enough to ride out a provider's
 * per-second or per-minute limit or a node restart, short enough to surface a dead provider to the user.
 */
export const RPC_RETRY_MAX_ATTEMPTS = 8;

/** First backoff delay; it doubles per attempt, with full jitter so many clients do not retry in lockstep. */
export const RPC_RETRY_BASE_DELAY_MS = 500;

/** Backoff ceiling, also the most a provider's Retry-After header may make us wait per attempt. */
export const RPC_RETRY_MAX_DELAY_MS = 30_000;

// ---------------------------------------------------------------------------------------------- chain: submission

/**
 * After a wallet returns a transaction hash, how many times to look the transaction up for its nonce. A
 * browser wallet broadcasts through its own RPC, so ours may see the transaction a moment later.
 */
export const NONCE_LOOKUP_ATTEMPTS = 5;

/** Delay between those lookups (doubling): 250 ms, 500 ms, ... about 4 s in all before giving up on the nonce. */
export const NONCE_LOOKUP_DELAY_MS = 250;

/**
 * When an archive-less node cannot answer historical nonce queries, `probeTransaction` scans blocks one by one
 * for a replacement; it looks at most this many blocks after `sinceBlock` (a day of 2-second L2 blocks). A
 * replacement is normally mined within minutes of the original, and a full-block scan costs one request per
 * block.
 */
export const REPLACEMENT_SCAN_MAX_BLOCKS = 43_200n;

// ---------------------------------------------------------------------------------------------- chain: finality

/**
 * When a sent transaction counts as confirmed (a depth, in blocks including its own) and when it is final
 * (nothing short of a deep reorg can remove it: the chain's `finalized`/`safe` block where the RPC has one, else
 * the depth below). A record is kept and watched until final, and re-sent if a reorg removes it even after
 * "confirmed" (issue 21). The library and the CLI take the same defaults from here (chainFinality).
 *
 * - Ethereum and its testnets: 3 blocks (~36 s) for "confirmed"; finalized after ~2 epochs (64-95 blocks).
 * - OP Stack (Optimism, Base), Arbitrum, other rollups: their `finalized` block follows L1 finality (~15-20 min);
 *   unsafe-head reorgs are rare and a few blocks deep, hence 5 confirmations of 2-second blocks.
 * - Polygon PoS: deep reorgs happened before its finality upgrade: 32 confirmations, `finalized` where served.
 * - Local development nodes (31337, 1337): one block; their `finalized` tag is the head (Hardhat) or an arbitrary
 *   64 blocks back (anvil), so a depth is used. 3 blocks: a dev chain mines only on transactions.
 * - Anything else: 3 confirmations, `finalized` when the RPC serves it, else 128 blocks.
 */
export const FINALITY_BY_CHAIN: Readonly<Record<number, FinalityRule>> = {
  1: { confirmations: 3, depth: 96, tag: "finalized" },
  11155111: { confirmations: 3, depth: 96, tag: "finalized" },
  17000: { confirmations: 3, depth: 96, tag: "finalized" },
  10: { confirmations: 5, depth: 1_800, tag: "finalized" },
  8453: { confirmations: 5, depth: 1_800, tag: "finalized" },
  84532: { confirmations: 5, depth: 1_800, tag: "finalized" },
  11155420: { confirmations: 5, depth: 1_800, tag: "finalized" },
  42161: { confirmations: 5, depth: 7_200, tag: "finalized" },
  421614: { confirmations: 5, depth: 7_200, tag: "finalized" },
  137: { confirmations: 32, depth: 256, tag: "finalized" },
  31337: { confirmations: 1, depth: 3, tag: null },
  1337: { confirmations: 1, depth: 3, tag: null },
};

/** See FINALITY_BY_CHAIN: the rule for chains it does not list. */
export const DEFAULT_FINALITY: FinalityRule = { confirmations: 3, depth: 128, tag: "finalized" };

export type FinalityRule = { confirmations: number; depth: number; tag: "finalized" | "safe" | null };

// ---------------------------------------------------------------------------------------------- client

/**
 * Automatic re-broadcasts of one transaction's calldata after drops or cancelling replacements before it is
 * reported `failed` (the user can still retry). A few cover mempool evictions during a fee spike; endless
 * retries would spend gas forever on a wallet that keeps cancelling.
 */
export const MAX_REBROADCASTS = 5;

/**
 * Blocks after its broadcast during which a transaction we cannot find anywhere (not by hash, not by sender and
 * calldata in the pending block, not by its logs) is still waited for, when we never learnt its nonce or its
 * broadcast's answer was lost. After that it counts as dropped (or, for a lost answer, failed and retryable).
 * Mempools propagate in seconds; 5 blocks is a minute on Ethereum and 10 s on 2-second L2s. Taking a live
 * transaction for dropped costs at most a second copy of the same bytes, which the receiver drops.
 */
export const UNSEEN_TRANSACTION_BLOCKS = 5n;

/**
 * How long a `preparing` pending record stays with the client broadcasting it. Clients share stores (a CLI watcher
 * and a sender process, a dapp's tabs) and a record is in the store before its broadcast returns (a slow RPC, an open
 * wallet prompt): another client broadcasting it too sent a second transaction or, losing the nonce race, marked a
 * delivered message `failed`. Past the lease a `preparing` record is taken for a broadcast that crashed and is
 * recovered (looked for on chain first, then sent). Far longer than a broadcast takes without a person (seconds);
 * the cost is that a crash's recovery waits this long. A wallet prompt left open longer may be shown twice; a second
 * copy carries the same ciphertext, which receivers drop.
 */
export const BROADCAST_LEASE_SECONDS = 120;

/**
 * Smallest number of blocks per sync step. A step is one commit (cursor, ratchet states and received messages
 * together) and otherwise as wide as the provider's learnt block range (see createLogLimits): a step narrower
 * than what one request may cover would multiply the requests of a catch-up by the ratio (issue 21: 2,000-block
 * steps under a 10,000-block cap made 5x the necessary requests). The log reader splits further if needed.
 */
export const SYNC_RANGE_BLOCKS = 2_000n;

/**
 * A sync step over at most this many blocks (live updates, a short catch-up) reads every Hushlog event of the
 * contract in ONE unfiltered request and sorts them locally, instead of one filtered request per chunk of
 * inbound topics (a watching client with 1,000 conversations made ~22 requests per poll). It also tells the
 * provider nothing about which topics we read. 64 blocks of Hushlog traffic stay far below providers' 10,000-log
 * result caps unless the contract is very busy; a refused or capped answer falls back to filtered queries.
 */
export const LIVE_QUERY_MAX_BLOCKS = 64n;

/**
 * Block headers read at once for the timestamps of received messages: enough to overlap round trips, few enough
 * not to trip a provider's per-second cap in one burst (public endpoints allow ~25 requests per second).
 */
export const BLOCK_TIMESTAMP_CONCURRENCY = 8;

/**
 * Processed block hashes remembered for reorg detection. A reorg deeper than this many recorded blocks goes
 * unnoticed; 128 is far past the depth of any reorg on a chain with finality (Ethereum finalizes at 64-95 blocks).
 */
export const RECENT_BLOCKS_KEPT = 128;

/** Messages per conversation re-checked when a reorg is found (the newest ones; older ones are far below it). */
export const REORG_MESSAGE_WINDOW = 500;

// ---------------------------------------------------------------------------------------------- groups (sender keys)

/**
 * Sender-key states kept per group member (libsignal/WhatsApp use the same bound): the newest plus four older
 * chains whose late messages may still arrive after the member rotated (a transaction stuck in a mempool, a
 * reorged block). An older state is dropped with its skipped keys.
 */
export const MAX_SENDER_KEY_STATES = 5;

/**
 * Stored skipped message keys per group member, over all of that member's states; beyond it the oldest are dropped
 * (as in the 1:1 ratchet). 2,000 covers heavy reordering; each key is ~41 bytes serialized and the member's record
 * is rewritten on every message received from them.
 */
export const MAX_SENDER_KEY_SKIPPED_KEYS = 2_000;

/**
 * Members of one group, the creator included. Every member holds a 1:1 session with every other member, and a key
 * rotation (after a removal) makes each member send one sender-key distribution per other member: n - 1 1:1
 * messages of about 200 calldata bytes (~8,700 gas each in a batch, measured by `npm run bench -- group`). At 100
 * members that is ~860k gas per member per rotation, still one transaction under common block gas limits; larger
 * groups need another design.
 */
export const MAX_GROUP_MEMBERS = 100;

/** Longest group name, in UTF-8 bytes: a title, not a description. It travels in every full membership record. */
export const MAX_GROUP_NAME_BYTES = 64;

/**
 * Membership changes received ahead of a missing earlier one (a re-broadcast transaction included after a later
 * one), kept until the gap fills. More than this means the creator's messages are lost, not late: ask for a full
 * record instead.
 */
export const MAX_HELD_MEMBERSHIP_CHANGES = 16;

/** Groups one account may belong to: the group index is one record, read whenever topics are listed. */
export const MAX_GROUPS = 1_000;

// ---------------------------------------------------------------------------------------------- react

/**
 * Newest messages of a group that `useGroups` reads to count its unread ones (the client keeps unread counts per 1:1
 * conversation only). A count that reaches it means "100 or more": reading further would make every refresh of the
 * group list read more records from the store for no visible gain.
 */
export const GROUP_UNREAD_WINDOW = 100;

// ---------------------------------------------------------------------------------------------- content (issue 19)

/** Bytes of a post's message secret: the key of the proofs its edits and deletes carry (a 128-bit HMAC key). */
export const MSG_SECRET_BYTES = 16;

/** Bytes of an edit's or delete's proof: a truncated HMAC-SHA256, 128 bits, forging it is a 2^-128 guess. */
export const AMEND_PROOF_BYTES = 16;

/**
 * How long after its block an own post may be edited or deleted, judged on block timestamps (both ends read the
 * same ones): Signal's 24 hours. A received post's secret is kept until then, then deleted, so a later edit cannot
 * be verified at all.
 */
export const EDIT_WINDOW_SECONDS = 24 * 60 * 60;

/**
 * Slack before secrets past their window are deleted: a re-scan of an older topic (a sender key's catch-up, an
 * unscanned range) may still bring an in-window edit whose original is older than the newest block seen.
 */
export const MSG_SECRET_EXPIRY_SLACK_SECONDS = 60 * 60;

/** Edits of one post: the edit sequence is a u16 and a sender that needs more is misbehaving. */
export const MAX_EDITS_PER_MESSAGE = 0xffff;

/** Accounts one post may mention: a group's size (every member). */
export const MAX_MENTIONS = 100;

/** Longest reaction, in UTF-8 bytes: one emoji, even a family ZWJ sequence with skin tones (about 35 bytes). */
export const MAX_REACTION_BYTES = 64;

/**
 * Message ids one read receipt names: one receipt covers a conversation's unread messages at once, and more than a
 * screenful unread means only the newest ones need a receipt (32 bytes each on chain).
 */
export const MAX_RECEIPT_IDS = 64;

/**
 * Newest messages of a chat the content API reads to find a post's earlier edits (the next edit sequence) and the
 * last receipt sent: a post can only be edited within EDIT_WINDOW_SECONDS, so its edits are recent.
 */
export const CONTENT_SCAN_LIMIT = 1_000;

// ---------------------------------------------------------------------------------------------- privacy (issue 18)

/**
 * Decoys mixed into each targeted look-up (issue 18: a prekey bundle fetched by account, a smart-account binding
 * checked by eth_call), so the RPC sees the target as one of DEFAULT_LOOKUP_DECOYS + 1 accounts. Drawn from accounts
 * that published a `Binding` on chain (any account a user could contact). 4: a 1-in-5 guess for the RPC, while a
 * bundle look-up stays one request per window (an OR-list) and a binding check costs 5 eth_calls instead of 1.
 */
export const DEFAULT_LOOKUP_DECOYS = 4;

/** Accounts kept as decoy candidates (20 bytes each in the store's cache): a sample this large hides as well as all. */
export const DECOY_POOL_MAX = 4_096;

/** Smart-account bindings kept as cover checks (a binding record is ~300 bytes): enough to choose decoys from. */
export const DECOY_COVER_MAX = 256;

/**
 * Group control batches (a sender key's distributions, a membership change) carry at least this many 1:1 messages,
 * and above it a power of two: the missing ones are cover messages (issue 18), so an observer counting a batch's logs
 * learns the bucket, not the group's size, nor who was added or removed. 4 hides every group of up to 5 members
 * (~7,200 gas per cover message: a distribution is ~180 bytes); larger groups show their power-of-two bucket.
 */
export const GROUP_CONTROL_BATCH_MIN = 4;

/**
 * Message topics kept as decoys for catch-up message queries (32 bytes each in the store's cache, rewritten when a new
 * topic appears): enough to draw DEFAULT_LOOKUP_DECOYS per real topic for a few hundred conversations.
 */
export const DECOY_TOPICS_MAX = 1_024;

/**
 * Bytes of HMAC-SHA256 kept per blind tag in the browser store (row keys, index values, the account; issue 18),
 * written as 22 base64url characters. 128 bits: two different keys of one table share a tag with probability
 * ~n^2 / 2^129 (nil for any store a browser holds), so a tag can stand for its row key; index matches are checked
 * again on the decrypted values anyway. Shorter would start to trade that margin for a few bytes per index entry.
 */
export const BLIND_TAG_BYTES = 16;

/**
 * Index-value tags an open browser store remembers: a sync writes many rows under one conversation (order and
 * unread indexes) or one transaction hash (a batch), so most index tags repeat. 4,096 (~300 kB) covers every
 * conversation and recent batch of a heavy user; when full it starts over.
 */
export const BLIND_TAG_MEMO = 4_096;

/**
 * Rows whose decrypted key and index values an open browser store keeps in memory, so ordered queries (a page of a
 * conversation, the conversation list's last messages) decrypt each row version once, not on every read: IndexedDB
 * can only hand them rows by blind tag, in a meaningless order. ~200 bytes per row: 50,000 rows (a heavy user's
 * messages) stay under ~10 MB; beyond it the oldest entries go and those rows are decrypted again when read.
 */
export const DEXIE_INDEX_CACHE_ROWS = 50_000;

// ---------------------------------------------------------------------------------------------- history transfer (issue 17)

/**
 * Largest history transfer file opened or made, in bytes: it is one AEAD box held in memory with its plaintext
 * (twice this at the peak), which a browser tab must survive. A short message costs 162 bytes of metadata plus its
 * content (185 bytes for a 23-byte post, measured), so 128 MiB holds some 700,000 of them; a larger history fails
 * with a typed error instead of exhausting memory.
 */
export const MAX_HISTORY_TRANSFER_BYTES = 128 * 1024 * 1024;

/**
 * Longest message id a transfer may carry, in bytes: ids are 0x-hex of 32 bytes (66 characters); the margin admits
 * any id an older client wrote while a crafted one cannot make the store index huge keys.
 */
export const MAX_HISTORY_MESSAGE_ID_BYTES = 128;

/** Longest alias (nickname entry) a transfer may carry, in bytes: a MAX_NICKNAME_LENGTH name in UTF-8 plus its prefix. */
export const MAX_HISTORY_ALIAS_BYTES = 256;

// ---------------------------------------------------------------------------------------------- app

/** Longest nickname the app keeps for a contact, in characters: a name in a list, not a note. */
export const MAX_NICKNAME_LENGTH = 40;

/**
 * Gas of a minimal text message (87-byte payload, packed calldata), as `npm run bench` measures it
 * (docs/benchmarks.md: 25,856 on Prague rules). The devices screen divides a sending key's balance by this times the
 * current fee to say about how many messages are left: an estimate for the user, never a limit. Longer messages cost
 * more (about 40 gas per byte), so the estimate is an upper bound.
 */
export const MINIMAL_MESSAGE_GAS = 25_856n;

/**
 * Below this many minimal messages left, the app warns that the browser's sending key is running dry. Twenty leaves
 * room for a conversation's worth of replies while the user tops up, and is small enough that a funded key (a few
 * hundred messages) does not warn at once.
 */
export const SENDING_KEY_LOW_MESSAGES = 20n;

// ---------------------------------------------------------------------------------------------- app-state sync

/**
 * Mutations in one app-state patch (one transaction): a patch is one log, bounded by MAX_MESSAGE_PAYLOAD_BYTES
 * (32,767). The largest mutation is a 40-character nickname (27 bytes of head, up to 160 UTF-8 bytes): 150 of them
 * make ~28 kB and still fit. More changes than that go out in several patches, one transaction each.
 */
export const APPSYNC_MAX_MUTATIONS = 150;
/**
 * LTHash of a collection: 1,024 16-bit lanes (2,048 bytes), the parameters Facebook's LtHash paper gives for about
 * 200 bits of collision resistance (WhatsApp's 128-byte variant is too small for that). Kept locally only: no byte of
 * it is on chain.
 */
export const APPSYNC_LTHASH_BYTES = 2_048;
/** Bytes of the snapshot MAC a patch carries (a truncated HMAC-SHA256): forging it is 2^-128 per try, offline impossible. */
export const APPSYNC_SNAPSHOT_MAC_BYTES = 16;
/**
 * Newest messages of a conversation looked at to place its read marker: the newest included one is among them unless
 * that many of ours are still unsent, and then the marker simply stays where it was until they are included.
 */
export const APPSYNC_READ_MARKER_WINDOW = 50;
