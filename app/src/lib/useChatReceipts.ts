import { useHushlogClient, useReadReceipts } from "hushlog/react";
import { useEffect, useRef } from "react";
import type { Hex } from "viem";
import { useReadReceiptsSetting } from "./readReceiptsSetting.ts";

/**
 * Read receipts of one 1:1 chat, when the person turned them on: one receipt when they leave the chat (another chat,
 * another screen), naming the newest message they read, or now through `sendNow`. Never one per message: each is a
 * transaction they pay for. Nothing is sent when nothing new was read (the library checks).
 */
export function useChatReceipts(chatId: Hex) {
  const [on] = useReadReceiptsSetting();
  const receipts = useReadReceipts({ enabled: on });
  const { client } = useHushlogClient();
  const send = async (chat: Hex) => {
    // What is on screen counts as read even if useMarkRead has not stored it yet (a message that arrived just before
    // the person left): the library acknowledges only messages stored as read.
    if (client && document.visibilityState === "visible") await client.markRead(chat);
    return receipts.sendReadReceiptsAsync([chat]);
  };
  // The cleanup below runs after the render of the next chat: it needs the current hook, but the chat it was set up
  // for (its own chatId), not the one now shown.
  const latest = useRef({ enabled: receipts.enabled, send });
  latest.current = { enabled: receipts.enabled, send };
  useEffect(
    () => () => {
      // A failure lands in the pending transactions (the chat's failed-actions row offers Retry); nothing to show here.
      if (latest.current.enabled) latest.current.send(chatId).catch(() => {});
    },
    [chatId],
  );
  return { on, sendNow: () => send(chatId), result: receipts };
}
