import { LOG_RANGE_GROW_AFTER, LOG_SIZE_CEILING_TTL } from "../constants.ts";

/**
 * The adaptive eth_getLogs block range (a count of blocks, at least 1), shared by every query of one sweep.
 *
 * Two kinds of refusal teach different things:
 * - a `range` refusal ("block range too large") is a fixed provider limit: the failed size minus one becomes a
 *   ceiling, and the next size bisects between the largest size known to work and the failed one, so the
 *   sweep settles on the provider's exact limit after a few refusals and then never fails again;
 * - a `size` refusal ("more than 10000 results") only says this stretch of blocks is dense: halve (or take
 *   the provider's suggested range) and set a soft ceiling that expires after LOG_SIZE_CEILING_TTL
 *   successes, so a uniformly dense history does not refuse every third request, and a sparse stretch after
 *   a dense one gets large ranges back.
 *
 * After LOG_RANGE_GROW_AFTER consecutive successes the size doubles, bisecting toward the ceilings when
 * doubling would cross one, never beyond `maxRange`.
 */
export type BlockRangeController = {
  size(): bigint;
  succeeded(size: bigint): void;
  /** `statedLimit`: the provider's own range limit from its message (range refusals): taken as the ceiling at once. */
  failed(size: bigint, kind: "range" | "size", suggestedSize?: bigint, statedLimit?: bigint): void;
};

export function createBlockRangeController({
  initialRange,
  maxRange,
  growAfter = LOG_RANGE_GROW_AFTER,
  sizeCeilingTtl = LOG_SIZE_CEILING_TTL,
}: {
  initialRange: bigint;
  maxRange: bigint;
  growAfter?: number;
  sizeCeilingTtl?: number;
}): BlockRangeController {
  let size = clamp(initialRange, 1n, maxRange);
  let ceiling = maxRange; // from range refusals: a fixed limit
  let softCeiling = maxRange; // from size refusals: expires
  let softTtl = 0;
  let largestGood = 0n;
  let streak = 0;
  const limit = () => (softCeiling < ceiling ? softCeiling : ceiling);

  return {
    size: () => size,
    succeeded(done) {
      if (done > largestGood) largestGood = done;
      if (softTtl > 0 && --softTtl === 0) softCeiling = maxRange;
      if (done < size) return; // a short tail range says nothing about the current size
      if (++streak < growAfter) return;
      streak = 0;
      const top = limit();
      // Bisect toward a learnt ceiling (the limit is near); the configured maximum is simply a cap.
      size = size * 2n <= top ? size * 2n : top === maxRange ? maxRange : (size + top + 1n) / 2n;
    },
    failed(failedSize, kind, suggestedSize, statedLimit) {
      streak = 0;
      let next: bigint;
      if (kind === "range" && statedLimit !== undefined && statedLimit > 0n && statedLimit < failedSize) {
        ceiling = statedLimit < ceiling ? statedLimit : ceiling;
        size = clamp(statedLimit, 1n, limit());
        return;
      }
      if (kind === "range") {
        if (failedSize - 1n < ceiling) ceiling = failedSize - 1n > 0n ? failedSize - 1n : 1n;
        // A size that worked before and fails now means the limit moved (or we misread the error): forget it.
        if (largestGood >= failedSize) largestGood = 0n;
        next = largestGood > 0n ? (largestGood + failedSize) / 2n : failedSize / 2n;
      } else {
        if (failedSize - 1n < softCeiling) softCeiling = failedSize - 1n > 0n ? failedSize - 1n : 1n;
        softTtl = sizeCeilingTtl;
        next = failedSize / 2n;
      }
      if (suggestedSize !== undefined && suggestedSize > 0n && suggestedSize < next) next = suggestedSize;
      size = clamp(next, 1n, limit());
    },
  };
}

function clamp(value: bigint, min: bigint, max: bigint): bigint {
  return value < min ? min : value > max ? max : value;
}
