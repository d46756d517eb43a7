import { useReadReceipts } from "hushlog/react";
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
  // The cleanup below runs with the chat being left; it needs the current hook, not the one of the first render.
  const latest = useRef(receipts);
  latest.current = receipts;
  useEffect(
    () => () => {
      // A failure lands in the pending transactions (the chat's failed-actions row offers Retry); nothing to show here.
      if (latest.current.enabled) latest.current.sendReadReceiptsAsync([chatId]).catch(() => {});
    },
    [chatId],
  );
  return { on, sendNow: () => receipts.sendReadReceiptsAsync([chatId]), result: receipts };
}
