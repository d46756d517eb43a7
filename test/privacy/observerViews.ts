import { getAddress, hexToBigInt, type Address, type Hex } from "viem";
import { hushlogEventSelectors } from "../../src/chain/decodeHushlogLogs.ts";
import { fetchLogs } from "../../src/chain/fetchLogs.ts";
import type { HushlogEventName, HushlogLog } from "../../src/chain/HushlogLog.ts";
import type { PrivacyRun } from "./privacyRun.ts";
import type { RpcRecord } from "./recordingProvider.ts";

/** Everything the contract ever emitted in the run: all a chain observer has. */
export async function publicLogs(run: PrivacyRun): Promise<HushlogLog[]> {
  const { chain } = run;
  const head = hexToBigInt(await chain.provider.request({ method: "eth_blockNumber" }));
  const { logs } = await fetchLogs(chain.publicClient, { address: chain.deployment.address, event: "any", fromBlock: chain.deployment.deployBlock, toBlock: head });
  return logs;
}

/** Every address an observer can name from public logs: senders and the accounts that published records. */
export function addressesOnChain(logs: readonly HushlogLog[]): Address[] {
  const seen = new Set<string>();
  for (const log of logs) {
    seen.add(getAddress(log.sender));
    if (log.event === "Binding" || log.event === "Prekeys") seen.add(getAddress(`0x${log.tag.slice(26)}`));
  }
  return [...seen] as Address[];
}

/** One eth_getLogs filter as the RPC saw it: the event, the topic1 OR-list and the sender (topic2) OR-list. */
export type SeenFilter = { event: HushlogEventName | "any"; tags: Hex[] | null; senders: Hex[] | null; fromBlock: bigint; toBlock: bigint };

const eventOf = new Map(Object.entries(hushlogEventSelectors).map(([name, selector]) => [selector.toLowerCase(), name as HushlogEventName]));

export function seenFilters(rpc: readonly RpcRecord[]): SeenFilter[] {
  const out: SeenFilter[] = [];
  for (const record of rpc) {
    if (record.method !== "eth_getLogs") continue;
    const filter = (record.params as [{ topics?: (Hex | Hex[] | null)[]; fromBlock: Hex; toBlock: Hex }])[0];
    const list = (t: Hex | Hex[] | null | undefined) => (t == null ? null : (Array.isArray(t) ? t : [t]).map((x) => x.toLowerCase() as Hex));
    const topics = filter.topics ?? [];
    const selectors = list(topics[0]);
    const events: (HushlogEventName | "any")[] = selectors ? selectors.map((s) => eventOf.get(s)!) : ["any"];
    for (const event of events) out.push({ event, tags: list(topics[1]), senders: list(topics[2]), fromBlock: hexToBigInt(filter.fromBlock), toBlock: hexToBigInt(filter.toBlock) });
  }
  return out;
}

/** The accounts (among `candidates`) that the user's eth_call and eth_getCode requests concern. */
export function accountsChecked(rpc: readonly RpcRecord[], candidates: readonly Address[]): Set<Address> {
  const found = new Set<Address>();
  for (const record of rpc) {
    if (record.method !== "eth_call" && record.method !== "eth_getCode") continue;
    const text = JSON.stringify(record.params).toLowerCase();
    for (const account of candidates) if (text.includes(account.slice(2).toLowerCase())) found.add(account);
  }
  return found;
}
