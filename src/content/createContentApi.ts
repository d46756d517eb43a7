import { getAddress, isAddressEqual, type Hex } from "viem";
import type { MessageView } from "../client/ClientEvents.ts";
import type { HushlogClient } from "../client/HushlogClient.ts";
import type { OutgoingMessage } from "../client/MessageSender.ts";
import { CONTENT_SCAN_LIMIT, EDIT_WINDOW_SECONDS, MSG_SECRET_BYTES } from "../constants.ts";
import type { RandomSource } from "../crypto/random.ts";
import { ContentTargetError } from "../errors/contentErrors.ts";
import { amendProof } from "./amendProof.ts";
import { buildThread } from "./buildThread.ts";
import type { MessageContent } from "./Content.ts";
import type { ContentAction, ContentApi } from "./ContentApi.ts";

export type ContentApiDeps = {
  /** The client (read lazily: the content API is a property of it). */
  client: () => Pick<HushlogClient, "account" | "sendMessages" | "sendGroupMessage" | "messages" | "groups" | "conversations">;
  /** One stored message by id, decoded. */
  message: (id: Hex) => Promise<MessageView | null>;
  random: RandomSource;
  /** Milliseconds. */
  now: () => number;
};

/**
 * The content API over a client: builds each content (a post's secret from `random`, an amendment's proof from the
 * secret inside our own stored post) and sends it through the client's ordinary paths, so encryption, batching,
 * pending transactions and retries are theirs.
 *
 * @example
 * const content = createContentApi({ client: () => client, message, random: systemRandom, now: Date.now });
 */
export function createContentApi(deps: ContentApiDeps): ContentApi {
  const isGroup = async (chat: Hex) => (await deps.client().groups()).some((g) => g.groupId.toLowerCase() === chat.toLowerCase());

  async function build(action: ContentAction): Promise<OutgoingMessage> {
    const { chat } = action;
    switch (action.kind) {
      case "post":
        if (action.replyTo) await target(chat, action.replyTo);
        return {
          conversationId: chat,
          content: { type: "post", text: action.text, replyTo: action.replyTo ?? null, mentions: (action.mentions ?? []).map((a) => getAddress(a)), secret: deps.random(MSG_SECRET_BYTES) },
        };
      case "react":
        await target(chat, action.target);
        return { conversationId: chat, content: { type: "reaction", target: action.target, emoji: action.emoji, remove: action.remove ?? false } };
      case "edit":
      case "delete": {
        const post = await ownPost(chat, action.target);
        const recent = await deps.client().messages(chat, { limit: CONTENT_SCAN_LIMIT });
        const mine = recent.filter((m) => m.direction === "out");
        if (mine.some((m) => m.decoded.type === "delete" && m.decoded.target.toLowerCase() === action.target.toLowerCase())) {
          throw new ContentTargetError(action.target, "deleted");
        }
        let content: MessageContent;
        if (action.kind === "edit") {
          const seq = 1 + Math.max(0, ...mine.map((m) => (m.decoded.type === "edit" && m.decoded.target.toLowerCase() === action.target.toLowerCase() ? m.decoded.seq : 0)));
          const proof = amendProof(post.secret, { kind: "edit", target: action.target, seq, text: action.text });
          content = { type: "edit", target: action.target, seq, text: action.text, proof };
        } else {
          content = { type: "delete", target: action.target, proof: amendProof(post.secret, { kind: "delete", target: action.target }) };
        }
        return { conversationId: chat, content };
      }
    }
  }

  /** A message of this chat we may name. */
  async function target(chat: Hex, id: Hex): Promise<MessageView> {
    const found = await deps.message(id);
    if (!found || found.conversationId.toLowerCase() !== chat.toLowerCase()) throw new ContentTargetError(id, "unknown-target");
    return found;
  }

  /**
   * Our own post, still within its window. Judged on its block time (the receiver's clock) when it has one, else
   * on when we wrote it; the receiver judges on the amendment's block, a little later than now.
   */
  async function ownPost(chat: Hex, id: Hex) {
    const found = await target(chat, id);
    if (found.direction !== "out" || !isAddressEqual(found.sender, deps.client().account)) throw new ContentTargetError(id, "not-sender");
    if (found.decoded.type !== "post") throw new ContentTargetError(id, "not-editable");
    const sentAt = found.timestamp ?? Math.floor(found.createdAt / 1000);
    if (Math.floor(deps.now() / 1000) - sentAt > EDIT_WINDOW_SECONDS) throw new ContentTargetError(id, "window");
    return found.decoded;
  }

  async function send(actions: readonly ContentAction[]) {
    const messages = [];
    for (const action of actions) messages.push(await build(action));
    const client = deps.client();
    if (messages.length === 1 && (await isGroup(messages[0]!.conversationId))) return client.sendGroupMessage(messages[0]!.conversationId, messages[0]!.content);
    return client.sendMessages(messages);
  }

  return {
    post: (chat, post) => send([{ kind: "post", chat, ...post }]),
    reply: (chat, replyTo, text, options) => send([{ kind: "post", chat, text, replyTo, mentions: options?.mentions }]),
    react: (chat, target, emoji, options) => send([{ kind: "react", chat, target, emoji, remove: options?.remove }]),
    edit: (chat, target, text) => send([{ kind: "edit", chat, target, text }]),
    delete: (chat, target) => send([{ kind: "delete", chat, target }]),
    batch: (actions) => send(actions),
    async sendReadReceipts(conversationIds) {
      const client = deps.client();
      const chats = conversationIds ?? (await client.conversations()).map((c) => c.conversationId);
      const messages: OutgoingMessage[] = [];
      for (const chat of chats) {
        const recent = await client.messages(chat, { limit: CONTENT_SCAN_LIMIT });
        const lastReceipt = recent.findLastIndex((m) => m.direction === "out" && m.decoded.type === "receipt");
        // The newest message we read since our last receipt: naming it covers every earlier one (buildThread).
        const newest = recent.findLastIndex((m, i) => i > lastReceipt && m.direction === "in" && m.read && m.content !== null);
        if (newest >= 0) messages.push({ conversationId: chat, content: { type: "receipt", read: [recent[newest]!.id] } });
      }
      return messages.length ? client.sendMessages(messages) : null;
    },
    thread: async (chat, options) => buildThread(await deps.client().messages(chat, { limit: options?.limit ?? CONTENT_SCAN_LIMIT })),
  };
}
