import type { HushlogClient } from "../client/HushlogClient.ts";
import type { Identity } from "../identity/Identity.ts";
import type { HushlogStore } from "../store/HushlogStore.ts";

/**
 * The device a history transfer is made on or imported into: its running client, its identity (whose keys sign and
 * open transfers: never sent anywhere) and the client's store. The functions sync the client first, so the account's
 * device list they check against is the chain's current one.
 */
export type HistoryDevice = {
  client: HushlogClient;
  identity: Identity;
  store: HushlogStore;
  /** Milliseconds since the epoch (default Date.now): orders one device's exports. */
  now?: () => number;
};
