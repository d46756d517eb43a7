import type { SignalStore } from "../SignalStore.ts";
import type { FaceContext } from "./FaceContext.ts";
import { normalizeId } from "./recordKeys.ts";
import { recordTable } from "./recordTable.ts";

type SenderKeyRecord = { record: Uint8Array };
const senderKeys = recordTable<SenderKeyRecord>("senderKeys");

type SenderKeyMethods = Pick<SignalStore, "putSenderKey" | "getSenderKey" | "deleteSenderKey">;

export function createSenderKeyMethods({ run }: FaceContext): SenderKeyMethods {
  return {
    putSenderKey: (address, record) => run("rw", (tx) => senderKeys.put(tx, normalizeId(address), { record })),
    getSenderKey: (address) => run("r", async (tx) => (await senderKeys.get(tx, normalizeId(address)))?.record ?? null),
    deleteSenderKey: (address) => run("rw", async (tx) => void (await senderKeys.delete(tx, [normalizeId(address)]))),
  };
}
