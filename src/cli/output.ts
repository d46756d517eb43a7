import type { Address, Hex } from "viem";
import type {
  BindingEvent,
  HandshakeEvent,
  HandshakeRequestView,
  KeyChangeEvent,
  MessageView,
  PendingEvent,
  PendingView,
  RejectedLog,
} from "../index.ts";
import { contentJson, describeAnnotation, formatThreadItem, threadItemJson } from "./contentOutput.ts";
import type { ThreadItem } from "../index.ts";

/** JSON with bigints as decimal strings and byte arrays as hex: one line, for JSON-lines output. */
export function jsonLine(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === "bigint") return v.toString();
    if (v instanceof Uint8Array) return `0x${Buffer.from(v).toString("hex")}`;
    return v;
  });
}

/** A message as a JSON line: `peer` for a 1:1 conversation, `groupId` and `group` (its name) for a group's. */
export function messageJson(message: MessageView, { peer, group }: { peer?: Address; group?: { groupId: Hex; name: string } } = {}) {
  return {
    type: "message",
    id: message.id,
    conversationId: message.conversationId,
    groupId: group?.groupId ?? null,
    group: group?.name ?? null,
    direction: message.direction,
    peer: peer ?? null,
    sender: message.sender,
    text: message.content?.type === "text" ? message.content.text : null,
    ...contentJson(message),
    status: message.status,
    txHash: message.txHash,
    blockNumber: message.blockNumber,
    timestamp: message.timestamp,
    createdAt: message.createdAt,
    read: message.read,
  };
}

export function requestJson(request: HandshakeRequestView) {
  return {
    type: "request",
    id: request.id,
    from: request.from,
    note: request.note,
    verified: request.verified,
    status: request.status,
    txHash: request.txHash,
    blockNumber: request.blockNumber,
    receivedAt: request.receivedAt,
    replacesConversation: request.replacesConversation,
    kind: request.kind,
    keyChanged: request.keyChanged,
    safetyNumber: request.safetyNumber,
    messages: request.messages.map((m) => m.content?.text ?? null),
  };
}

export function handshakeJson(event: HandshakeEvent) {
  switch (event.type) {
    case "request":
      return { ...requestJson(event.request), type: "handshake", event: "request" };
    case "established":
      return {
        type: "handshake",
        event: "established",
        conversationId: event.conversationId,
        peer: event.peer.account,
        initiatedByUs: event.initiatedByUs,
        note: event.note,
      };
    case "declined":
      return { type: "handshake", event: "declined", id: event.requestId };
  }
}

export function pendingJson(pending: PendingEvent | PendingView) {
  return {
    type: "pending",
    id: pending.id,
    kind: pending.kind,
    status: pending.status,
    txHash: pending.txHash,
    conversationIds: pending.conversationIds,
    itemIds: pending.itemIds,
    error: pending.error,
    ...("attempts" in pending ? { attempts: pending.attempts, createdAt: pending.createdAt } : {}),
  };
}

export function rejectedJson(rejected: RejectedLog) {
  return { type: "rejected", ...rejected };
}

const short = (hex: string) => (hex.length > 14 ? `${hex.slice(0, 10)}…${hex.slice(-4)}` : hex);

export function formatMessage(message: MessageView, peer?: Address): string {
  const when = messageTime(message).padEnd(19);
  const who = message.direction === "out" ? "me" : short(message.sender);
  const text = message.content?.type === "text" ? message.content.text : (describeAnnotation(message.decoded) ?? "");
  const status = message.direction === "out" || message.status !== "received" ? `  [${message.status}]` : "";
  return `${when}  ${peer && message.direction === "out" ? `me → ${short(peer)}` : who}: ${text}${status}`;
}

/** One item of a folded chat (`read`): see contentOutput.ts. */
export function formatItem(item: ThreadItem, peer?: Address): string {
  const who = item.message.direction === "out" ? (peer ? `me → ${short(peer)}` : "me") : short(item.message.sender);
  return formatThreadItem(item, messageTime(item.message).padEnd(19), who);
}

/** A folded item as a JSON line: the message's fields, then its state after edits, deletes, reactions, receipts. */
export function itemJson(item: ThreadItem, owner: { peer?: Address; group?: { groupId: Hex; name: string } } = {}) {
  return { ...messageJson(item.message, owner), ...threadItemJson(item) };
}

