import { createWalletClient, http, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import {
  createHushlogClient,
  createKeyBinding,
  createMemoryStore,
  deriveIdentity,
  type HushlogClient,
  type MessageView,
  type PendingEvent,
} from "../../index.ts";
import { nextBindingSequence } from "../nextBindingSequence.ts";
import { dataDir, resolveNetwork } from "../config.ts";
import type { CommandContext } from "../context.ts";
import { CliError, exitCodes } from "../errors.ts";
import { connect, type Connected } from "../session.ts";

/** What each demo account is given for gas (100 ETH, through the dev node's hardhat_setBalance). */
const demoBalance = 100n * 10n ** 18n;

type User = {
  name: string;
  client: HushlogClient;
  address: Hex;
  /** Latest event per pending transaction, and every status it went through. */
  pending: Map<string, PendingEvent>;
  history: Map<string, string[]>;
};

/**
 * `hushlog demo`: two identities (fresh keys made for this run and funded by the dev node, so it works on any
 * Hardhat or anvil node whatever accounts it funds, and never shares a nonce with anyone using the node's
 * accounts; memory stores: nothing is written to disk)
 * run the whole flow on the local chain: handshake, messages both ways, and a reorg made with evm_snapshot /
 * evm_revert that removes a block holding a message, which is then re-broadcast and received again. Prints a
 * transcript with the gas each transaction used.
 */
export async function demo(ctx: CommandContext): Promise<void> {
  const network = await connect(resolveNetwork(ctx.flags, ctx.env, dataDir(ctx.flags, ctx.env)));
  const rpc = (method: string, params: unknown[] = []) => network.publicClient.request({ method, params } as never) as Promise<unknown>;
  try {
    await rpc("evm_snapshot").then((id) => rpc("evm_revert", [id]));
  } catch {
    throw new CliError(exitCodes.notFound, `the demo needs a local Hardhat node (evm_snapshot/evm_revert); ${network.rpc} has none: run \`npm start\``);
  }
  const out = ctx.io.out;
  const startBlock = await network.publicClient.getBlockNumber();
  const alice = await demoUser("alice", network, startBlock);
  const bob = await demoUser("bob", network, startBlock);
  let totalGas = 0n;
  const gasOf = async (user: User, pendingId: string): Promise<string> => {
    const hash = user.pending.get(pendingId)?.txHash;
    if (!hash) return "not sent";
    const receipt = await network.publicClient.waitForTransactionReceipt({ hash });
    totalGas += receipt.gasUsed;
    return `tx ${hash.slice(0, 10)}…  block ${receipt.blockNumber}  gas ${receipt.gasUsed.toLocaleString("en-US")}`;
  };
  const line = (who: string, what: string, detail = "") => out(`  ${who.padEnd(14)}${what.padEnd(44)}${detail}`);
  const text = (m: MessageView | undefined) => (m?.content?.type === "text" ? m.content.text : "?");

  out(`Hushlog demo on chain ${network.chainId} (${network.rpc}), contract ${network.contract}`);
  out(`  alice  ${alice.address}  (a new key, funded by the node)`);
  out(`  bob    ${bob.address}  (a new key, funded by the node)`);
  out("");

  try {
    out("1. Handshake (hybrid X25519 + ML-KEM-768, through contract events)");
    const { handshakeId } = await alice.client.startConversation(bob.address, { note: "hi bob, it's alice" });
    line("alice → bob", "handshake, note \"hi bob, it's alice\"", await gasOf(alice, handshakeId));
    await bob.client.sync();
    const [request] = await bob.client.requests("pending");
    if (!request) throw new Error("bob did not see the handshake");
    line("bob", `sees a request from alice (binding ${request.verified ? "verified" : "NOT verified"})`);
    const { conversationId } = await bob.client.acceptHandshake(request.id, { note: "hey alice" });
    const response = [...bob.pending.values()].find((p) => p.kind === "response");
    line("bob → alice", "accepts: handshake response", response ? await gasOf(bob, response.id) : "");
    await alice.client.sync();
    const note = (await alice.client.messages(conversationId)).find((m) => m.direction === "in");
    line("alice", `conversation established ${conversationId.slice(0, 10)}…; bob's note "${text(note)}" came encrypted`);
    out("");

    out("2. Messages both ways (double ratchet; topics rotate with each turn)");
    const exchange = async (from: User, to: User, message: string) => {
      const { pendingId, messageIds } = await from.client.sendMessage(conversationId, message);
      line(`${from.name} → ${to.name}`, `"${message}"`, await gasOf(from, pendingId));
      await to.client.sync();
      const got = (await to.client.messages(conversationId)).find((m) => m.id === messageIds[0] || (m.direction === "in" && text(m) === message));
      line(to.name, got ? `received "${text(got)}" (${got.status})` : "did not receive it!");
      await from.client.sync();
    };
    await exchange(alice, bob, "Hello Bob! Nobody else can read this.");
    await exchange(bob, alice, "Hi Alice. Not even the RPC provider.");
    await exchange(alice, bob, "And the topics change every turn.");
    await exchange(bob, alice, "So nobody can link our messages. 👋");
    out("");

    out("3. A reorg survived");
    const snapshot = await rpc("evm_snapshot");
    const fork = await network.publicClient.getBlockNumber();
    line("chain", `snapshot at block ${fork}`);
    const doomed = "This block will be reorged away.";
    const { pendingId, messageIds } = await alice.client.sendMessage(conversationId, doomed);
    line("alice → bob", `"${doomed}"`, await gasOf(alice, pendingId));
    await bob.client.sync();
    const before = (await bob.client.messages(conversationId)).find((m) => text(m) === doomed);
    line("bob", `received it in block ${before?.blockNumber} (${before?.status})`);
    await rpc("evm_revert", [snapshot]);
    await rpc("evm_mine");
    await rpc("evm_mine");
    line("chain", `reverted to block ${fork} and mined 2 empty blocks: block ${fork + 1n} is now another block`);
    await bob.client.sync();
    const reorged = (await bob.client.messages(conversationId)).find((m) => text(m) === doomed);
    line("bob", `sync sees the fork: the message is kept, marked "${reorged?.status}"`);
    alice.history.set(pendingId, []);
    await alice.client.sync();
    const events = alice.history.get(pendingId)!;
    line("alice", `tx gone: ${events.join(" → ") || "no change"}, same bytes`, await gasOf(alice, pendingId));
    await bob.client.sync();
    const copies = (await bob.client.messages(conversationId)).filter((m) => text(m) === doomed);
    const after = copies[0];
    line("bob", `received again in block ${after?.blockNumber} (${after?.status}), same id: ${after?.id === before?.id}, shown ${copies.length === 1 ? "once" : `${copies.length} times!`}`);
    await alice.client.sync();
    const mine = (await alice.client.messages(conversationId)).find((m) => m.id === messageIds[0]);
    line("alice", `her copy: ${mine?.status} in block ${mine?.blockNumber}`);
    out("");

    const [aliceCount, bobCount] = [(await alice.client.messages(conversationId)).length, (await bob.client.messages(conversationId)).length];
    out(`Done: ${aliceCount} messages on alice's side, ${bobCount} on bob's; total gas ${totalGas.toLocaleString("en-US")}.`);
  } finally {
    await alice.client.close();
    await bob.client.close();
  }
}

async function demoUser(name: string, network: Connected, startBlock: bigint): Promise<User> {
  const account = privateKeyToAccount(generatePrivateKey());
  // Hardhat's method; anvil answers it too (an alias of anvil_setBalance).
  await network.publicClient.request({ method: "hardhat_setBalance", params: [account.address, `0x${demoBalance.toString(16)}`] } as never);
  const identity = await deriveIdentity({ account: account.address, signMessage: ({ message }) => account.signMessage({ message }) });
  const nextSequence = await nextBindingSequence(network.publicClient, {
    account: account.address,
    chainId: network.chainId,
    contract: network.contract,
    deployBlock: network.deployBlock,
  });
  const binding = await createKeyBinding(identity, {
    signTypedData: (typedData) => account.signTypedData(typedData),
    chainId: network.chainId,
    contract: network.contract,
    sequence: nextSequence,
  });
  const client = createHushlogClient({
    publicClient: network.publicClient,
    walletClient: createWalletClient({ account, chain: network.chain, transport: http(network.rpc) }),
    contract: network.contract,
    identity,
    binding,
    store: await createMemoryStore({ account: account.address }),
    // Nothing before this run concerns these new accounts: no need to read the chain's history.
    deployBlock: startBlock + 1n,
    confirmations: 1,
    executor: "eoa",
  });
  const user: User = { name, client, address: account.address, pending: new Map(), history: new Map() };
  client.on("pending", (p) => {
    user.pending.set(p.id, p);
    user.history.set(p.id, [...(user.history.get(p.id) ?? []), p.status]);
  });
  return user;
}
