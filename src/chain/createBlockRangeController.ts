import { LOG_RANGE_GROW_AFTER } from "../constants.ts";

/**
 * The adaptive eth_getLogs block range (a count of blocks, at least 1), shared by every query of one sweep.
 *
 * Two kinds of refusal teach different things:
 * - a `range` refusal ("block range too large") is a fixed provider limit: the failed size minus one becomes a
 *   ceiling, and the next size bisects between the largest size known to work and the failed one, so the
 *   sweep settles on the provider's exact limit after a few refusals and then never fails again;
 * - a `size` refusal ("more than 10000 results") only says this stretch of blocks is dense: halve (or take
 *   the provider's suggested range) without a ceiling, and grow back once past the dense stretch.
 *
 * After LOG_RANGE_GROW_AFTER consecutive successes the size doubles, bisecting toward the ceiling when
 * doubling would cross it, never beyond `maxRange`.
 */
export type BlockRangeController = {
  size(): bigint;
  succeeded(size: bigint): void;
  failed(size: bigint, kind: "range" | "size", suggestedSize?: bigint): void;
};

export function createBlockRangeController({
  initialRange,
  maxRange,
  growAfter = LOG_RANGE_GROW_AFTER,
}: {
  initialRange: bigint;
  maxRange: bigint;
  growAfter?: number;
}): BlockRangeController {
  let size = clamp(initialRange, 1n, maxRange);
  let ceiling = maxRange;
  let largestGood = 0n;
  let streak = 0;

  return {
    size: () => size,
    succeeded(done) {
      if (done > largestGood) largestGood = done;
      if (done < size) return; // a short tail range says nothing about the current size
      if (++streak < growAfter) return;
      streak = 0;
      size = size * 2n <= ceiling ? size * 2n : (size + ceiling + 1n) / 2n;
    },
    failed(failedSize, kind, suggestedSize) {
      streak = 0;
      let next: bigint;
      if (kind === "range") {
        if (failedSize - 1n < ceiling) ceiling = failedSize - 1n > 0n ? failedSize - 1n : 1n;
        // A size that worked before and fails now means the limit moved (or we misread the error): forget it.
        if (largestGood >= failedSize) largestGood = 0n;
        next = largestGood > 0n ? (largestGood + failedSize) / 2n : failedSize / 2n;
      } else {
        next = failedSize / 2n;
      }
      if (suggestedSize !== undefined && suggestedSize > 0n && suggestedSize < next) next = suggestedSize;
      size = clamp(next, 1n, ceiling);
    },
  };
}

function clamp(value: bigint, min: bigint, max: bigint): bigint {
  return value < min ? min : value > max ? max : value;
}
