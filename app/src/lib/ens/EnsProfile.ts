/**
 * What ENS says about an address. `name` is set only when the reverse record's name resolves forward to the same
 * address; otherwise `reason` says why there is none:
 * - `no-registry`: no ENS registry where the lookup went;
 * - `no-resolver`: the address has no reverse resolver (most addresses);
 * - `no-name`: a reverse resolver, but no name in it (or it does not implement name());
 * - `not-displayable`: a name outside what the app shows (see isDisplayableEnsName);
 * - `unverified`: the name's forward address is another account (anyone can claim any name in their own reverse
 *   record: showing it unverified would let a stranger pose as vitalik.eth);
 * - `failed`: the RPC failed (`error` has the cause); cached briefly, then tried again.
 */
export type EnsProfile =
  | { name: string; avatar: string | null; reason?: undefined; error?: undefined }
  | { name: null; avatar: null; reason: "no-registry" | "no-resolver" | "no-name" | "not-displayable" | "unverified"; error?: undefined }
  | { name: null; avatar: null; reason: "failed"; error: unknown };
