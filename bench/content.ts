import type { SendResult } from "../src/client/MessageSender.ts";
import { createTestChain } from "../test/fixtures/createTestChain.ts";
import { createTestClient, syncUntil, type TestClientUser } from "../test/fixtures/createTestClients.ts";
import type { BenchResult } from "./BenchResult.ts";

/**
 * Gas of each content type (issue 19), sent by real clients on Hardhat's in-process network and read from the
 * receipts, so the figures include the ratchet header, padding and packing as users pay them. Texts are short
 * ("lunch at 1?"); the plain text row is the reference. Padding buckets make several types cost the same: what
 * differs is mostly which bucket a type's extra bytes (a 16-byte secret, 32-byte ids, a 16-byte proof) reach.
 */
export async function benchContent(): Promise<BenchResult[]> {
  const chain = await createTestChain();
  const [alice, bob, carol, dave] = await Promise.all([1, 2, 3, 4].map((i) => createTestClient(chain, i)));
  for (const peer of [bob!, carol!, dave!]) await connect(alice!, peer);
  const chat = alice!.client.conversationWith(bob!.client.account);
  const gasOf = async (user: TestClientUser, sent: SendResult | Promise<SendResult>) => {
    const { pendingId } = await sent;
    const pending = (await user.client.pendingTransactions()).find((p) => p.id === pendingId);
    const receipt = await chain.publicClient.waitForTransactionReceipt({ hash: pending!.txHash! });
    return Number(receipt.gasUsed);
  };
  const a = alice!.client.content;
  const text = await gasOf(alice!, alice!.client.sendMessage(chat, "lunch at 1?"));
  const postSent = await a.post(chat, { text: "lunch at 1?" });
  const post = await gasOf(alice!, postSent);
  const target = postSent.messageIds[0]!;
  const mention = await gasOf(alice!, a.post(chat, { text: "lunch at 1?", mentions: [bob!.client.account] }));
  const reply = await gasOf(alice!, a.reply(chat, target, "lunch at 1?"));
  const reaction = await gasOf(alice!, a.react(chat, target, "👍"));
  const edit = await gasOf(alice!, a.edit(chat, target, "lunch at 2?"));
  const deleted = await gasOf(alice!, a.delete(chat, target));
  const both = await gasOf(alice!, a.batch([
    { kind: "react", chat, target, emoji: "🎉" },
    { kind: "post", chat, text: "lunch at 1?", replyTo: target },
  ]));

  // Receipts: the peers read Alice's messages; Bob acknowledges one conversation, then Alice three in one transaction.
  for (const peer of [bob!, carol!, dave!]) await peer.client.sendMessage(peer.client.conversationWith(alice!.client.account), "hi");
  await syncUntil([alice!.client, bob!.client], async () => (await alice!.client.conversations()).every((c) => c.unread > 0) && (await bob!.client.messages(chat)).length > 8);
  await bob!.client.markRead(chat);
  const receipt = await gasOf(bob!, bob!.client.content.sendReadReceipts([chat]) as Promise<SendResult>);
  for (const c of await alice!.client.conversations()) await alice!.client.markRead(c.conversationId);
  const receipts3 = await gasOf(alice!, alice!.client.content.sendReadReceipts() as Promise<SendResult>);
  await chain.close();

  return [
    { name: "gas.content.text", value: text, unit: "gas" },
    { name: "gas.content.post", value: post, unit: "gas" },
    { name: "gas.content.post.mention", value: mention, unit: "gas" },
    { name: "gas.content.reply", value: reply, unit: "gas" },
    { name: "gas.content.reaction", value: reaction, unit: "gas" },
    { name: "gas.content.edit", value: edit, unit: "gas" },
    { name: "gas.content.delete", value: deleted, unit: "gas" },
    { name: "gas.content.receipt", value: receipt, unit: "gas" },
    // Batching: one transaction for what shares a moment; ratios against the separate transactions, same run.
    { name: "gas.content.reactionPlusReply.batch", value: both, unit: "gas" },
    { name: "gas.content.reactionPlusReply.ratio", value: round(both / (reaction + reply)), unit: "x separate", goal: { max: 0.75 } },
    { name: "gas.content.receipts3.batch", value: receipts3, unit: "gas" },
    { name: "gas.content.receipts3.ratio", value: round(receipts3 / (3 * receipt)), unit: "x separate", goal: { max: 0.6 } },
  ];
}

const round = (x: number) => Math.round(x * 1000) / 1000;

async function connect(a: TestClientUser, b: TestClientUser) {
  await a.client.startConversation(b.client.account);
  await syncUntil([b.client], async () => (await b.client.requests("pending")).length === 1);
  await b.client.acceptHandshake((await b.client.requests("pending"))[0]!.id);
  await syncUntil([a.client], async () => (await a.client.conversations()).some((c) => c.peer.toLowerCase() === b.client.account.toLowerCase()));
}

