import {
  getAddress,
  isAddressEqual,
  type Address,
  type Hex,
  type Log,
} from "viem";
import { hushlogEventSelectors } from "./hushlogAbi.ts";
import type { HushlogEventName, HushlogLog, SkippedLog } from "./HushlogLog.ts";

export type DecodeHushlogLogsResult = {
  logs: HushlogLog[];
  /** The input log each decoded log came from (same index as `logs`). */
  sources: Log[];
  skipped: SkippedLog[];
};

const eventNames: readonly HushlogEventName[] = ["Handshake", "HandshakeResponse", "Message", "Prekeys", "Binding"];

/** topic0 of each Hushlog event, from the generated ABI. */
export { hushlogEventSelectors };

const eventBySelector = new Map<string, HushlogEventName>(
  eventNames.map((name) => [hushlogEventSelectors[name].toLowerCase(), name]),
);

/**
 * Decodes viem logs into `HushlogLog`s with the generated ABI. A log that is not a well-formed Hushlog event of
 * `address` is never thrown on and never dropped silently: it lands in `skipped` with a reason, so a caller can
 * count or report it. Order is preserved.
 *
 * Decoding is strict: topics and data must decode exactly, and the data must be the canonical ABI encoding of
 * the payload (which is all Hushlog.sol ever emits), so one log has exactly one decoding.
 */
export function decodeHushlogLogs(
  logs: readonly Log[],
  { address, fromBlock, toBlock }: { address: Address; fromBlock?: bigint; toBlock?: bigint },
): DecodeHushlogLogsResult {
  const decoded: HushlogLog[] = [];
  const sources: Log[] = [];
  const skipped: SkippedLog[] = [];
  for (const log of logs) {
    const result = decodeOne(log, address, fromBlock, toBlock);
    if ("reason" in result) skipped.push(result);
    else {
      decoded.push(result);
      sources.push(log);
    }
  }
  return { logs: decoded, sources, skipped };
}

function decodeOne(log: Log, address: Address, fromBlock?: bigint, toBlock?: bigint): HushlogLog | SkippedLog {
  const skip = (reason: SkippedLog["reason"], detail: string): SkippedLog => ({ log, reason, detail });

  if (!log.address || !isAddressEqual(log.address, address)) return skip("wrong-address", `emitted by ${log.address}`);
  if (log.blockNumber === null || log.blockHash === null || log.logIndex === null || log.transactionHash === null) {
    return skip("pending", "the log is not in a block yet");
  }
  if ((fromBlock !== undefined && log.blockNumber < fromBlock) || (toBlock !== undefined && log.blockNumber > toBlock)) {
    return skip("out-of-range", `block ${log.blockNumber} is outside ${fromBlock ?? "?"}..${toBlock ?? "?"}`);
  }
  const selector = log.topics[0];
  const event = selector ? eventBySelector.get(selector.toLowerCase()) : undefined;
  if (!event) return skip("unknown-event", `topic0 ${selector ?? "(none)"} is not a Hushlog event`);

  // Decoded by hand rather than with decodeEventLog + a canonical re-encoding: on a 10,000-log catch-up those
  // (and their per-log address checksums) cost more than decrypting the messages. Same strictness: the exact
  // topic count, address topics with zero upper bytes, and data that is exactly abi.encode(bytes) with offset
  // 0x20, the right length and zero padding.
  const senderTopic = log.topics[2];
  if (log.topics.length !== 3 || !senderTopic || !/^0x0{24}[0-9a-fA-F]{40}$/.test(senderTopic)) {
    return skip("undecodable", `topics do not match the ${event} event`);
  }
  const data = log.data;
  if (data.length < 130 || !/^0x[0-9a-fA-F]*$/.test(data) || data.length % 2) return skip("undecodable", "data shorter than an encoded bytes value");
  const offset = data.slice(2, 66);
  const length = Number.parseInt(data.slice(66, 130), 16);
  const padded = Math.ceil(length / 32) * 64;
  if (!Number.isSafeInteger(length) || data.length < 130 + 2 * length) return skip("undecodable", "the payload length runs past the data");
  if (offset !== `${"0".repeat(62)}20` || data.length !== 130 + padded || !/^0*$/.test(data.slice(130 + 2 * length))) {
    return skip("non-canonical", "the data is not the canonical ABI encoding of its payload");
  }
  const sender = checksummed(`0x${senderTopic.slice(26)}`);
  const payload = hexToBytesFast(data, 130, length);
  return {
    event,
    address: checksummed(log.address),
    tag: log.topics[1]!,
    sender,
    payload,
    blockNumber: log.blockNumber,
    blockHash: log.blockHash,
    transactionHash: log.transactionHash,
    logIndex: log.logIndex,
    removed: log.removed ?? false,
  };
}

/** Checksummed addresses, remembered: a catch-up sees the same few senders thousands of times. */
const checksums = new Map<string, Address>();
function checksummed(address: string): Address {
  const key = address.toLowerCase();
  let out = checksums.get(key);
  if (!out) {
    if (checksums.size > 10_000) checksums.clear();
    checksums.set(key, (out = getAddress(key)));
  }
  return out;
}

const nibble = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) nibble[48 + i] = i;
for (let i = 0; i < 6; i++) nibble[65 + i] = nibble[97 + i] = 10 + i;

/** `length` bytes from hex `text` starting at character `start` (already checked to be hex digits). */
function hexToBytesFast(text: string, start: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0, j = start; i < length; i++, j += 2) out[i] = (nibble[text.charCodeAt(j)]! << 4) | nibble[text.charCodeAt(j + 1)]!;
  return out;
}
