import type { Hex } from "viem";
import { BaseError } from "./BaseError.ts";

/*
 * Errors of the content layer (src/content): edits, deletes, reactions and receipts that name another message.
 * Messages carry ids and reasons only, never text.
 */

/**
 * Why an edit or a delete was not accepted. `unknown-target`: no post with that id from that sender in that chat
 * (or its secret already expired); `not-sender`: only a post's author may amend it; `window`: after
 * EDIT_WINDOW_SECONDS; `proof`: the proof does not verify under the post's secret; `not-editable`: the target is
 * not a post (a plain text from before posts, a reaction...).
 */
export type AmendRejection = "unknown-target" | "not-sender" | "window" | "proof" | "not-editable";

/** A received edit or delete that may not change its target: it is dropped, its target stays as it was. */
export class AmendNotAuthorizedError extends BaseError<"CONTENT_AMEND_NOT_AUTHORIZED"> {
  override name = "AmendNotAuthorizedError";
  readonly target: Hex;
  readonly reason: AmendRejection;
  constructor(target: Hex, reason: AmendRejection) {
    super("CONTENT_AMEND_NOT_AUTHORIZED", `Edit or delete of message ${target} not accepted: ${reason}.`);
    this.target = target;
    this.reason = reason;
  }
}

/** An edit, delete, reaction or reply we were asked to send names a message this client cannot use as its target. */
export class ContentTargetError extends BaseError<"CONTENT_TARGET_INVALID"> {
  override name = "ContentTargetError";
  readonly target: Hex;
  readonly reason: AmendRejection | "deleted";
  constructor(target: Hex, reason: AmendRejection | "deleted") {
    super("CONTENT_TARGET_INVALID", `Message ${target} cannot be the target: ${reason}.`);
    this.target = target;
    this.reason = reason;
  }
}
