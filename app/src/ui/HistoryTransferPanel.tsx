import { useHistoryTransfer, useHushlogIdentity } from "hushlog/react";
import { useEffect, useId, useState } from "react";
import { ErrorNotice } from "./ErrorNotice.tsx";
import { PeerName } from "./PeerName.tsx";

// Its own chunk: fetched the first time the user moves history, never with the app.
const loadHistory = () => import("hushlog/history");

/**
 * History transfer between this account's own devices (docs/protocol.md, "Devices"): export for another device's
 * code to a file only that device can open, import such a file here, and the conversations held here as history only
 * (no session in this browser: they are read here and continued on the device named).
 */
export function HistoryTransferPanel() {
  const identity = useHushlogIdentity();
  if (!identity.isSuccess) return null;
  return <HistoryTransfer />;
}

function HistoryTransfer() {
  const { exportFor, importFile, conversations } = useHistoryTransfer(loadHistory);
  const [code, setCode] = useState("");
  const [download, setDownload] = useState<{ url: string; name: string } | null>(null);
  const codeHint = useId();
  const fileHint = useId();
  // The object URL holds the file in memory until revoked: released when a new one replaces it or the panel closes.
  useEffect(() => () => (download ? URL.revokeObjectURL(download.url) : undefined), [download]);
  const exported = exportFor.data;
  const imported = importFile.data;
  return (
    <section aria-labelledby="history-title" className="history-transfer">
      <h2 id="history-title">Move history between your devices</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          exportFor.mutate(
            { to: code },
            { onSuccess: (result) => setDownload({ url: URL.createObjectURL(result.blob), name: result.fileName }) },
          );
        }}
      >
        <label>
          Device code <input name="deviceCode" value={code} placeholder="XXXX-XXXX" aria-describedby={codeHint} onChange={(e) => setCode(e.target.value)} />
        </label>
        <button type="submit" disabled={exportFor.isPending || code.trim() === ""}>
          Export history
        </button>
        <p id={codeHint} className="hint">
          The code of your other device, as its Devices list shows it. The file can be opened by that device only; no
          keys of your conversations are in it, so that device can read this history but not continue it.
        </p>
      </form>
      <ErrorNotice error={exportFor.error} />
      {exported && download && (
        <p role="status">
          {exported.messages} messages in {exported.conversations} conversations for device {exported.to}
          {exported.inFlight > 0 ? ` (${exported.inFlight} still being sent are not included)` : ""}.{" "}
          <a href={download.url} download={download.name}>
            Save {download.name}
          </a>
        </p>
      )}
      <label>
        Import a history file{" "}
        <input
          type="file"
          name="historyFile"
          aria-describedby={fileHint}
          disabled={importFile.isPending}
          onChange={(event) => {
            const file = event.target.files?.[0];
            if (file) importFile.mutate(file);
            event.target.value = "";
          }}
        />
      </label>
      <p id={fileHint} className="hint">
        A file your other device exported for this browser. Nothing is changed if it is not for this browser, was
        altered, or is older than one already imported.
      </p>
      <ErrorNotice error={importFile.error} />
      {imported && (
        <p role="status">
          Imported {imported.messages} messages in {imported.conversations} conversations from device {imported.from}
          {imported.unchanged > 0 ? ` (${imported.unchanged} were already here)` : ""}.
        </p>
      )}
      {conversations.data && conversations.data.length > 0 && (
        <ul className="cards" aria-label="History only">
          {conversations.data.map((c) => (
            <li key={c.conversationId} className="card">
              <PeerName address={c.peer} /> <span className="muted">history only: continue it on device {c.livesOn.join(", ")}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
