import type { Address, Hex } from "viem";
import { describe, expect, it } from "vitest";
import { encodeMessageContent } from "../../src/client/messageContent.ts";
import { admitContent, secretKey } from "../../src/content/admitContent.ts";
import { amendProof } from "../../src/content/amendProof.ts";
import type { MessageContent } from "../../src/content/Content.ts";
import { EDIT_WINDOW_SECONDS, MSG_SECRET_EXPIRY_SLACK_SECONDS } from "../../src/constants.ts";
import { createMemoryStore } from "../../src/store/backends/memory/createMemoryStore.ts";
import type { MessageRecord } from "../../src/store/MessageStore.ts";

const alice = "0x8C676027EA6aEcd7Ca1f6FA6b4862Ea96f924726" as Address;
const bob = "0x244471DfF9F2B73eAd87949a1d52414593Ae3945" as Address;
const chat: Hex = `0x${"22".repeat(32)}`;
const secret = new Uint8Array(16).fill(3);
let n = 0;
const record = (sender: Address, content: MessageContent, timestamp = 10_000): MessageRecord => ({
  id: `0x${(++n).toString(16).padStart(64, "0")}`,
  conversationId: chat,
  direction: "in",
  sender,
  body: encodeMessageContent(content),
  status: "received",
  txHash: null,
  blockNumber: 1n,
  blockHash: null,
  logIndex: n,
  createdAt: 0,
  timestamp,
  read: false,
});
const post = (text: string, timestamp?: number) => record(alice, { type: "post", text, replyTo: null, mentions: [], secret }, timestamp);
const edit = (sender: Address, target: string, text: string, timestamp = 10_100, key = secret) =>
  record(sender, { type: "edit", target: target as Hex, seq: 1, text, proof: amendProof(key, { kind: "edit", target: target as Hex, seq: 1, text }) }, timestamp);

describe("admitContent: the receive path's content rules", () => {
  it("keeps each post's secret until its window ends, and marks annotations read", async () => {
    const store = await createMemoryStore({ account: bob });
    const p = post("hi");
    const reaction = record(alice, { type: "reaction", target: p.id as Hex, emoji: "👍", remove: false });
    const out = await admitContent(store, [p, reaction]);
    expect(out.secrets).toEqual([{ ...secretKey(chat, alice, p.id), secret, messageTs: 10_000, expiresAt: 10_000 + EDIT_WINDOW_SECONDS }]);
    expect(out.accepted.map((m) => m.read)).toEqual([false, true]);
    expect(out.expiryCutoff).toBe(10_000 - EDIT_WINDOW_SECONDS - MSG_SECRET_EXPIRY_SLACK_SECONDS);
  });

  it("accepts the author's edit of a post in the same step or stored earlier; rejects the others with a reason", async () => {
    const store = await createMemoryStore({ account: bob });
    const stored = post("stored");
    await store.messages.put(stored);
    await store.putMsgSecrets((await admitContent(store, [stored])).secrets);
    const fresh = post("fresh");
    const plain = record(alice, { type: "text", text: "plain" });
    await store.messages.put(plain);
    const out = await admitContent(store, [
      fresh,
      edit(alice, fresh.id, "ok in step"),
      edit(alice, stored.id, "ok stored"),
      edit(bob, stored.id, "not the author"),
      edit(alice, stored.id, "wrong key", 10_100, new Uint8Array(16)),
      edit(alice, stored.id, "too late", 10_000 + EDIT_WINDOW_SECONDS + 1),
      edit(alice, `0x${"ee".repeat(32)}`, "nothing there"),
      edit(alice, plain.id, "a plain text"),
    ]);
    expect(out.accepted.map((m) => m.id)).toEqual([fresh.id, out.accepted[1]!.id, out.accepted[2]!.id]);
    expect(out.rejected.map((r) => [r.error.code, r.error.reason])).toEqual([
      ["CONTENT_AMEND_NOT_AUTHORIZED", "not-sender"],
      ["CONTENT_AMEND_NOT_AUTHORIZED", "proof"],
      ["CONTENT_AMEND_NOT_AUTHORIZED", "window"],
      ["CONTENT_AMEND_NOT_AUTHORIZED", "unknown-target"],
      ["CONTENT_AMEND_NOT_AUTHORIZED", "not-editable"],
    ]);
  });

  it("verifies a post stored without a kept secret (a prekey first message) from its body, within the window", async () => {
    const store = await createMemoryStore({ account: bob });
    const p = post("via prekey contact");
    await store.messages.put(p);
    expect((await admitContent(store, [edit(alice, p.id, "edited")])).rejected).toEqual([]);
    expect((await admitContent(store, [edit(alice, p.id, "late", 10_000 + EDIT_WINDOW_SECONDS + 1)])).rejected.map((r) => r.error.reason)).toEqual(["window"]);
  });
});
