import type { ThreadItem } from "hushlog";
import { useSendContent } from "hushlog/react";
import { useState } from "react";
import type { Hex } from "viem";
import { mentionsIn } from "./mentions.ts";

/** What the composer is doing besides writing a new message. */
export type ComposeMode = { kind: "new" } | { kind: "reply"; item: ThreadItem; emoji: string | null } | { kind: "edit"; item: ThreadItem };

/**
 * The content actions of one chat (1:1 or group) and the composer's mode: every send goes through one
 * `useSendContent`, so its error is the one the composer shows. A reply with a reaction picked in its banner goes
 * as ONE transaction (`batch`); groups send one transaction per message, so there the banner offers no reaction.
 */
export function useChatContent(chat: Hex, { group }: { group: boolean }) {
  const send = useSendContent();
  const [mode, setMode] = useState<ComposeMode>({ kind: "new" });
  const cancel = () => setMode({ kind: "new" });

  const submit = (text: string) => {
    const mentions = mentionsIn(text);
    if (mode.kind === "edit") send.mutate({ kind: "edit", chat, target: mode.item.id, text });
    else if (mode.kind === "reply" && mode.emoji && !group)
      send.mutate([
        { kind: "react", chat, target: mode.item.id, emoji: mode.emoji },
        { kind: "post", chat, text, replyTo: mode.item.id, mentions },
      ]);
    else send.mutate({ kind: "post", chat, text, replyTo: mode.kind === "reply" ? mode.item.id : null, mentions });
    cancel();
  };

  /** Our reaction toggles: the same emoji again takes it back; another one replaces it (one per sender). */
  const react = (item: ThreadItem, emoji: string, mine: boolean) => send.mutate({ kind: "react", chat, target: item.id, emoji, remove: mine });

  const remove = (item: ThreadItem) => {
    if (mode.kind !== "new" && mode.item.id === item.id) cancel();
    send.mutate({ kind: "delete", chat, target: item.id });
  };

  return {
    mode,
    reply: (item: ThreadItem) => setMode({ kind: "reply", item, emoji: null }),
    edit: (item: ThreadItem) => setMode({ kind: "edit", item }),
    pickReplyEmoji: (emoji: string | null) => setMode((m) => (m.kind === "reply" ? { ...m, emoji } : m)),
    cancel,
    submit,
    react,
    remove,
    error: send.error,
    group,
  };
}

export type ChatContent = ReturnType<typeof useChatContent>;
