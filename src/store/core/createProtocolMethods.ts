import { constantTimeEqual } from "../../crypto/bytes.ts";
import type { AliasMappingEntry, ContactTokenEntry, DeviceListRecord, ProtocolStore } from "../ProtocolStore.ts";
import type { FaceContext } from "./FaceContext.ts";
import { compositeKey, normalizeId } from "./recordKeys.ts";
import { recordTable } from "./recordTable.ts";

type SenderKeyDeviceRecord = { group: string; device: string; hasKey: boolean };
type ContactTokenRecord = ContactTokenEntry & { address: string };
type SentMessageRecord = { payload: Uint8Array; createdAt: number };

const senderKeyDevices = recordTable<SenderKeyDeviceRecord>("senderKeyDevices", (d) => ({ group: normalizeId(d.group) }));
const aliases = recordTable<AliasMappingEntry>("aliases", (a) => ({ address: normalizeId(a.address) }));
const baseKeys = recordTable<{ baseKey: Uint8Array }>("baseKeys");
const deviceLists = recordTable<DeviceListRecord>("deviceLists");
const contactTokens = recordTable<ContactTokenRecord>("contactTokens", (t) => ({ tokenTimestamp: t.tokenTimestamp }));
const sentMessages = recordTable<SentMessageRecord>("sentMessages", (m) => ({ createdAt: m.createdAt }));

export function createProtocolMethods({ run, now }: FaceContext): ProtocolStore {
  return {
    getSenderKeyDevices: (group) =>
      run("r", async (tx) =>
        (await senderKeyDevices.records(tx, { index: "group", equals: normalizeId(group) }))
          .sort((a, b) => (a.device < b.device ? -1 : a.device > b.device ? 1 : 0))
          .map((d) => [d.device, d.hasKey] as [string, boolean]),
      ),
    setSenderKeyStatus: (group, entries) =>
      run("rw", (tx) =>
        senderKeyDevices.putMany(tx, entries.map(([device, hasKey]) => [compositeKey(group, device), { group, device, hasKey }] as const)),
      ),
    clearSenderKeyDevices: (group) =>
      run("rw", async (tx) => void (await senderKeyDevices.deleteWhere(tx, { index: "group", equals: normalizeId(group) }))),

    getAliasMapping: (alias) => run("r", (tx) => aliases.get(tx, normalizeId(alias))),
    getAddressMapping: (address) =>
      run("r", async (tx) => {
        let latest: AliasMappingEntry | null = null;
        for (const a of await aliases.records(tx, { index: "address", equals: normalizeId(address) })) {
          if (!latest || a.updatedAt > latest.updatedAt) latest = a;
        }
        return latest;
      }),
    putAliasMapping: (entry) =>
      run("rw", async (tx) => {
        const key = normalizeId(entry.alias);
        const stored = await aliases.get(tx, key);
        const { alias, address, createdAt, updatedAt, source } = entry;
        await aliases.put(tx, key, { alias, address, createdAt: stored?.createdAt ?? createdAt, updatedAt, source });
      }),
    getAllAliasMappings: () => run("r", (tx) => aliases.records(tx)),

    saveBaseKey: (address, messageId, baseKey) => run("rw", (tx) => baseKeys.put(tx, compositeKey(address, messageId), { baseKey })),
    hasSameBaseKey: (address, messageId, currentBaseKey) =>
      run("r", async (tx) => {
        const stored = await baseKeys.get(tx, compositeKey(address, messageId));
        return stored !== null && constantTimeEqual(stored.baseKey, currentBaseKey);
      }),
    deleteBaseKey: (address, messageId) => run("rw", async (tx) => void (await baseKeys.delete(tx, [compositeKey(address, messageId)]))),

    updateDeviceList: (record) => run("rw", (tx) => deviceLists.put(tx, normalizeId(record.user), pickDeviceList(record))),
    updateDeviceLists: (records) =>
      run("rw", (tx) => deviceLists.putMany(tx, records.map((r) => [normalizeId(r.user), pickDeviceList(r)] as const))),
    getDevices: (user) => run("r", (tx) => deviceLists.get(tx, normalizeId(user))),

    getContactToken: (address) =>
      run("r", async (tx) => {
        const stored = await contactTokens.get(tx, normalizeId(address));
        return stored ? { token: stored.token, tokenTimestamp: stored.tokenTimestamp, senderTimestamp: stored.senderTimestamp } : null;
      }),
    putContactToken: (address, { token, tokenTimestamp, senderTimestamp }) =>
      run("rw", (tx) => contactTokens.put(tx, normalizeId(address), { address, token, tokenTimestamp, senderTimestamp })),
    deleteContactToken: (address) => run("rw", async (tx) => void (await contactTokens.delete(tx, [normalizeId(address)]))),
    getAllContactTokenAddresses: () => run("r", async (tx) => (await contactTokens.query(tx)).map(({ key }) => key)),
    deleteExpiredContactTokens: (cutoff) =>
      run("rw", (tx) => contactTokens.deleteWhere(tx, { index: "tokenTimestamp", upper: cutoff, upperOpen: true })),

    storeSentMessage: (chat, messageId, payload) =>
      run("rw", (tx) => sentMessages.put(tx, compositeKey(chat, messageId), { payload, createdAt: Math.floor(now() / 1000) })),
    takeSentMessage: (chat, messageId) =>
      run("rw", async (tx) => {
        const key = compositeKey(chat, messageId);
        const stored = await sentMessages.get(tx, key);
        if (stored) await sentMessages.delete(tx, [key]);
        return stored?.payload ?? null;
      }),
    deleteExpiredSentMessages: (cutoff) => run("rw", (tx) => sentMessages.deleteWhere(tx, { index: "createdAt", upper: cutoff, upperOpen: true })),
  };
}

function pickDeviceList({ user, devices, timestamp, phash, rawId }: DeviceListRecord): DeviceListRecord {
  return { user, devices: devices.map(({ deviceId, keyIndex }) => ({ deviceId, keyIndex })), timestamp, phash, rawId };
}
