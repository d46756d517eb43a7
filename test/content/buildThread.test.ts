import type { Address, Hex } from "viem";
import { describe, expect, it } from "vitest";
import type { MessageView } from "../../src/client/ClientEvents.ts";
import { decodeMessageContent, encodeMessageContent } from "../../src/client/messageContent.ts";
import { amendProof } from "../../src/content/amendProof.ts";
import { buildThread } from "../../src/content/buildThread.ts";
import type { MessageContent } from "../../src/content/Content.ts";
import { textOf } from "../../src/content/textOf.ts";
import { EDIT_WINDOW_SECONDS } from "../../src/constants.ts";

const alice = "0x8C676027EA6aEcd7Ca1f6FA6b4862Ea96f924726" as Address;
const bob = "0x244471DfF9F2B73eAd87949a1d52414593Ae3945" as Address;
const chat: Hex = `0x${"11".repeat(32)}`;
const id = (n: number): Hex => `0x${n.toString(16).padStart(64, "0")}`;
const secret = new Uint8Array(16).fill(9);
let n = 0;
/** A stored message as client.messages returns it, from its bytes (so every case goes through the codec). */
function view(sender: Address, content: MessageContent | Uint8Array, timestamp: number | null = 1_000): MessageView {
  const body = content instanceof Uint8Array ? content : encodeMessageContent(content);
  const decoded = decodeMessageContent(body);
  return { id: id(++n), conversationId: chat, direction: sender === alice ? "out" : "in", sender, content: textOf(decoded), decoded, status: "received", txHash: null, blockNumber: null, timestamp, createdAt: 0, read: true };
}
const post = (sender: Address, text: string, extra: Partial<Extract<MessageContent, { type: "post" }>> = {}) => view(sender, { type: "post", text, replyTo: null, mentions: [], secret, ...extra });
const edit = (sender: Address, target: Hex, seq: number, text: string, timestamp = 1_000, key = secret) =>
  view(sender, { type: "edit", target, seq, text, proof: amendProof(key, { kind: "edit", target, seq, text }) }, timestamp);
const del = (sender: Address, target: Hex, key = secret) => view(sender, { type: "delete", target, proof: amendProof(key, { kind: "delete", target }) });

describe("buildThread: annotations folded into the messages they name", () => {
  it("the highest edit sequence wins whatever the order they arrive in; a delete wins over every edit", () => {
    const p = post(alice, "v0");
    const q = post(alice, "to delete");
    const items = buildThread([p, q, edit(alice, p.id, 2, "v2"), edit(alice, p.id, 1, "v1 (late)"), edit(alice, q.id, 1, "q1"), del(alice, q.id), edit(alice, q.id, 2, "q2 after delete")]);
    expect(items.map((i) => [i.text, i.edited?.count ?? 0, i.deleted])).toEqual([
      ["v2", 2, false],
      [null, 1, true],
    ]);
  });

  it("ignores amendments by another sender, with a proof under another secret, outside the window, or of a plain text", () => {
    const p = post(alice, "mine");
    const plain = view(alice, { type: "text", text: "plain" });
    const items = buildThread([
      p,
      plain,
      edit(bob, p.id, 1, "bob's"),
      edit(alice, p.id, 1, "wrong key", 1_000, new Uint8Array(16)),
      edit(alice, p.id, 1, "too late", 1_000 + EDIT_WINDOW_SECONDS + 1),
      del(bob, p.id),
      edit(alice, plain.id, 1, "plain edited"),
    ]);
    expect(items.map((i) => [i.text, i.edited, i.deleted])).toEqual([
      ["mine", null, false],
      ["plain", null, false],
    ]);
  });

  it("reactions: one per sender, replaced by a new one, taken back by remove; unknown targets ignored", () => {
    const p = post(alice, "hi");
    const react = (sender: Address, emoji: string, remove = false, target = p.id) => view(sender, { type: "reaction", target, emoji, remove });
    const items = buildThread([p, react(bob, "👍"), react(alice, "👍"), react(bob, "❤️"), react(alice, "👍", true), react(alice, "😂"), react(bob, "🔥", false, id(999))]);
    expect(items[0]!.reactions).toEqual([
      { emoji: "❤️", senders: [bob] },
      { emoji: "😂", senders: [alice] },
    ]);
  });

  it("replies quote their target as it reads now; a receipt covers the named message and every earlier one", () => {
    const a1 = post(alice, "one");
    const a2 = post(alice, "two");
    const reply = post(bob, "re", { replyTo: a1.id, mentions: [alice] });
    const a3 = post(alice, "three");
    const items = buildThread([a1, a2, reply, del(alice, a1.id), a3, view(bob, { type: "receipt", read: [a2.id] })]);
    expect(items.find((i) => i.id === reply.id)!.replyTo).toEqual({ id: a1.id, quoted: { sender: alice, text: null, deleted: true } });
    expect(items.find((i) => i.id === reply.id)!.mentions).toEqual([alice]);
    expect(items.filter((i) => i.message.direction === "out").map((i) => i.readBy)).toEqual([[bob], [bob], []]);
  });

  it("a content type from a newer peer is an unsupported item between readable ones", () => {
    const items = buildThread([post(bob, "before"), view(bob, Uint8Array.of(0x30, 0x01, 0xff)), view(bob, Uint8Array.of(0x05, 0x02)), post(bob, "after")]);
    expect(items.map((i) => i.unsupported?.reason ?? i.text)).toEqual(["before", "unknown-type", "unknown-version", "after"]);
  });
});
