import { BaseError } from "./BaseError.ts";

/**
 * Errors of history transfer between one account's own devices (docs/protocol.md, "Devices"). Each one means the
 * transfer was refused before anything was written; messages carry only public values (device codes, counts).
 */

/** The device code given for export names no device of the account's current binding (or names this device). */
export class HistoryTargetNotListedError extends BaseError<"HISTORY_TARGET_NOT_LISTED"> {
  override name = "HistoryTargetNotListedError";
  constructor(code: string, reason: "not-listed" | "self") {
    super(
      "HISTORY_TARGET_NOT_LISTED",
      reason === "self" ? `Device ${code} is this device: history goes to another device of the account.` : `No device ${code} in the account's current device list.`,
    );
  }
}

/** The transfer was sealed to another device's key (another device of ours, or another account's). */
export class HistoryWrongDeviceError extends BaseError<"HISTORY_WRONG_DEVICE"> {
  override name = "HistoryWrongDeviceError";
  constructor(target: string) {
    super("HISTORY_WRONG_DEVICE", `This history transfer is for another device (${target}), not this one.`);
  }
}

/** The box did not open or the exporter's signature did not verify: the file was altered or cut (or forged). */
export class HistoryTamperedError extends BaseError<"HISTORY_TAMPERED"> {
  override name = "HistoryTamperedError";
  constructor(what: "box" | "signature") {
    super("HISTORY_TAMPERED", what === "box" ? "The history transfer does not open: it was altered or cut." : "The history transfer's signature does not verify.");
  }
}

/**
 * The transfer is signed by a device the account's CURRENT binding does not list: a revoked device, or one that
 * was never ours. A revoked device's files are refused even when made before the revocation (nobody can tell).
 */
export class HistoryExporterNotListedError extends BaseError<"HISTORY_EXPORTER_NOT_LISTED"> {
  override name = "HistoryExporterNotListedError";
  constructor(exporter: string) {
    super("HISTORY_EXPORTER_NOT_LISTED", `The history transfer comes from device ${exporter}, which the account's current device list does not name.`);
  }
}

/** The transfer is for another account, chain or Hushlog contract than this client's. */
export class HistoryAccountMismatchError extends BaseError<"HISTORY_OTHER_ACCOUNT"> {
  override name = "HistoryAccountMismatchError";
  constructor(what: "account" | "chain" | "contract") {
    super("HISTORY_OTHER_ACCOUNT", `The history transfer is for another ${what}.`);
  }
}

/** The exporter already gave this device a transfer made at the same time or later: an old file played again. */
export class HistoryReplayError extends BaseError<"HISTORY_REPLAYED"> {
  override name = "HistoryReplayError";
  constructor(exporter: string) {
    super("HISTORY_REPLAYED", `This history transfer from device ${exporter} is not newer than one already imported.`);
  }
}

/** A well-formed, authentic transfer whose content breaks a rule (a message that is not the peer's nor ours, a limit). */
export class HistoryInvalidError extends BaseError<"HISTORY_INVALID"> {
  override name = "HistoryInvalidError";
  constructor(reason: string) {
    super("HISTORY_INVALID", `The history transfer is not valid: ${reason}.`);
  }
}
