import type { BindingEvent } from "../client/ClientEvents.ts";
import { BINDING_RENEW_BEFORE_SECONDS } from "../constants.ts";

/** Where our key binding stands against the chain, as `useKeyBinding` reports it. */
export type HushlogBindingStatus = {
  /**
   * "unknown": not compared with the chain yet (the client does at its first sync pass or send); "current": the
   * account's current binding on chain authorises this device; "not-authorized": it does not (another device of the
   * account, or someone who got the wallet to sign, published a newer one): nothing is sent until the user signs a
   * newer binding for this device (`reauthorize`), or accepts it.
   */
  status: "unknown" | "current" | "not-authorized";
  /** The number of the chain's current binding (ours when "current"); null until known. */
  sequence: bigint | null;
  /** How many devices the chain's current binding lists, when it is not ours ("not-authorized"). */
  devices: number | null;
  /** When our binding expires (unix seconds); null until known. */
  expiresAt: bigint | null;
  /** Our binding expires within BINDING_RENEW_BEFORE_SECONDS: sign a new one (`renew`) before peers stop accepting it. */
  renewalDue: boolean;
};

export const initialBindingStatus: HushlogBindingStatus = { status: "unknown", sequence: null, devices: null, expiresAt: null, renewalDue: false };

/**
 * The status after one of the client's own binding events; `current` unchanged for a peer's (those change a
 * conversation's status, not ours). `now` in unix seconds.
 */
export function nextBindingStatus(current: HushlogBindingStatus, event: BindingEvent, now: number): HushlogBindingStatus {
  switch (event.type) {
    case "current":
      return {
        status: "current",
        sequence: event.sequence,
        devices: null,
        expiresAt: event.expiresAt,
        renewalDue: event.expiresAt - BigInt(now) < BigInt(BINDING_RENEW_BEFORE_SECONDS),
      };
    case "not-authorized":
      return { ...current, status: "not-authorized", sequence: event.sequence, devices: event.devices };
    case "renewal-due":
      return { ...current, expiresAt: event.expiresAt, renewalDue: true };
    default:
      return current;
  }
}
