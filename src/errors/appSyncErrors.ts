import { BaseError } from "./BaseError.ts";

/*
 * Errors of own-device app-state sync (src/appsync). Messages carry versions, lengths and reasons, never a key,
 * an index or a value (nicknames and who is blocked are private).
 */

/**
 * Why a patch was not applied. `forged`: its box does not open under the sync key for that version (tampered,
 * replayed on another version's topic, or not made by a device holding the key); `version`: it names another version
 * than the topic it was found on (reordered or replayed); `malformed`: it opens but its content is invalid (a
 * duplicate index, an unknown kind); `snapshot`: applied to our state it does not give the state its author had
 * (a missing or diverged patch); `sender`: its transaction's sender is not allowed by our account's current binding.
 */
export type AppStatePatchRejection = "forged" | "version" | "malformed" | "snapshot" | "sender";

/** A patch found on chain that was skipped: nothing of it was applied, stored state is unchanged. */
export class AppStatePatchRejectedError extends BaseError<"APPSYNC_PATCH_REJECTED"> {
  override name = "AppStatePatchRejectedError";
  readonly reason: AppStatePatchRejection;
  readonly version: number;
  constructor(reason: AppStatePatchRejection, version: number) {
    super("APPSYNC_PATCH_REJECTED", `App-state patch ${version} rejected: ${reason}.`);
    this.reason = reason;
    this.version = version;
  }
}

/** A sync-key share that was skipped: posted by an address our binding does not allow, or not a share at all. */
export class AppStateKeyShareRejectedError extends BaseError<"APPSYNC_KEY_SHARE_REJECTED"> {
  override name = "AppStateKeyShareRejectedError";
  readonly reason: "sender" | "malformed";
  constructor(reason: "sender" | "malformed") {
    super("APPSYNC_KEY_SHARE_REJECTED", `App-state key share rejected: ${reason}.`);
    this.reason = reason;
  }
}

/** A local change that app-state sync cannot carry (a nickname too long, too many changes for one patch...). */
export class AppStateMutationInvalidError extends BaseError<"APPSYNC_MUTATION_INVALID"> {
  override name = "AppStateMutationInvalidError";
  constructor(reason: string) {
    super("APPSYNC_MUTATION_INVALID", `App-state change not valid: ${reason}.`);
  }
}
