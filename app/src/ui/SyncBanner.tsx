import { useSyncStatus } from "hushlog/react";
import { describeError } from "../lib/describeError.ts";

/**
 * The catch-up banner: while a pass reads history (the first visit, or after time away) it shows how far it got;
 * when the RPC fails it says so (the client keeps retrying).
 */
export function SyncBanner() {
  const { data: sync } = useSyncStatus();
  if (sync.status === "error" && sync.error) {
    const described = describeError(sync.error);
    return (
      <div className="banner warning" role="status">
        <strong>{described.title}.</strong> {described.detail} Retrying…
      </div>
    );
  }
  if (sync.status !== "syncing") return null;
  const percent = Math.round(sync.progress * 100);
  const blocks =
    sync.currentBlock !== null && sync.toBlock !== null ? ` (block ${sync.currentBlock.toLocaleString("en-US")} of ${sync.toBlock.toLocaleString("en-US")})` : "";
  return (
    <div className="banner" role="status" aria-live="polite">
      <span>
        Catching up with the chain… {percent}%{blocks}
      </span>
      <progress max={100} value={percent} aria-label="Sync progress" />
    </div>
  );
}