/**
 * When a message happened, as far as this store knows: its block's time once known (our own messages, from their
 * receipt), else the block that carries it (received messages: sync does not fetch block headers), else nothing
 * yet (ours, not in a block: the status column says why).
 */
function messageTime(message: MessageView): string {
  if (message.timestamp) return new Date(message.timestamp * 1000).toISOString().replace("T", " ").slice(0, 19);
  if (message.blockNumber !== null) return `block ${message.blockNumber}`;
  return "not in a block yet";
}

export function formatRequest(request: HandshakeRequestView): string {
  const flags = [
    request.kind === "prekey" ? "first message held" : "",
    request.verified ? "verified" : "UNVERIFIED binding",
    request.status,
    request.status === "pending" && request.replacesConversation && !request.keyChanged ? "accepting replaces your conversation" : "",
  ]
    .filter(Boolean)
    .join(", ");
  const lines = [`${request.id}  from ${request.from}  block ${request.blockNumber}  (${flags})`];
  if (request.keyChanged) {
    lines.push(
      `    WARNING: ${request.from} now uses a DIFFERENT identity key. It may be a new device, or someone who obtained a`,
      `    signature from its wallet. Compare the safety number with them (another channel) before accepting:`,
    );
  }
  if (request.safetyNumber) lines.push(`    safety number: ${request.safetyNumber}`);
  if (request.note) lines.push(`    note: ${request.note}`);
  for (const message of request.messages) lines.push(`    message: ${message.content?.text ?? "(unsupported content)"}`);
  return lines.join("\n");
}

/** A key change as `sync`/`watch` announce it. */
export function formatKeyChange(event: KeyChangeEvent): string {
  return [
    `WARNING: ${event.peer}'s identity key changed${event.requestId ? ` (request ${event.requestId}: \`hushlog accept\` or \`hushlog decline\`)` : ""}.`,
    `  old safety number: ${event.previousSafetyNumber}`,
    `  new safety number: ${event.newSafetyNumber}`,
  ].join("\n");
}

/** What the chain's bindings changed, as `sync`/`watch` announce it (null: nothing to say). */
export function formatBindingEvent(event: BindingEvent): string | null {
  switch (event.type) {
    case "not-authorized":
      return event.devices > 0
        ? `WARNING: your account's current key binding (number ${event.sequence}, ${event.devices} device${event.devices === 1 ? "" : "s"}) does not authorise this device: it was revoked, and nothing is sent. If you did not revoke it, \`hushlog reauthorize\` publishes a newer one and revokes the others.`
        : `WARNING: your account's current key binding (number ${event.sequence}) does not authorise this device: nothing is sent. If you did not make it, \`hushlog reauthorize\` publishes a newer one and revokes it.`;
    case "devices-changed":
      return [
        ...event.added.map((code) => `A new device ${code} was linked to your account (binding number ${event.sequence}). If that was not you, \`hushlog devices revoke ${code}\`.`),
        ...event.removed.map((code) => `Device ${code} was revoked from your account (binding number ${event.sequence}).`),
      ].join("\n");
    case "peer-revoked":
      return `${event.peer} revoked the device of your conversation ${event.conversationId}: it is closed until they reach you from a device they authorise.`;
    case "peer-restored":
      return `${event.peer} authorised the device of your conversation ${event.conversationId} again: it resumes.`;
    case "renewal-due":
      return `Your key binding expires ${new Date(Number(event.expiresAt) * 1000).toISOString()}: the next command renews it.`;
    case "current":
      return null;
  }
}

export function formatPending(pending: PendingView | PendingEvent): string {
  const attempts = "attempts" in pending ? `  attempts ${pending.attempts}` : "";
  return `${pending.kind.padEnd(9)} ${pending.status.padEnd(9)} ${pending.txHash ?? "(no tx yet)"}${attempts}${pending.error ? `  error: ${pending.error}` : ""}  [${pending.id}]`;
}

/** A one-line progress bar, redrawn in place on a terminal. */
export function progressBar(done: bigint, total: bigint, width = 30): string {
  const ratio = total <= 0n ? 1 : Math.min(1, Number((done * 1000n) / total) / 1000);
  const filled = Math.round(ratio * width);
  return `[${"#".repeat(filled)}${" ".repeat(width - filled)}] ${(ratio * 100).toFixed(0).padStart(3)}%`;
}
