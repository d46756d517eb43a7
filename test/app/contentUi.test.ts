import type { MessageView, ThreadItem } from "hushlog";
import { describe, expect, it } from "vitest";
import { AMEND_WINDOW_MS, amendable } from "../../app/src/lib/amendable.ts";
import { describeError } from "../../app/src/lib/describeError.ts";
import { mentionsIn } from "../../app/src/lib/mentions.ts";
import { previewText } from "../../app/src/lib/previewText.ts";
import { buildThread } from "../../src/content/buildThread.ts";
import { ContentTargetError } from "../../src/errors/contentErrors.ts";

const me = "0x00000000000000000000000000000000000a11ce" as const;
const peer = "0x0000000000000000000000000000000000000b0b" as const;
const now = Date.parse("2026-12-03T12:00:00Z");
const id = (n: number) => `0x${n.toString(16).padStart(64, "0")}` as const;

function message(n: number, decoded: MessageView["decoded"], { from = me as `0x${string}`, sentMs = now - 60_000, included = true } = {}): MessageView {
  return {
    id: id(n),
    conversationId: "0x01",
    direction: from === me ? "out" : "in",
    sender: from,
    content: decoded.type === "text" || decoded.type === "post" ? { type: "text", text: decoded.text } : null,
    decoded,
    status: "confirmed",
    txHash: null,
    blockNumber: null,
    timestamp: included ? sentMs / 1000 : null,
    createdAt: sentMs,
    read: true,
  };
}
const post = (text: string) => ({ type: "post" as const, text, replyTo: null, mentions: [], secret: new Uint8Array(32) });
const only = (m: MessageView): ThreadItem => buildThread([m])[0]!;

describe("app content UI rules", () => {
  it("offers Edit and Delete on our own posts only, within 24 h of their block (of when written, until included)", () => {
    expect(amendable(only(message(1, post("mine"))), me, now)).toBe(true);
    expect(amendable(only(message(1, post("mine"))), undefined, now)).toBe(false);
    // Someone else's post, a plain text (no secret to prove authorship), a post past the window.
    expect(amendable(only(message(2, post("theirs"), { from: peer })), me, now)).toBe(false);
    expect(amendable(only(message(3, { type: "text", text: "old style" })), me, now)).toBe(false);
    expect(amendable(only(message(4, post("old"), { sentMs: now - AMEND_WINDOW_MS - 1000 })), me, now)).toBe(false);
    expect(amendable(only(message(5, post("just in"), { sentMs: now - AMEND_WINDOW_MS + 1000 })), me, now)).toBe(true);
    // Not yet included: judged on when it was written here.
    expect(amendable(only(message(6, post("pending"), { sentMs: now - 1000, included: false })), me, now)).toBe(true);
    const deleted = only(message(7, post("gone")));
    expect(amendable({ ...deleted, deleted: true }, me, now)).toBe(false);
  });

  it("sends `@0x…` addresses in a message as its mentions, once each, checksummed", () => {
    expect(mentionsIn(`hi @${peer} and @${peer.toUpperCase().replace("0X", "0x")}, not @0x1234 nor ${me}`)).toEqual(["0x0000000000000000000000000000000000000B0b"]);
    expect(mentionsIn("no mentions")).toEqual([]);
  });

  it("puts the content layer's refusals in plain words: too late, already deleted, not yours", () => {
    expect(describeError(new ContentTargetError(id(1), "window"))).toMatchObject({ title: "Too late to change this message", detail: expect.stringMatching(/24 hours/) });
    expect(describeError(new ContentTargetError(id(1), "deleted")).detail).toBe("You already deleted this message for everyone.");
    expect(describeError(new ContentTargetError(id(1), "not-sender")).detail).toMatch(/Only the person who sent/);
    expect(describeError(new ContentTargetError(id(1), "not-editable")).title).toBe("This message cannot be changed");
  });

  it("previews a chat whose last message is a reaction, an edit or a delete in words, never as an empty line", () => {
    expect(previewText(message(1, post("hello")))).toBe("hello");
    expect(previewText(message(2, { type: "reaction", target: id(1), emoji: "👍", remove: false }, { from: peer }))).toBe("Reacted 👍");
    expect(previewText(message(3, { type: "reaction", target: id(1), emoji: "👍", remove: false }))).toBe("You reacted 👍");
    expect(previewText(message(4, { type: "edit", target: id(1), seq: 1, text: "hello again", proof: new Uint8Array(32) }))).toBe("hello again");
    expect(previewText(message(5, { type: "delete", target: id(1), proof: new Uint8Array(32) }))).toBe("A message was deleted");
    // A receipt says nothing to show: the list falls back as for a chat without messages.
    expect(previewText(message(6, { type: "receipt", read: [id(1)] }, { from: peer }))).toBeUndefined();
    expect(previewText(null)).toBeUndefined();
  });
});
