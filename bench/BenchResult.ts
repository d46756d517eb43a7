/** One row of `bench/results.json`: names are stable so runs can be compared over time. */
export type BenchResult = { name: string; value: number; unit: string; goal?: { max?: number; min?: number } };

/** Deterministic, uniformly distributed bytes (like ciphertext): benchmarks are reproducible run to run. */
export function pseudoRandomBytes(length: number, seed = 1): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** Median of `runs` timings of `fn`, in ms, after `warmup` untimed runs. */
export async function medianMs(runs: number, warmup: number, fn: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}
