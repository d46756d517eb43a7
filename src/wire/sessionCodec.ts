import { bytesToHex, hexToBytes, type Hex } from "viem";
import { MAX_RECEIVING_CHAINS, MAX_SKIPPED_KEYS } from "../constants.ts";
import { InvalidFieldError, UnknownVersionError } from "../errors/wireErrors.ts";
import { chainKdf, type ChainKdfVersion } from "../ratchet/chainKdf.ts";
import type { ReceivingChain, RatchetSession, SkippedKey } from "../ratchet/RatchetSession.ts";
import { heldChainKeys, type ChainKeys } from "../ratchet/skipChain.ts";
import { ByteReader } from "./ByteReader.ts";
import { ByteWriter } from "./ByteWriter.ts";

/**
 * Serialized ratchet session. Secret in its entirety (stores encrypt it at rest). Topics are stored as their 16
 * significant bytes. The version names the session's chain KDF (ratchet/chainKdf.ts), which never changes over a
 * session's life: version 1 for the linear chain (every session created before chain KDF 2, byte for byte as
 * before, so stored rows need no migration and an older release still reads them), version 2 for the skip chain.
 * A typical session (one chain each way, a previous chain, a few skipped keys) is about 550 bytes in version 1;
 * version 2 stores up to 64 bytes more per chain (~740 bytes; a session with five receiving chains: 835 -> 1,155).
 *
 * Version 1:
 * | size      | field                                                                                   |
 * |-----------|-----------------------------------------------------------------------------------------|
 * | 1         | version = 0x01                                                                          |
 * | 1         | flags: bit0 responder, bit1 ourRatchetKey, bit2 theirRatchetKey, bit3 sending, bit4 next |
 * | 28        | context: chainId (u64 BE) · contract (20)                                               |
 * | 32        | root key                                                                                |
 * | 64        | [bit1] our ratchet secret key (32) · public key (32)                                    |
 * | 32        | [bit2] their ratchet public key                                                         |
 * | 84        | [bit3] sending: chain key (32) · index (u32) · topic (16) · header key (32)             |
 * | 48        | [bit4] next: topic (16) · header key (32)                                               |
 * | 1         | receiving chain count (<= 5), then per chain:                                           |
 * | 117/125   |   ratchet key (32) · chain key (32) · index (u32) · topic (16) · header key (32)        |
 * |           |   · expiry kind (u8: 0 none, 1 time, 2 time+block) · [time (u32)] · [block (u64)]       |
 * | 2         | skipped key count (u16, <= 2000), then per key:                                         |
 * | 41        |   chain (u8: index into receiving) · message index (u32) · message key (32) · stored (u32)|
 *
 * Version 2: the same fields, except that in `sending` and in each receiving chain, "chain key (32) · index (u32)"
 * becomes "index (u32) · chain keys": the keys the skip chain holds at that index, lowest level first, 32 bytes
 * each (2 or 3 of them, 64-96 bytes; which ones follows from the index, ratchet/skipChain.ts `heldChainKeys`).
 */
const formatVersion: Record<ChainKdfVersion, number> = { 1: 0x01, 2: 0x02 };
const format = "session";

const compact = (topic: Hex) => hexToBytes(topic).subarray(0, 16);
const expand = (bytes: Uint8Array): Hex => `${bytesToHex(bytes)}${"0".repeat(32)}`;

export function encodeSession(session: RatchetSession): Uint8Array {
  const version = session.chainKdf;
  const w = new ByteWriter(1024).u8(formatVersion[version]);
  w.u8(
    (session.role === "responder" ? 1 : 0) |
      (session.ourRatchetKey ? 2 : 0) |
      (session.theirRatchetKey ? 4 : 0) |
      (session.sending ? 8 : 0) |
      (session.next ? 16 : 0),
  );
  w.bytes(session.context).bytes(session.rootKey);
  if (session.ourRatchetKey) w.bytes(session.ourRatchetKey.secretKey).bytes(session.ourRatchetKey.publicKey);
  if (session.theirRatchetKey) w.bytes(session.theirRatchetKey);
  const sending = session.sending;
  if (sending) writeChainKeys(w, version, sending.chainKeys, sending.index).bytes(compact(sending.topic)).bytes(sending.headerKey);
  if (session.next) w.bytes(compact(session.next.topic)).bytes(session.next.headerKey);
  w.u8(session.receiving.length);
  for (const chain of session.receiving) {
    writeChainKeys(w.bytes(chain.ratchetKey), version, chain.chainKeys, chain.index).bytes(compact(chain.topic)).bytes(chain.headerKey);
    const expiry = chain.expiresAt;
    if (!expiry) w.u8(0);
    else if (expiry.block === null) w.u8(1).u32(expiry.time);
    else w.u8(2).u32(expiry.time).u64(expiry.block);
  }
  const chainIndex = new Map(session.receiving.map((chain, i) => [chain.topic, i]));
  w.u16(session.skipped.length);
  for (const key of session.skipped) {
    w.u8(chainIndex.get(key.topic)!).u32(key.index).bytes(key.messageKey).u32(key.storedAt);
  }
  return w.finish();
}

