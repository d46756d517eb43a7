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

/** The peer's key binding signature did not verify on chain (forged, or made for another chain or contract). */
export class BindingRejectedError extends BaseError<"CLIENT_BINDING_INVALID"> {
  override name = "BindingRejectedError";
  constructor(account: Address) {
    super("CLIENT_BINDING_INVALID", `The key binding of ${account} does not verify for this chain and contract.`);
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
