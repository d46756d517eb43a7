import type { Address, Hex } from "viem";
import { BaseError } from "./BaseError.ts";

export class ConversationNotFoundError extends BaseError<"CLIENT_CONVERSATION_NOT_FOUND"> {
  override name = "ConversationNotFoundError";
  constructor(conversationId: Hex) {
    super("CLIENT_CONVERSATION_NOT_FOUND", `No conversation ${conversationId}.`);
  }
}

export class RequestNotFoundError extends BaseError<"CLIENT_REQUEST_NOT_FOUND"> {
  override name = "RequestNotFoundError";
  constructor(id: string) {
    super("CLIENT_REQUEST_NOT_FOUND", `No handshake request ${id}.`);
  }
}

export class RequestAlreadyHandledError extends BaseError<"CLIENT_REQUEST_HANDLED"> {
  override name = "RequestAlreadyHandledError";
  constructor(id: string, status: string) {
    super("CLIENT_REQUEST_HANDLED", `Handshake request ${id} is already ${status}.`);
  }
}

export class PendingNotFoundError extends BaseError<"CLIENT_PENDING_NOT_FOUND"> {
  override name = "PendingNotFoundError";
  constructor(id: string) {
    super("CLIENT_PENDING_NOT_FOUND", `No pending transaction ${id}.`);
  }
}

export class NotRetryableError extends BaseError<"CLIENT_NOT_RETRYABLE"> {
  override name = "NotRetryableError";
  constructor(id: string, status: string) {
    super("CLIENT_NOT_RETRYABLE", `Pending transaction ${id} is ${status}; only failed, reverted or dropped ones can be retried.`);
  }
}

/**
 * The peer's key binding is not valid: its signature does not verify for this chain and contract ("signature",
 * "other-deployment"), it had expired ("expired"), or its smart account's check ran out of the gas allowed
 * ("unverifiable": no verdict, never called forged).
 */
export class BindingRejectedError extends BaseError<"CLIENT_BINDING_INVALID"> {
  override name = "BindingRejectedError";
  readonly reason: string;
  constructor(account: Address, reason = "signature") {
    super(
      "CLIENT_BINDING_INVALID",
      reason === "unverifiable"
        ? `The key binding of ${account} could not be verified: its account's signature check ran out of gas.`
        : reason === "expired"
          ? `The key binding of ${account} had expired.`
          : `The key binding of ${account} does not verify for this chain and contract.`,
    );
    this.reason = reason;
  }
}

/**
 * A peer's binding verifies but is not its account's current one: the account never published it, or has since
 * published a newer binding that does not list this device (it was replaced, revoked or phished and revoked).
 */
export class BindingNotCurrentError extends BaseError<"CLIENT_BINDING_NOT_CURRENT"> {
  override name = "BindingNotCurrentError";
  readonly reason: "not-published" | "superseded";
  constructor(account: Address, reason: "not-published" | "superseded") {
    super(
      "CLIENT_BINDING_NOT_CURRENT",
      reason === "not-published"
        ? `${account} has published no current key binding.`
        : `${account}'s current key binding does not list this device: it was replaced or revoked.`,
    );
    this.reason = reason;
  }
}

/** A log from an account the user blocked: dropped before any cryptography. */
export class AccountBlockedError extends BaseError<"CLIENT_ACCOUNT_BLOCKED"> {
  override name = "AccountBlockedError";
  constructor(account: Address) {
    super("CLIENT_ACCOUNT_BLOCKED", `${account} is blocked.`);
  }
}

/** The conversation cannot carry messages: the peer's device was revoked, or it is a request not yet accepted. */
export class ConversationUnavailableError extends BaseError<"CLIENT_CONVERSATION_UNAVAILABLE"> {
  override name = "ConversationUnavailableError";
  readonly status: "request" | "revoked";
  constructor(conversationId: Hex, status: "request" | "revoked") {
    super(
      "CLIENT_CONVERSATION_UNAVAILABLE",
      status === "request"
        ? `Conversation ${conversationId} is a request: accept it first.`
        : `The peer's device in conversation ${conversationId} was revoked by its account: start the conversation again.`,
    );
    this.status = status;
  }
}

/**
 * Our own device is not authorised by our account's current published binding: another binding replaced ours
 * (another device of ours, or someone who obtained a signature from our wallet). Nothing is sent until the user
 * re-authorises this device (a new binding with a higher sequence) or installs the current one.
 */
export class DeviceNotAuthorizedError extends BaseError<"CLIENT_DEVICE_NOT_AUTHORIZED"> {
  override name = "DeviceNotAuthorizedError";
  constructor(account: Address, sequence: bigint) {
    super("CLIENT_DEVICE_NOT_AUTHORIZED", `${account}'s current key binding (number ${sequence}) does not authorise this device.`, {
      metaMessages: [
        "If you did not make that binding, your wallet signed something it should not have: re-authorise this device,",
        "which publishes a newer binding and revokes the other one.",
      ],
    });
  }
}

export class ClientClosedError extends BaseError<"CLIENT_CLOSED"> {
  override name = "ClientClosedError";
  constructor() {
    super("CLIENT_CLOSED", "The Hushlog client is closed.");
  }
}

/** Another writer (tab, process) kept moving the same session; the operation gave up after retrying. */
export class SessionBusyError extends BaseError<"CLIENT_SESSION_BUSY"> {
  override name = "SessionBusyError";
  constructor(conversationId: Hex) {
    super("CLIENT_SESSION_BUSY", `Conversation ${conversationId} is being changed by another writer; try again.`);
  }
}

/**
 * This conversation's sending chain may exist in another copy of the store (a restore, an import, a copied file, a
 * stale row): sending on it could reuse a message key. A fresh handshake is re-keying it; send again once the peer
 * has answered (the next sync shows it).
 */
export class SessionRewoundError extends BaseError<"CLIENT_SESSION_REWOUND"> {
  override name = "SessionRewoundError";
  constructor(conversationId: Hex) {
    super("CLIENT_SESSION_REWOUND", `Conversation ${conversationId} is being re-keyed after a restore; send again once the peer has answered.`);
  }
}

/**
 * The conversation was imported as history: this device has no session with the peer (ratchet state never moves
 * between devices), so it can show the messages but not send. The device(s) holding the session can.
 */
export class HistoryOnlyConversationError extends BaseError<"CLIENT_HISTORY_ONLY"> {
  override name = "HistoryOnlyConversationError";
  readonly livesOn: readonly string[];
  constructor(livesOn: readonly string[]) {
    super("CLIENT_HISTORY_ONLY", `This conversation is history only on this device: it lives on device ${livesOn.join(", ")}. Send from there.`);
    this.livesOn = livesOn;
  }
}
