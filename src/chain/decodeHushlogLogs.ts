import {
  decodeEventLog,
  encodeAbiParameters,
  getAbiItem,
  getAddress,
  hexToBytes,
  isAddressEqual,
  toEventSelector,
  type Abi,
  type Address,
  type Hex,
  type Log,
} from "viem";
import { hushlogAbi } from "./hushlogAbi.ts";
import type { HushlogEventName, HushlogLog, SkippedLog } from "./HushlogLog.ts";

export type DecodeHushlogLogsResult = {
  logs: HushlogLog[];
  /** The input log each decoded log came from (same index as `logs`). */
  sources: Log[];
  skipped: SkippedLog[];
};

const eventNames: readonly HushlogEventName[] = ["Handshake", "HandshakeResponse", "Message", "Prekeys"];

/** topic0 of each Hushlog event, from the generated ABI. */
export const hushlogEventSelectors: Readonly<Record<HushlogEventName, Hex>> = Object.fromEntries(
  eventNames.map((name) => {
    const item = getAbiItem({ abi: hushlogAbi as Abi, name });
    if (item?.type !== "event") throw new Error(`the generated ABI has no ${name} event`);
    return [name, toEventSelector(item)];
  }),
) as Record<HushlogEventName, Hex>;

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

  let args: { payload?: Hex; bundle?: Hex; sender?: Address; account?: Address };
  try {
    ({ args } = decodeEventLog({ abi: hushlogAbi, eventName: event, data: log.data, topics: log.topics as [Hex, ...Hex[]], strict: true }) as {
      args: typeof args;
    });
  } catch (error) {
    return skip("undecodable", (error as { shortMessage?: string }).shortMessage ?? String(error));
  }
  const data = (args.payload ?? args.bundle)!;
  // viem's decoder ignores bytes past the payload and the padding's contents; Hushlog emits neither, so a log
  // with them was not emitted by Hushlog.sol as deployed (or was altered on the way): not a valid Hushlog log.
  if (encodeAbiParameters([{ type: "bytes" }], [data]).toLowerCase() !== log.data.toLowerCase()) {
    return skip("non-canonical", "the data is not the canonical ABI encoding of its payload");
  }
  const sender = event === "Prekeys" ? args.account! : args.sender!;
  return {
    event,
    address: getAddress(log.address),
    tag: log.topics[1]!,
    sender: getAddress(sender),
    payload: hexToBytes(data),
    blockNumber: log.blockNumber,
    blockHash: log.blockHash,
    transactionHash: log.transactionHash,
    logIndex: log.logIndex,
    removed: log.removed ?? false,
  };
}
