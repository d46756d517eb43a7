import type { Address } from "viem";

/**
 * What app-state sync carries between an account's own devices, WhatsApp-style: each mutation sets or removes one
 * index (a kind and an account) -> value, with the time the user made the change (unix seconds; the newest wins).
 *
 * | kind     | index            | value                                                     |
 * |----------|------------------|-----------------------------------------------------------|
 * | nickname | (0x01, account)  | the name, UTF-8, at most MAX_NICKNAME_LENGTH characters    |
 * | block    | (0x02, account)  | empty: set = blocked, remove = unblocked                   |
 * | mute     | (0x03, account)  | empty: set = muted (no `notification` event), remove = not |
 * | read     | (0x04, account)  | read through: u48 block number, u32 log index (10 bytes)   |
 */
export type AppStateKind = "nickname" | "block" | "mute" | "read";

export type AppStateMutation = {
  op: "set" | "remove";
  kind: AppStateKind;
  account: Address;
  /** Unix seconds of the user's change: of two values for one index the newer wins (ties: the greater value bytes). */
  timestamp: number;
  /** Empty for a removal. Private (a nickname): never in an error or a log. */
  value: Uint8Array;
};

export const appStateKindByte: Record<AppStateKind, number> = { nickname: 0x01, block: 0x02, mute: 0x03, read: 0x04 };
export const appStateKinds = Object.keys(appStateKindByte) as AppStateKind[];

/** A read marker's value: the chain position of the newest message read. */
export function encodeReadMarker(block: bigint, logIndex: number): Uint8Array {
  const out = new Uint8Array(10);
  const view = new DataView(out.buffer);
  view.setUint16(0, Number(block / 2n ** 32n));
  view.setUint32(2, Number(block % 2n ** 32n));
  view.setUint32(6, logIndex);
  return out;
}

export function decodeReadMarker(value: Uint8Array): { block: bigint; logIndex: number } | null {
  if (value.length !== 10) return null;
  const view = new DataView(value.buffer, value.byteOffset, value.length);
  return { block: BigInt(view.getUint16(0)) * 2n ** 32n + BigInt(view.getUint32(2)), logIndex: view.getUint32(6) };
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** Whether a received set/remove is well formed for its kind (a patch with one that is not is skipped whole). */
export function isValidMutation(m: AppStateMutation, maxNicknameLength: number): boolean {
  if (m.op === "remove") return m.value.length === 0 && m.kind !== "read";
  switch (m.kind) {
    case "block":
    case "mute":
      return m.value.length === 0;
    case "read":
      return m.value.length === 10;
    case "nickname": {
      try {
        const name = strictUtf8.decode(m.value);
        return name.length > 0 && [...name].length <= maxNicknameLength && name.trim() === name;
      } catch {
        return false;
      }
    }
  }
}
