import type { Address, Client } from "viem";
import type { EnsProfile } from "./EnsProfile.ts";
import type { EnsResolver } from "./EnsResolver.ts";
import { lookupEnsProfile } from "./lookupEnsProfile.ts";

export type EnsResolverOptions = {
  client: Client;
  registry: Address;
  source: EnsResolver["source"];
  /** How long a result is used before it is looked up again, per kind, in ms. */
  ttl?: { found: number; missing: number; failed: number };
  /** Called once per failed lookup (the app logs it): a failure shows no name, like no name. */
  onFailure?: (address: Address, error: unknown) => void;
  now?: () => number;
  /** Most addresses kept; the oldest go first. */
  maxEntries?: number;
};

/**
 * Names change rarely: an hour for a name, 15 minutes for "none" (most addresses: so a list of conversations does not
 * ask again on every render or mount), a minute after a failure (so a flaky RPC is retried, but not hammered).
 */
const defaultTtl = { found: 60 * 60_000, missing: 15 * 60_000, failed: 60_000 };

export function createEnsResolver({ client, registry, source, ttl = defaultTtl, onFailure, now = Date.now, maxEntries = 1000 }: EnsResolverOptions): EnsResolver {
  const entries = new Map<string, { profile: EnsProfile; expires: number }>();
  const pending = new Map<string, Promise<EnsProfile>>();
  const cached = (address: Address) => {
    const key = address.toLowerCase();
    const entry = entries.get(key);
    if (!entry) return undefined;
    if (entry.expires > now()) return entry.profile;
    entries.delete(key);
    return undefined;
  };
  const lookup = (address: Address) => {
    const hit = cached(address);
    if (hit) return Promise.resolve(hit);
    const key = address.toLowerCase();
    const inFlight = pending.get(key);
    if (inFlight) return inFlight;
    const promise = lookupEnsProfile(client, address, registry).then((profile) => {
      pending.delete(key);
      if (profile.reason === "failed") onFailure?.(address, profile.error);
      const life = profile.name !== null ? ttl.found : profile.reason === "failed" ? ttl.failed : ttl.missing;
      entries.delete(key);
      entries.set(key, { profile, expires: now() + life });
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
      return profile;
    });
    pending.set(key, promise);
    return promise;
  };
  return { lookup, cached, source };
}
