import type { MessageView } from "hushlog";

/** What a message's delivery status says to a person (incoming messages have none to show). */
export function statusLabel(message: Pick<MessageView, "status" | "direction" | "blockNumber">): string {
  switch (message.status) {
    case "preparing":
      return "Encrypting…";
    case "unknown":
      return "Checking whether it was sent…";
    case "submitted":
      return "Sent";
    case "included":
      return message.blockNumber !== null ? `Included in block ${message.blockNumber}` : "Included";
    case "confirmed":
      return "Confirmed";
    case "final":
      return "Final";
    case "failed":
      return "Failed";
    case "reverted":
      return "Reverted";
    case "dropped":
      return "Dropped, sending again…";
    case "reorged":
      return "Block undone, waiting…";
    case "received":
      return "";
  }
}

export const retryableStatuses: ReadonlySet<MessageView["status"]> = new Set(["failed", "reverted"]);
