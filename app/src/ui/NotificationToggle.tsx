import { useState } from "react";
import { askForNotifications } from "../lib/notifyWhenHidden.ts";

/** Offers browser notifications (asked from a click, as browsers require); they say only how many messages came. */
export function NotificationToggle() {
  const supported = typeof Notification !== "undefined";
  const [permission, setPermission] = useState(supported ? Notification.permission : "denied");
  if (!supported) return null;
  if (permission === "granted") return <p className="muted small">Notifications on while this tab is hidden (a count, never the text).</p>;
  if (permission === "denied") return <p className="muted small">Notifications are blocked in this browser's site settings.</p>;
  return (
    <button type="button" className="secondary small" onClick={() => void askForNotifications().then(() => setPermission(Notification.permission))}>
      Notify me of new messages
    </button>
  );
}
