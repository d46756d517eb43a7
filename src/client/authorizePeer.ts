import { getBlock } from "viem/actions";
import { BindingNotCurrentError, BindingRejectedError } from "../errors/clientErrors.ts";
import type { DeviceBinding } from "../identity/KeyBinding.ts";
import type { ClientContext } from "./ClientContext.ts";

/**
 * Whether the device a handshake, response or prekey first contact names may speak for its account: its binding is
 * validly signed for this deployment and was unexpired at the log's block, AND its account's current published
 * binding lists that device (a binding that was never published, or that a newer one replaced, counts for nothing:
 * a phished signature dies with the next publication). Throws the typed reason (`BindingRejectedError`,
 * `BindingNotCurrentError`), which the caller reports; an RPC failure propagates so the sync pass retries.
 */
export async function authorizePeer(ctx: ClientContext, peer: DeviceBinding, blockNumber: bigint): Promise<void> {
  const blockTime = Number((await getBlock(ctx.publicClient, { blockNumber })).timestamp);
  // Through the directory: a check that needs the RPC goes out among cover checks (issue 18).
  const verdict = await ctx.directory.check(peer.binding, blockTime);
  if (!verdict.valid) throw new BindingRejectedError(peer.binding.account, verdict.reason);
  const listed = await ctx.directory.lists(peer);
  if (listed !== "listed") throw new BindingNotCurrentError(peer.binding.account, listed);
}
