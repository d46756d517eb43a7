import type { Hex } from "viem";
import { useTransactionReceipt } from "wagmi";
import { formatFee, formatGas, shortAddress } from "../lib/format.ts";

/** What a sent message cost: its transaction's receipt, fetched when asked for. */
export function MessageDetails({ hash }: { hash: Hex }) {
  const receipt = useTransactionReceipt({ hash });
  if (receipt.isPending) return <p className="details muted small">Loading the receipt…</p>;
  if (!receipt.data) return <p className="details muted small">No receipt yet: the transaction is not in a block.</p>;
  const { gasUsed, effectiveGasPrice, blockNumber } = receipt.data;
  return (
    <dl className="details small" aria-label="Transaction details">
      <dt>Gas used</dt>
      <dd data-testid="gas-used">{formatGas(gasUsed)}</dd>
      <dt>Fee</dt>
      <dd>{formatFee(gasUsed * effectiveGasPrice)}</dd>
      <dt>Block</dt>
      <dd>{blockNumber.toString()}</dd>
      <dt>Transaction</dt>
      <dd title={hash}>{shortAddress(hash.slice(0, 42))}</dd>
    </dl>
  );
}
