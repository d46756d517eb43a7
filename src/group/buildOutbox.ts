import type { Address, Hex } from "viem";
import { encodeGroupControl } from "../wire/groupControlCodec.ts";
import type { GroupControl } from "./GroupControl.ts";
import type { GroupOutbox } from "./GroupOutbox.ts";
import type { OwnSenderKey } from "./SenderKey.ts";
import { distributionFor } from "./senderKeyEntries.ts";

/**
 * One control message per recipient: `parts(member)` gives its membership parts, and members listed in
 * `distributeTo` also get our chain's key for them (their entry's, or the current one).
 */
export function buildOutbox(input: {
  groupId: Hex;
  own: OwnSenderKey | null;
  recipients: readonly Address[];
  distributeTo: readonly Address[];
  parts?: (member: Address) => Omit<GroupControl, "groupId" | "distribution">;
}): GroupOutbox {
  const { groupId, own } = input;
  const distribute = new Set(own ? input.distributeTo.map((m) => m.toLowerCase()) : []);
  const messages = input.recipients.map((to) => {
    const distributes = distribute.has(to.toLowerCase());
    const control: GroupControl = {
      groupId,
      ...input.parts?.(to),
      ...(distributes ? { distribution: distributionFor(own!, to) } : {}),
    };
    return { to, plaintext: encodeGroupControl(control), distributes };
  });
  return { groupId, chain: distribute.size ? own!.topic : null, messages };
}
