import { createWalletClient, custom, keccak256, toHex, type Account, type Address, type Chain, type Hex, type Transport, type WalletClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { decodeHushlogLogs } from "../../src/chain/decodeHushlogLogs.ts";
import { encodePackedCall } from "../../src/chain/encodePackedCall.ts";
import { hushlogAbi } from "../../src/chain/hushlogAbi.ts";
import type { HushlogLog } from "../../src/chain/HushlogLog.ts";
import { createSeededRandom } from "../../src/crypto/random.ts";
import { distributionReceipt, type GroupOutbox } from "../../src/group/GroupOutbox.ts";
import { GroupService } from "../../src/group/GroupService.ts";
import { createMemoryStore, createMemoryStoreData } from "../../src/store/backends/memory/createMemoryStore.ts";
import type { HushlogStore } from "../../src/store/HushlogStore.ts";
import type { TestChain } from "../fixtures/createTestChain.ts";

export const testDeployment = { chainId: 31337, contract: "0x5FbDB2315678afecb367f032d93F642f64180aa3" as Address };

export type Member = {
  name: string;
  account: Address;
  store: HushlogStore;
  groups: GroupService;
  /** Everything the member's store holds, serialized: equal snapshots mean nothing changed. */
  snapshot: () => string;
  wallet?: WalletClient<Transport, Chain, Account>;
};

/** A member with a deterministic account, its own memory store and group service (no client, no chain). */
export async function createMember(name: string, deployment = testDeployment): Promise<Member> {
  const account = privateKeyToAccount(keccak256(toHex(`hushlog group member ${name}`))).address;
  const data = createMemoryStoreData();
  const store = await createMemoryStore({ account, data });
  const groups = new GroupService({ store, account, ...deployment, random: createSeededRandom(`group ${name}`) });
  return { name, account, store, groups, snapshot: () => serialize(data.tables) };
}

export async function createMembers(count: number, prefix = "m", deployment = testDeployment): Promise<Member[]> {
  return Promise.all(Array.from({ length: count }, (_, i) => createMember(`${prefix}${i}`, deployment)));
}

/**
 * Delivers an outbox's control messages straight to the recipients' services, as if they came over 1:1 sessions.
 * `skip` leaves some recipients out (a lost delivery). Returns the recipients reached.
 */
export async function deliver(from: Member, outbox: GroupOutbox, members: readonly Member[], skip: (to: Member) => boolean = () => false) {
  const reached: Member[] = [];
  for (const message of outbox.messages) {
    const to = members.find((m) => m.account.toLowerCase() === message.to.toLowerCase());
    if (!to || skip(to)) continue;
    await to.groups.receiveControl(from.account, message.plaintext);
    reached.push(to);
  }
  return reached;
}

/** Marks the outbox's distributions as included for the recipients that were reached. */
export async function markReached(from: Member, outbox: GroupOutbox, reached: readonly Member[]) {
  const receipt = distributionReceipt(outbox);
  if (!receipt) return;
  const members = receipt.members.filter((m) => reached.some((r) => r.account.toLowerCase() === m.toLowerCase()));
  if (members.length) await from.groups.markDistributed({ ...receipt, members });
}

/** Gives every member a funded wallet on the in-process chain (Hardhat has only 20 unlocked accounts). */
export async function attachWallets(chain: TestChain, members: Member[]) {
  const chainInfo = chain.walletClients[0]!.chain;
  for (const member of members) {
    const account = privateKeyToAccount(keccak256(toHex(`hushlog group member ${member.name}`)));
    await chain.testClient.setBalance({ address: account.address, value: 10n ** 20n });
    member.wallet = createWalletClient({ account, chain: chainInfo, transport: custom(chain.provider) });
  }
}

/** Posts a group message as its member, with packed calldata, and waits for inclusion. */
export async function post(chain: TestChain, member: Member, topic: Hex, payload: Uint8Array, sender = member.wallet!): Promise<Hex> {
  const hash = await sender.sendTransaction({ to: chain.deployment.address, data: encodePackedCall({ kind: "message", topic, payload }) });
  const receipt = await chain.publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error("group message transaction reverted");
  return hash;
}

/** Every Hushlog Message log since `fromBlock`, decoded, in chain order. */
export async function messageLogs(chain: TestChain, fromBlock: bigint): Promise<HushlogLog[]> {
  const raw = await chain.publicClient.getLogs({ address: chain.deployment.address, events: hushlogAbi.filter((i) => i.type === "event"), fromBlock, toBlock: "latest" } as never);
  return decodeHushlogLogs(raw, { address: chain.deployment.address }).logs.filter((l) => l.event === "Message");
}

export const text = (s: string) => new TextEncoder().encode(s);
export const untext = (b: Uint8Array) => new TextDecoder().decode(b);

function serialize(value: unknown): string {
  return JSON.stringify(value, (_, v) =>
    v instanceof Map ? [...v.entries()] : v instanceof Uint8Array ? Array.from(v) : typeof v === "bigint" ? v.toString() : v,
  );
}
