import { useId } from "react";
import { useReadReceiptsSetting } from "../lib/readReceiptsSetting.ts";

/**
 * The read receipts switch, off by default, saying what it costs: the gas figure is `npm run bench -- content`'s
 * (docs/benchmarks.md: 26,661 for one receipt); the fee depends on the chain's gas price. The app sends one chat's
 * receipt at a time, so the batched figure (three chats for 38,215) is not promised here.
 */
export function ReceiptsSetting() {
  const [on, setOn] = useReadReceiptsSetting();
  const hint = useId();
  return (
    <div className="field receipts-setting">
      <label>
        <input type="checkbox" name="readReceipts" checked={on} aria-describedby={hint} onChange={(event) => setOn(event.target.checked)} /> Send read receipts
      </label>
      <p id={hint} className="hint">
        Off by default. A read receipt tells the other person you read their messages, and it costs you gas: it is a
        transaction on chain, about 26,700 gas each. When on, one goes when you leave a chat with messages you read
        since the last one, or when you press "Send read receipt" in it; never one per message. Saved in this
        browser; applies at once.
      </p>
    </div>
  );
}
