import { useConversation, useGroupMembers, useSendGroupMessage } from "hushlog/react";
import { useState } from "react";
import type { Hex } from "viem";
import { useMarkRead } from "../lib/useMarkRead.ts";
import { Composer } from "./Composer.tsx";
import { FeeEstimate } from "./FeeEstimate.tsx";
import { GroupMembers } from "./GroupMembers.tsx";
import { MessageList } from "./MessageList.tsx";

/** A group chat, with its members view (where the creator adds and removes people). */
export function GroupView({ groupId }: { groupId: Hex }) {
  const messages = useConversation(groupId);
  const members = useGroupMembers(groupId);
  const send = useSendGroupMessage();
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
      <MessageList messages={messages.data ?? []} showSenders />
      <Composer fee={<FeeEstimate messages={messages.data ?? []} />} disabled={members.left} error={send.error} onSend={(text) => send.mutate({ groupId, content: text })} />
    </section>
  );
}
