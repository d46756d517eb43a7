import type { MessageView } from "hushlog";
import { useEstimateFeesPerGas, useTransactionReceipt } from "wagmi";
import { formatFee, formatGas } from "../lib/format.ts";

/**
 * The fee of the next message, before it is sent: the gas your last message here used (a message's gas depends
 * on its padded size, so similar messages cost alike) times the network's current maximum fee per gas, so an upper
 * estimate. Before the first message there is nothing to base it on, and the composer says so.
 */
export function FeeEstimate({ messages }: { messages: readonly MessageView[] }) {
  const last = messages.findLast((m) => m.direction === "out" && m.txHash !== null);
  const receipt = useTransactionReceipt({ hash: last?.txHash ?? undefined, query: { enabled: last !== undefined } });
  const fees = useEstimateFeesPerGas({ query: { refetchInterval: 30_000 } });
  const perGas = fees.data?.maxFeePerGas ?? fees.data?.gasPrice;
  if (!last) return <p className="fee muted small">Each message is a transaction: its fee shows here after your first one.</p>;
  if (!receipt.data || perGas === undefined) return <p className="fee muted small">Estimating the fee…</p>;
  return (
    <p className="fee muted small" data-testid="fee-estimate" title={`Your last message used ${formatGas(receipt.data.gasUsed)} gas; the network asks up to ${perGas} wei per gas now.`}>
      Fee: up to {formatFee(receipt.data.gasUsed * perGas)} per message
    </p>
  );
}
