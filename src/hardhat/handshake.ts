import { isAddressEqual, type Hex } from "viem";
import { waitFor } from "./waitFor.ts";
import type { HushlogTestAccount } from "./hushlogAccounts.ts";

/**
 * Starts a conversation from `initiator` to `recipient` and drives both sides until each holds the session: the
 * interactive handshake (post, the recipient syncs and accepts, the initiator syncs) or, when the recipient
 * published prekeys, the one-transaction first contact. Returns the conversation id (the same on both sides).
 *
 * @example
 * const conversationId = await handshake(alice, bob);
 * await alice.client.sendMessage(conversationId, "hi bob");
 */
export async function handshake(
  initiator: HushlogTestAccount,
  recipient: HushlogTestAccount,
  options: { note?: string; timeoutMs?: number } = {},
): Promise<Hex> {
  const { timeoutMs = 10_000 } = options;
  const started = await initiator.client.startConversation(recipient.address, { note: options.note });
  const holds = async (account: HushlogTestAccount) => (await account.client.conversations()).some((c) => c.conversationId === started.conversationId);
  if (started.mode === "interactive") {
    const request = await waitFor(
      async () => {
        await recipient.client.sync();
        return (await recipient.client.requests("pending")).findLast((r) => isAddressEqual(r.from, initiator.address));
      },
      { timeoutMs, what: `${recipient.address} to receive the handshake from ${initiator.address}` },
    );
    await recipient.client.acceptHandshake(request.id);
  } else {
    await waitFor(async () => (await recipient.client.sync(), (await holds(recipient)) || undefined), {
      timeoutMs,
      what: `${recipient.address} to open the first contact from ${initiator.address}`,
    });
  }
  await waitFor(async () => (await initiator.client.sync(), (await holds(initiator)) || undefined), {
    timeoutMs,
    what: `${initiator.address} to see ${recipient.address} accept`,
  });
  return started.conversationId;
}
