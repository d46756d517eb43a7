import type { RandomSource } from "../../crypto/random.ts";
import type { RecordTx, TxMode } from "./RecordTx.ts";

/** Runs one unit of store work: atomically on the outer store, inline inside a transaction. */
export type Run = <T>(mode: TxMode, fn: (tx: RecordTx) => Promise<T>) => Promise<T>;

/** What the store's method implementations need: where to run, and injectable time and randomness. */
export type FaceContext = { run: Run; now: () => number; random: RandomSource };
