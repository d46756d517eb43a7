import { isAddressEqual, type Address } from "viem";
import type { ClientContext } from "./ClientContext.ts";

/**
 * Brings the conversations with accounts whose current binding just changed in line with it: a session whose peer
 * device is still listed takes the new binding (delegates and expiry may have changed; a legacy v1 binding is
 * replaced by the peer's first published one); a session whose device is no longer listed is revoked (nothing more
 * accepted or sent on it) and the user told. Returns without writing when nothing changed.
 */
export async function applyBindingChanges(ctx: ClientContext, accounts: readonly Address[]): Promise<void> {
  const peers = accounts.filter((a) => !isAddressEqual(a, ctx.identity.account));
  if (peers.length === 0) return;
  for (const { record } of await ctx.sessions.all()) {
    if (!peers.some((p) => isAddressEqual(p, record.peer))) continue;
    await ctx.sessions.withSessions([record.conversationId], async () => {
      const entry = await ctx.sessions.get(record.conversationId);
      if (!entry || entry.state.status === "revoked") return;
      const current = await ctx.directory.current(entry.record.peer);
      const device = entry.state.peer.binding.devices[entry.state.peer.device]!;
      const index = current?.binding.devices.findIndex(
        (d) => d.x25519.toLowerCase() === device.x25519.toLowerCase() && d.ed25519.toLowerCase() === device.ed25519.toLowerCase(),
      ) ?? -1;
      const state =
        current && index >= 0
          ? { ...entry.state, peer: { binding: current.binding, device: index } }
          : { ...entry.state, status: "revoked" as const };
      const next = ctx.sessions.nextRecord(entry.record, { conversationId: entry.record.conversationId, peer: entry.record.peer, state, now: ctx.now() });
      await ctx.store.transaction((tx) => tx.sessions.save(next));
      ctx.sessions.adopt(next, state);
      if (state.status === "revoked") ctx.emitter.emit("binding", { type: "peer-revoked", peer: entry.record.peer, conversationId: entry.record.conversationId });
    });
  }
}
