import { useGroupMembers, useThread } from "hushlog/react";
import { useState } from "react";
import type { Hex } from "viem";
import { useChatContent } from "../lib/useChatContent.ts";
import { useMarkRead } from "../lib/useMarkRead.ts";
import { ChatComposer } from "./ChatComposer.tsx";
import { FailedActions } from "./FailedActions.tsx";
import { FeeEstimate } from "./FeeEstimate.tsx";
import { GroupMembers } from "./GroupMembers.tsx";
import { MessageList } from "./MessageList.tsx";

/** A group chat, with its members view (where the creator adds and removes people). */
export function GroupView({ groupId }: { groupId: Hex }) {
  // Folded like a 1:1 chat (reactions, edits and deletes into their messages). No receipts: the library sends them in 1:1 chats only.
  const messages = useThread(groupId);
  const members = useGroupMembers(groupId);
  const content = useChatContent(groupId, { group: true });
  const [showMembers, setShowMembers] = useState(false);
  useMarkRead(messages.data, messages.markRead);
  const group = members.group;
  if (!group) {
    return (
      <div className="empty">
        <h1>Group</h1>
        <p>{messages.isPending ? "Loading…" : "This group is not in this browser's store."}</p>
      </div>
    );
  }
  return (
    <section className="chat" aria-labelledby="group-title">
      <header className="chat-header">
        <h1 id="group-title">{group.name || "Unnamed group"}</h1>
        <p className="muted small">
          {group.members.length} members · end-to-end encrypted{" "}
          <button type="button" className="link" aria-expanded={showMembers} onClick={() => setShowMembers(!showMembers)}>
            {showMembers ? "Hide members" : "Members"}
          </button>
        </p>
      </header>
      {showMembers && <GroupMembers groupId={groupId} />}
      {members.left && (
        <p className="notice" role="status">
          You were removed from this group: you no longer receive or send its messages.
        </p>
      )}
      <MessageList items={messages.items ?? []} showSenders content={content} />
      <FailedActions messages={messages.data ?? []} />
      <ChatComposer content={content} disabled={members.left} fee={<FeeEstimate messages={messages.data ?? []} />} />
    </section>
  );
}
