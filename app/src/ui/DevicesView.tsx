import { useAppStateSync, useDevices, useSendingKey } from "hushlog/react";
import { useState } from "react";
import { parseEther } from "viem";
import { formatFee, shortAddress } from "../lib/format.ts";
import { ErrorNotice } from "./ErrorNotice.tsx";

const when = (seconds: number | null) =>
  seconds === null ? "not on chain yet" : `linked ${new Date(seconds * 1000).toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" })}`;

/**
 * The account's devices (from its binding on chain) with Revoke for the others, and this browser's sending key: its
 * balance, about how many messages that pays for, a warning when it runs low, and Top up (one wallet transaction).
 */
export function DevicesView() {
  const devices = useDevices();
  return (
    <section className="form-pane" aria-labelledby="devices-title">
      <h1 id="devices-title">Devices</h1>
      <SendingKeyPanel />
      <h2>Your account's devices</h2>
      <p className="muted small">
        Every device has its own keys; your wallet signs the list, and people you write to only accept messages from the devices on it. If you
        see a device you did not link, revoke it.
      </p>
      <ErrorNotice error={devices.error ?? devices.revoke.error} />
      <ul className="list" aria-label="Devices">
        {devices.data?.map((device) => (
          <li key={device.ed25519} className="device" aria-label={`Device ${device.code}`}>
            <span className="nav-text">
              <span className="nav-title">
                {device.code}
                {device.thisDevice ? " (this browser)" : ""}
              </span>
              <span className="nav-preview">
                {when(device.addedAt)} · {device.sender ? `sends from ${shortAddress(device.sender)}` : "your wallet sends"}
              </span>
            </span>
            {!device.thisDevice && (
              <button type="button" className="secondary" disabled={devices.revoke.isPending} onClick={() => devices.revoke.mutate({ code: device.code })}>
                {devices.revoke.isPending && devices.revoke.variables?.code === device.code ? "Waiting for your wallet…" : "Revoke"}
              </button>
            )}
          </li>
        ))}
      </ul>
      {(devices.data?.length ?? 0) > 1 && <SettingsSyncPanel />}
    </section>
  );
}

/** Names, blocks, mutes and read state to the other devices: what waits, and one transaction to send it. */
function SettingsSyncPanel() {
  const settings = useAppStateSync();
  const pending = settings.data?.pendingChanges ?? 0;
  const pushed = settings.push.data;
  return (
    <section aria-labelledby="settings-sync-title">
      <h2 id="settings-sync-title">Settings on your other devices</h2>
      <p className="muted small">
        Names you give contacts, blocks, mutes and what you have read follow you to your other devices, encrypted so only they can read them.
        Their changes arrive by themselves; yours go out when you send them.
      </p>
      <ErrorNotice error={settings.error ?? settings.push.error} />
      <p data-testid="settings-sync-status">
        {settings.data === undefined
          ? "…"
          : pending === 0
          ? "Your other devices have all your settings."
          : `${pending} ${pending === 1 ? "change" : "changes"} not on your other devices yet.`}
        {pushed && pending > 0 && " Sent: they leave this count once the transaction is on chain."}
      </p>
      <button type="button" disabled={settings.push.isPending || pending === 0} onClick={() => settings.push.mutate()}>
        {settings.push.isPending ? "Sending…" : "Send to my other devices (one transaction)"}
      </button>
    </section>
  );
}

function SendingKeyPanel() {
  const key = useSendingKey();
  const [amount, setAmount] = useState("0.01");
  if (!key.address) {
    return <p className="muted">This browser has no sending key: your wallet asks to send every message.</p>;
  }
  if (!key.listed) {
    return (
      <section className="notice" aria-labelledby="key-title">
        <h2 id="key-title">Send without a wallet prompt per message</h2>
        <p>
          This browser was linked before sending keys. Add one: your wallet signs your device list again with this browser's own sending key on
          it (one signature). Then fund the key, and messages go out with no wallet prompt.
        </p>
        <ErrorNotice error={key.enable.error} />
        <button type="button" disabled={key.enable.isPending} onClick={() => key.enable.mutate()}>
          {key.enable.isPending ? "Waiting for your wallet…" : "Add a sending key"}
        </button>
      </section>
    );
  }
  let wei: bigint | null = null;
  try {
    wei = parseEther(amount);
  } catch {
    wei = null;
  }
  const data = key.data;
  return (
    <section className={`notice ${data?.low ? "warning" : ""}`} aria-labelledby="key-title" role={data?.low ? "alert" : undefined}>
      <h2 id="key-title">This browser's sending key</h2>
      <p>
        <span className="mono" title={key.address}>
          {shortAddress(key.address)}
        </span>{" "}
        · balance <strong data-testid="sending-key-balance">{data ? formatFee(data.balance) : "…"}</strong>
        {data?.messagesLeft != null && <> · about {data.messagesLeft.toLocaleString("en-US")} messages left</>}
      </p>
      <p className="small">
        {key.active
          ? "Messages, accepts and group changes are sent from this key: no wallet prompt."
          : "Your wallet sends each message until this key holds some ETH."}
      </p>
      {data?.low && (
        <p>
          <strong>{data.balance === 0n ? "The key is empty." : "The key is running low."}</strong> Top it up to keep sending without prompts; a message
          it cannot pay for fails and can be retried after the top-up.
        </p>
      )}
      <ErrorNotice error={key.error ?? key.topUp.error} />
      <form
        className="row"
        onSubmit={(event) => {
          event.preventDefault();
          if (wei !== null && wei > 0n) key.topUp.mutate({ amount: wei });
        }}
      >
        <label>
          Amount (ETH)
          <input inputMode="decimal" value={amount} onChange={(event) => setAmount(event.target.value)} />
        </label>
        <button type="submit" disabled={key.topUp.isPending || wei === null || wei <= 0n}>
          {key.topUp.isPending ? "Waiting for your wallet…" : "Top up"}
        </button>
      </form>
    </section>
  );
}
