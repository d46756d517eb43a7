import { beforeAll, describe, expect, it } from "vitest";
import { pad, type Address, type Hex } from "viem";
import type { HushlogLog } from "../../src/chain/HushlogLog.ts";
import { GROUP_CONTROL_BATCH_MIN } from "../../src/constants.ts";
import { recipientTag } from "../../src/handshake/recipientTag.ts";
import { accountsChecked, addressesOnChain, publicLogs, seenFilters } from "./observerViews.ts";
import { LONG_RUN, runPrivacyScript, type PrivacyRun, type RunUser } from "./privacyRun.ts";

const own = (u: RunUser) => new Set([u.account, u.signer].map((a) => pad(a.toLowerCase() as Hex, { size: 32 })));

/** Decoys the RPC must see around every real target (the suite runs with the client's default). */
const DECOYS = 4;

/**
 * Issue 18's observer suite. One scripted multi-user run (test/privacy/privacyRun.ts), then two adversaries compute
 * what they can link: a chain observer from every public log, and a curious RPC provider from each user's request log
 * (it knows whose connection each is: the wallet sends through it). Each test states one claim of docs/protocol.md
 * ("Metadata privacy: what is hidden and what is not").
 */
describe("what an observer and an RPC can link (issue 18)", () => {
  let run: PrivacyRun;
  let logs: HushlogLog[];
  beforeAll(async () => {
    run = await runPrivacyScript();
    logs = await publicLogs(run);
  }, 600_000);

  it("an observer cannot name the recipient of any handshake by trying the addresses on chain", () => {
    const candidates = addressesOnChain(logs);
    const handshakes = logs.filter((l) => l.event === "Handshake");
    expect(handshakes.length).toBeGreaterThanOrEqual(run.facts.conversations.length);
    expect(run.facts.conversations.filter((c) => c.mode === "interactive").length).toBeGreaterThan(0);
    const tags = new Map(candidates.map((a) => [recipientTag(a).toLowerCase(), a]));
    const named = handshakes.flatMap((l) => (tags.has(l.tag.toLowerCase()) ? [{ tx: l.transactionHash, to: tags.get(l.tag.toLowerCase()) }] : []));
    expect(named).toEqual([]);
  });

  it("message lengths do not tell whether a chain is past message 128", () => {
    const alice = run.user("alice").account;
    const byTopic = new Map<Hex, number[]>();
    for (const l of logs) if (l.event === "Message" && l.sender === alice && l.blockNumber < run.facts.group.fromBlock) byTopic.set(l.tag, [...(byTopic.get(l.tag) ?? []), l.payload.length]);
    const chain = [...byTopic.values()].find((lengths) => lengths.length >= LONG_RUN)!;
    expect(chain).toBeDefined();
    // The observer's best classifier: lengths seen only before the 129th message, or only after it.
    const before = new Set(chain.slice(0, 128));
    const after = new Set(chain.slice(128));
    expect({ onlyBefore: [...before].filter((n) => !after.has(n)).sort(), onlyAfter: [...after].filter((n) => !before.has(n)).sort() }).toEqual({ onlyBefore: [], onlyAfter: [] });
  });

  it("group control batches have one shape whatever the group's size and changes", () => {
    // Every transaction that carries more than one Message log since the group was created: the sends that distribute
    // sender keys (the control messages, then the group message) and the creator's membership changes. Before issue 18
    // the observer counted 3, 4 and 5 logs: the group's size before and after, and that a member had left.
    const perTx = new Map<Hex, number>();
    for (const l of logs) if (l.event === "Message" && l.blockNumber >= run.facts.group.fromBlock) perTx.set(l.transactionHash, (perTx.get(l.transactionHash) ?? 0) + 1);
    const batchSizes = [...new Set([...perTx.values()].filter((n) => n > 1))].sort();
    expect(batchSizes.length).toBeGreaterThan(0);
    // GROUP_CONTROL_BATCH_MIN control messages, with or without the group message that follows them.
    expect(batchSizes.every((n) => n === GROUP_CONTROL_BATCH_MIN || n === GROUP_CONTROL_BATCH_MIN + 1)).toBe(true);
  });

  it("the RPC never sees a query that pairs an account with message topics or names awaited responders", () => {
    const paired = [...run.users.values()].flatMap((u) =>
      seenFilters(u.rpc)
        // Its own sender is no news to the RPC: the wallet sent the transaction through it (finding one's own
        // transactions filters by it).
        .filter((f) => (f.event === "Message" || f.event === "HandshakeResponse") && f.senders !== null && !f.senders.every((s) => own(u).has(s)))
        .map((f) => ({ user: u.name, event: f.event, senders: f.senders })),
    );
    expect(paired).toEqual([]);
    // Not vacuous: catch-up ranges did use filtered queries.
    expect([...run.users.values()].some((u) => seenFilters(u.rpc).some((f) => f.event === "Message" && f.tags !== null))).toBe(true);
  });

  it("every topic-filtered message query names its real topics among decoys (DECOYS + 1 topics once the chain has them)", () => {
    // Catch-up ranges (erin offline for 100+ blocks, new sessions' history, a group's new chain) reach the provider as
    // topic-filtered queries; on the base they named a session's single topic, which the RPC could then watch.
    // Decoys are topics others really use, so there can be no more than the chain has shown by then (none at all
    // before the first message of the run).
    const shown = (block: bigint) => new Set(logs.filter((l) => l.event === "Message" && l.blockNumber <= block).map((l) => l.tag.toLowerCase())).size;
    const queries = [...run.users.values()].flatMap((u) =>
      seenFilters(u.rpc)
        .filter((f) => f.event === "Message" && f.tags !== null && f.senders === null)
        .map((f) => ({ user: u.name, topics: f.tags!.length, toBlock: f.toBlock, possible: Math.min(DECOYS + 1, shown(f.toBlock)) })),
    );
    expect(queries.filter((q) => q.possible === DECOYS + 1).length).toBeGreaterThan(0);
    expect(queries.filter((q) => q.topics < q.possible)).toEqual([]);
  });

  it("look-ups by account (prekey bundles, binding histories) hide their target among decoys", () => {
    // A client looking up its own records tells the RPC nothing it does not know.
    const lookups = [...run.users.values()].flatMap((u) =>
      seenFilters(u.rpc)
        .filter((f) => (f.event === "Prekeys" || f.event === "Binding") && f.tags !== null && !f.tags.every((t) => own(u).has(t)))
        .map((f) => ({ user: u.name, event: f.event, accounts: f.tags!.length })),
    );
    expect(lookups.filter((l) => l.event === "Prekeys").length).toBeGreaterThan(0);
    expect(lookups.filter((l) => l.event === "Binding").length).toBeGreaterThan(0);
    expect(lookups.filter((l) => l.accounts < DECOYS + 1)).toEqual([]);
  });

  it("smart-account binding checks do not single out who made a hidden first contact", () => {
    // Every user in a conversation with a smart account (sam's prekey first contact to dave): its eth_call/eth_getCode
    // requests must name that account among at least DECOYS others (or all the smart accounts there are).
    const smart = [...run.users.values()].filter((u) => u.smartAccount).map((u) => u.account);
    const revealing: { user: string; peer: string; checked: number }[] = [];
    for (const { from, to } of run.facts.conversations) {
      for (const [self, peer] of [
        [run.user(from), run.user(to)],
        [run.user(to), run.user(from)],
      ] as const) {
        if (!peer.smartAccount) continue;
        const others = smart.filter((a) => a !== self.account);
        const checked = accountsChecked(self.rpc, others);
        expect(checked.has(peer.account)).toBe(true);
        if (checked.size < Math.min(DECOYS + 1, others.length)) revealing.push({ user: self.name, peer: peer.name, checked: checked.size });
      }
    }
    expect(run.facts.conversations.some((c) => run.user(c.from).smartAccount)).toBe(true);
    expect(revealing).toEqual([]);
  });
});
