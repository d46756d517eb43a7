import type { MessageView } from "hushlog";
import { describe, expect, it } from "vitest";
import { identicon } from "../../app/src/lib/identicon.ts";
import { linkify } from "../../app/src/lib/linkify.ts";
import { messageRows } from "../../app/src/lib/messageGroups.ts";

const alice = "0x00000000000000000000000000000000000a11ce" as const;
const bob = "0x0000000000000000000000000000000000000b0b" as const;
const at = (iso: string) => Date.parse(iso);
function message(id: number, sender: `0x${string}`, iso: string, included = true): MessageView {
  return {
    id: `0x${id.toString(16).padStart(64, "0")}`,
    conversationId: "0x01",
    direction: sender === alice ? "out" : "in",
    sender,
    content: { type: "text", text: `m${id}` },
    decoded: { type: "text", text: `m${id}` },
    status: "confirmed",
    txHash: null,
    blockNumber: null,
    timestamp: included ? at(iso) / 1000 : null,
    createdAt: at(iso),
    read: true,
  } as MessageView;
}

describe("app chat text: links, date separators, grouped bubbles, identicons", () => {
  it("links http(s) URLs only, leaving the sentence's punctuation out", () => {
    expect(linkify("see https://example.org/a?b=c. or (http://x.io/y), not javascript:alert(1) nor ftp://z")).toEqual([
      { text: "see " },
      { text: "https://example.org/a?b=c", href: "https://example.org/a?b=c" },
      { text: ". or (" },
      { text: "http://x.io/y", href: "http://x.io/y" },
      { text: "), not javascript:alert(1) nor ftp://z" },
    ]);
    expect(linkify("no links")).toEqual([{ text: "no links" }]);
    expect(linkify("")).toEqual([]);
  });

  it("puts a separator before each day and groups one sender's messages minutes apart", () => {
    const rows = messageRows(
      [
        message(1, bob, "2026-12-01T10:00:00Z"),
        message(2, bob, "2026-12-01T10:02:00Z"),
        message(3, alice, "2026-12-01T10:03:00Z"),
        message(4, alice, "2026-12-01T10:20:00Z"),
        message(5, alice, "2026-12-03T11:00:00Z", false),
      ],
      at("2026-12-03T12:00:00Z"),
    );
    expect(rows.map((r) => (r.type === "day" ? `day` : `${r.message.content?.text}${r.first ? " first" : ""}${r.last ? " last" : ""}`))).toEqual([
      "day",
      "m1 first",
      "m2 last",
      "m3 first last",
      "m4 first last",
      "day",
      "m5 first last",
    ]);
    expect(rows.at(-2)).toMatchObject({ type: "day", label: "Today" });
  });

  it("draws the same symmetric identicon for an address in any case, and different ones for different addresses", () => {
    const a = identicon("0x976EA74026E726554dB657fA54763abd0C3a0aa9");
    expect(identicon("0x976ea74026e726554db657fa54763abd0c3a0aa9")).toEqual(a);
    expect(a.cells).toHaveLength(25);
    for (let row = 0; row < 5; row++) expect(a.cells.slice(row * 5, row * 5 + 5)).toEqual(a.cells.slice(row * 5, row * 5 + 5).reverse());
    expect(identicon("0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65")).not.toEqual(a);
  });
});
