import { getAddress } from "viem";
import { describe, expect, it } from "vitest";
import { unreadCounts } from "../../app/src/lib/unreadCounts.ts";

const alice = getAddress("0x70997970c51812dc3a010c7d01b50e0d17dc79c8");
const bob = getAddress("0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc");

describe("unreadCounts: the title counts everything, notifications skip muted contacts", () => {
  it("leaves a muted contact's unread messages out of what may notify, whatever the address case", () => {
    const conversations = [
      { peer: alice, unread: 2 },
      { peer: bob, unread: 3 },
    ];
    expect(unreadCounts({ conversations, groups: [{ unread: 4 }], requests: 1, muted: [] })).toEqual({ title: 10, audible: 10 });
    expect(unreadCounts({ conversations, groups: [{ unread: 4 }], requests: 1, muted: [bob.toLowerCase() as `0x${string}`] })).toEqual({ title: 10, audible: 7 });
    expect(unreadCounts({ conversations, groups: [], requests: 0, muted: [alice, bob] })).toEqual({ title: 5, audible: 0 });
  });
});
