import { useId } from "react";
import { useReadReceiptsSetting } from "../lib/readReceiptsSetting.ts";

/**
 * The read receipts switch, off by default, saying what it costs: the gas figures are `npm run bench -- content`'s
 * (docs/benchmarks.md), the fee depends on the chain's gas price.
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
        message on chain, about 26,700 gas (several chats left together share one transaction: three for about
        38,200). When on, one goes when you leave a chat you read, or when you press "Send read receipt" in it; never
        one per message. Saved in this browser; applies at once.
      </p>
    </div>
  );
}
