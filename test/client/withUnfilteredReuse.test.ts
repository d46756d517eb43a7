import { describe, expect, it } from "vitest";
import type { HushlogLog } from "../../src/chain/HushlogLog.ts";
import type { LogQuery } from "../../src/client/ClientContext.ts";
import { withUnfilteredReuse } from "../../src/client/withUnfilteredReuse.ts";

const a = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const b = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const topic = (n: number) => `0x${n.toString(16).padStart(64, "0")}` as const;
const log = (blockNumber: bigint, event: HushlogLog["event"], tag: `0x${string}`, sender: `0x${string}`): HushlogLog => ({
  event,
  address: a,
  tag,
  sender,
  payload: new Uint8Array(),
  blockNumber,
  blockHash: topic(Number(blockNumber)),
  transactionHash: topic(1000 + Number(blockNumber)),
  logIndex: 0,
  removed: false,
});

describe("withUnfilteredReuse: filtered queries inside the newest unfiltered read are answered from it", () => {
  const chainLogs = [log(10n, "Message", topic(1), a), log(11n, "Message", topic(2), b), log(12n, "Binding", topic(1), a), log(13n, "Message", topic(1), b)];
  const provider = () => {
    const asked: LogQuery[] = [];
    const fetch = async (query: LogQuery) => {
      asked.push(query);
      return chainLogs.filter((l) => l.blockNumber >= query.fromBlock && l.blockNumber <= query.toBlock && (query.event === "any" || l.event === query.event));
    };
    return { asked, fetch: withUnfilteredReuse(fetch) };
  };

  it("filters by event, block range, tags and senders as the provider would, in any letter case, with no request", async () => {
    const { asked, fetch } = provider();
    expect(await fetch({ event: "any", fromBlock: 10n, toBlock: 13n })).toHaveLength(4);
    expect(await fetch({ event: "Message", tags: [topic(1).toUpperCase().replace("0X", "0x") as `0x${string}`], fromBlock: 10n, toBlock: 13n })).toEqual([chainLogs[0], chainLogs[3]]);
    expect(await fetch({ event: "Message", senders: [b.toLowerCase() as `0x${string}`], fromBlock: 11n, toBlock: 12n })).toEqual([chainLogs[1]]);
    expect(await fetch({ event: "Binding", fromBlock: 10n, toBlock: 13n })).toEqual([chainLogs[2]]);
    expect(asked).toHaveLength(1);
  });

  it("asks the provider for anything outside that range, and keeps only the newest unfiltered read", async () => {
    const { asked, fetch } = provider();
    await fetch({ event: "any", fromBlock: 11n, toBlock: 12n });
    await fetch({ event: "Message", fromBlock: 10n, toBlock: 12n });
    await fetch({ event: "Message", fromBlock: 11n, toBlock: 13n });
    await fetch({ event: "any", fromBlock: 13n, toBlock: 13n });
    await fetch({ event: "Message", fromBlock: 11n, toBlock: 12n });
    expect(asked.map((q) => `${q.event} ${q.fromBlock}-${q.toBlock}`)).toEqual(["any 11-12", "Message 10-12", "Message 11-13", "any 13-13", "Message 11-12"]);
  });
});
