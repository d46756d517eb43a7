import { getAddress, type Address, type Hex } from "viem";
import type { HushlogStore } from "../store/HushlogStore.ts";
import { decodeReadMarker, type AppStateMutation } from "../wire/AppStateMutation.ts";
import { entryKey, localAppState, nicknameAlias, nicknameSource, remoteWins } from "./localAppState.ts";

const utf8 = new TextDecoder();

/**
 * Writes a patch's values into the client's own records, inside the caller's store transaction `tx`, wherever they
 * are newer than what this device holds (`remoteWins`); an older one is left for our next push to overwrite. Returns
 * the accounts this blocked (the caller then declines their pending requests, as `block` does). A read marker also
 * marks the conversation's messages up to it as read.
 */
export async function applyToLocal(tx: HushlogStore, mutations: readonly AppStateMutation[], conversationWith: (peer: Address) => Hex): Promise<Address[]> {
  const local = new Map(localAppState(await tx.contacts.list(), await tx.getAllAliasMappings()).map((e) => [entryKey(e), e]));
  const blocked: Address[] = [];
  for (const m of mutations) {
    if (!remoteWins(m, local.get(entryKey(m)))) continue;
    const account = getAddress(m.account);
    const at = m.timestamp * 1000;
    switch (m.kind) {
      case "nickname": {
        const name = m.op === "set" ? utf8.decode(m.value) : "";
        await tx.putAliasMapping({ alias: nicknameAlias(account, name), address: account, createdAt: m.timestamp, updatedAt: m.timestamp, source: nicknameSource });
        break;
      }
      case "block":
        await updateContact(tx, account, { blocked: m.op === "set", updatedAt: at });
        if (m.op === "set") blocked.push(account);
        break;
      case "mute":
        await updateContact(tx, account, { muted: m.op === "set", mutedAt: at });
        break;
      case "read": {
        const marker = decodeReadMarker(m.value)!;
        await updateContact(tx, account, { readThrough: { ...marker, at } });
        await markReadThrough(tx, conversationWith(account), marker);
        break;
      }
    }
  }
  return blocked;
}

async function updateContact(tx: HushlogStore, account: Address, fields: Parameters<HushlogStore["contacts"]["put"]>[0] extends infer R ? Partial<R> : never) {
  const existing = await tx.contacts.get(account);
  await tx.contacts.put({ account, blocked: false, updatedAt: 0, ...existing, ...fields });
}

/** Marks read every message of the conversation at or before the marker's chain position. */
async function markReadThrough(tx: HushlogStore, conversationId: Hex, marker: { block: bigint; logIndex: number }): Promise<void> {
  for (const message of await tx.messages.list(conversationId)) {
    if (message.read || message.blockNumber === null || message.logIndex === null) continue;
    if (message.blockNumber < marker.block || (message.blockNumber === marker.block && message.logIndex <= marker.logIndex)) {
      await tx.messages.update(message.id, { read: true });
    }
  }
}
