/**
 * A browser notification that new messages arrived, only while the tab is hidden and only when the person allowed
 * notifications (`askForNotifications`). It never carries message text, sender or address: a notification shows on
 * the lock screen and in the OS's history, outside the encrypted store.
 */
export function notifyWhenHidden(count: number): void {
  if (typeof Notification === "undefined" || Notification.permission !== "granted" || document.visibilityState !== "hidden") return;
  const notification = new Notification("Hushlog", { body: count === 1 ? "A new message" : `${count} new messages`, tag: "hushlog-unread" });
  notification.onclick = () => {
    window.focus();
    notification.close();
  };
}

/** Asks for permission (from a click: browsers ignore it otherwise). Resolves to whether notifications may show. */
export async function askForNotifications(): Promise<boolean> {
  if (typeof Notification === "undefined") return false;
  if (Notification.permission === "granted") return true;
  return (await Notification.requestPermission()) === "granted";
}