export function decodeSession(bytes: Uint8Array): RatchetSession {
  const r = new ByteReader(format, bytes);
  const versionByte = r.u8();
  const version = versionByte === formatVersion[1] ? 1 : versionByte === formatVersion[2] ? 2 : null;
  if (version === null) throw new UnknownVersionError({ format, version: versionByte });
  const flags = r.u8();
  if (flags & ~0x1f) throw new InvalidFieldError({ format, field: "flags", reason: "unknown bits set" });
  const context = r.bytesCopy(28);
  const rootKey = r.bytesCopy(32);
  const ourRatchetKey = flags & 2 ? { secretKey: r.bytesCopy(32), publicKey: r.bytesCopy(32) } : null;
  const theirRatchetKey = flags & 4 ? r.bytesCopy(32) : null;
  const sending = flags & 8 ? { ...readChainKeys(r, version), topic: expand(r.bytesView(16)), headerKey: r.bytesCopy(32) } : null;
  const next = flags & 16 ? { topic: expand(r.bytesView(16)), headerKey: r.bytesCopy(32) } : null;

  const chainCount = r.u8();
  if (chainCount > MAX_RECEIVING_CHAINS) throw new InvalidFieldError({ format, field: "receiving chain count", reason: "too many" });
  const receiving: ReceivingChain[] = [];
  for (let i = 0; i < chainCount; i++) {
    const ratchetKey = r.bytesCopy(32);
    const { chainKeys, index } = readChainKeys(r, version);
    const topic = expand(r.bytesView(16));
    const headerKey = r.bytesCopy(32);
    const kind = r.u8();
    if (kind > 2) throw new InvalidFieldError({ format, field: "expiry kind", reason: `unknown kind ${kind}` });
    const expiresAt = kind === 0 ? null : { time: r.u32(), block: kind === 2 ? r.u64() : null };
    receiving.push({ ratchetKey, chainKeys, index, topic, headerKey, expiresAt });
  }

  const skippedCount = r.u16();
  if (skippedCount > MAX_SKIPPED_KEYS) throw new InvalidFieldError({ format, field: "skipped key count", reason: "too many" });
  const skipped: SkippedKey[] = [];
  for (let i = 0; i < skippedCount; i++) {
    const chain = receiving[r.u8()];
    if (!chain) throw new InvalidFieldError({ format, field: "skipped key chain", reason: "no such receiving chain" });
    skipped.push({ topic: chain.topic, index: r.u32(), messageKey: r.bytesCopy(32), storedAt: r.u32() });
  }
  r.end();
  return {
    role: flags & 1 ? "responder" : "initiator",
    chainKdf: version,
    context,
    rootKey,
    ourRatchetKey,
    theirRatchetKey,
    sending,
    receiving,
    next,
    skipped,
  };
}

/** A chain's keys and index: v1 "chain key · index", v2 "index · the keys held at that index". */
function writeChainKeys(w: ByteWriter, version: ChainKdfVersion, keys: ChainKeys, index: number): ByteWriter {
  const held = heldChainKeys(chainKdf(version), index);
  if (keys.length !== held.length || keys.some((key, level) => (key !== null) !== held[level])) {
    throw new InvalidFieldError({ format, field: "chain keys", reason: "do not match the chain's index" });
  }
  if (version === 1) return w.bytes(keys[0]!).u32(index);
  w.u32(index);
  for (const key of keys) if (key) w.bytes(key);
  return w;
}

function readChainKeys(r: ByteReader, version: ChainKdfVersion): { chainKeys: ChainKeys; index: number } {
  if (version === 1) {
    const chainKey = r.bytesCopy(32);
    return { chainKeys: [chainKey], index: r.u32() };
  }
  const index = r.u32();
  return { index, chainKeys: heldChainKeys(chainKdf(version), index).map((held) => (held ? r.bytesCopy(32) : null)) };
}
