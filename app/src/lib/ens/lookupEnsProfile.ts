import { isAddressEqual, zeroAddress, type Address, type Client } from "viem";
import { namehash } from "viem/ens";
import { callEns } from "./callEns.ts";
import { ensAvatarUrl } from "./ensAvatarUrl.ts";
import type { EnsProfile } from "./EnsProfile.ts";
import { isDisplayableEnsName } from "./isDisplayableEnsName.ts";

type Miss = Exclude<EnsProfile["reason"], "failed" | undefined>;
const miss = (reason: Miss): EnsProfile => ({ name: null, avatar: null, reason });

/**
 * An address's ENS name and avatar, read from the registry with plain eth_calls (no Universal Resolver, which viem's
 * getEnsName needs and which a chain such as a local one does not have): ENSIP-3 reverse resolution, then the
 * forward check — the name's own resolver must give back this address, else there is no name — then the name's
 * `avatar` text record (ENSIP-12). Calls: 1 for an address without a reverse resolver (most), 2 without a name,
 * 5 for a name (in 4 round trips: addr and avatar go together). Never throws: an RPC failure is `reason: "failed"`.
 */
export async function lookupEnsProfile(client: Client, address: Address, registry: Address): Promise<EnsProfile> {
  try {
    const reverseNode = namehash(`${address.slice(2).toLowerCase()}.addr.reverse`);
    const reverseResolver = await callEns(client, registry, "resolver", [reverseNode]);
    if (reverseResolver === null) return miss("no-registry");
    if (isAddressEqual(reverseResolver, zeroAddress)) return miss("no-resolver");
    const name = await callEns(client, reverseResolver, "name", [reverseNode]);
    if (!name) return miss("no-name");
    if (!isDisplayableEnsName(name)) return miss("not-displayable");
    const node = namehash(name);
    const resolver = await callEns(client, registry, "resolver", [node]);
    if (resolver === null || isAddressEqual(resolver, zeroAddress)) return miss("unverified");
    const [forward, avatar] = await Promise.all([
      callEns(client, resolver, "addr", [node]),
      callEns(client, resolver, "text", [node, "avatar"]),
    ]);
    if (forward === null || !isAddressEqual(forward, address)) return miss("unverified");
    return { name, avatar: ensAvatarUrl(avatar) };
  } catch (error) {
    return { name: null, avatar: null, reason: "failed", error };
  }
}
