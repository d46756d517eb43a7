import type { HushlogEvents } from "./ClientEvents.ts";
import type { Emitter } from "./createEmitter.ts";

/**
 * The watch loop of HushlogClient.watch: one pass, then the next after `interval` ms, never two at once. Stopping
 * (the returned function, the caller's `signal`, or the client's `lifetime` on close) aborts the pass in flight
 * before its next request and schedules nothing more; an abort is not reported as an error.
 *
 * @example
 * const stop = startWatcher({ pass: (signal) => engine.sync({ signal }), interval: 4_000, lifetime, emitter });
 */
export function startWatcher({
  pass,
  interval,
  lifetime,
  signal,
  emitter,
  onStop,
}: {
  pass: (signal: AbortSignal) => Promise<unknown>;
  interval: number;
  lifetime: AbortSignal;
  signal?: AbortSignal | undefined;
  emitter: Emitter<HushlogEvents>;
  onStop?: () => void;
}): () => void {
  const own = new AbortController();
  const combined = AbortSignal.any([own.signal, lifetime, ...(signal ? [signal] : [])]);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const loop = async () => {
    if (combined.aborted) return;
    try {
      await pass(combined);
    } catch (error) {
      if (!combined.aborted) emitter.emit("error", { error });
    }
    if (!combined.aborted) timer = setTimeout(loop, interval);
  };
  const stop = () => {
    own.abort();
    clearTimeout(timer);
    onStop?.();
  };
  combined.addEventListener("abort", stop, { once: true });
  void loop();
  return stop;
}
