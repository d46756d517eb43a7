import { getAddress } from "viem";
import { describe, expect, it } from "vitest";
import { StoreConflictError } from "../../../src/errors/storeErrors.ts";
import { bob, bytes, hash, sessionRecord } from "./records.ts";
import type { HarnessFactory } from "./StoreHarness.ts";
import { useStores } from "./useStores.ts";

export function sessionConformance(factory: HarnessFactory): void {
  describe("sessions (Verbeth face)", () => {
    const t = useStores(factory);

    it("saves, gets, lists and deletes; unknown ids are null", async () => {
      const record = sessionRecord();
      await t.store.sessions.save(record);
      expect(await t.store.sessions.get(record.conversationId)).toEqual(record);
      expect(await t.store.sessions.get(hash("unknown"))).toBeNull();
      const other = sessionRecord({ conversationId: hash("conversation 2"), inboundTopics: [hash("other topic")] });
      await t.store.sessions.save(other);
      expect((await t.store.sessions.list()).map((s) => s.conversationId).sort()).toEqual([record.conversationId, other.conversationId].sort());
      await t.store.sessions.delete(record.conversationId);
      expect(await t.store.sessions.get(record.conversationId)).toBeNull();
      expect(await t.store.sessions.list()).toEqual([other]);
    });

    it("finds a session by any of its inbound topics, case-insensitively, and forgets dropped topics", async () => {
      const record = sessionRecord();
      await t.store.sessions.save(record);
      expect(await t.store.sessions.getByInboundTopic(record.inboundTopics[0]!)).toEqual(record);
      expect(await t.store.sessions.getByInboundTopic(record.inboundTopics[1]!.toUpperCase().replace("0X", "0x") as `0x${string}`)).toEqual(record);
      expect(await t.store.sessions.getByInboundTopic(hash("no such topic"))).toBeNull();
      const rotated = { ...record, inboundTopics: [record.inboundTopics[1]!, hash("topic after next")], version: 2 };
      await t.store.sessions.save(rotated);
      expect(await t.store.sessions.getByInboundTopic(record.inboundTopics[0]!)).toBeNull();
      expect(await t.store.sessions.getByInboundTopic(hash("topic after next"))).toEqual(rotated);
    });

    it("accepts only the next version and changes nothing on a conflict", async () => {
      const v1 = sessionRecord();
      await expect(t.store.sessions.save({ ...v1, version: 2 })).rejects.toBeInstanceOf(StoreConflictError);
      expect(await t.store.sessions.get(v1.conversationId)).toBeNull();
      await t.store.sessions.save(v1);
      const again = await t.store.sessions.save({ ...v1, state: bytes("other state") }).catch((e: unknown) => e);
      expect(again).toBeInstanceOf(StoreConflictError);
      expect(again).toMatchObject({ code: "STORE_CONFLICT", expectedVersion: 0, actualVersion: 1 });
      await expect(t.store.sessions.save({ ...v1, version: 3 })).rejects.toBeInstanceOf(StoreConflictError);
      expect(await t.store.sessions.get(v1.conversationId)).toEqual(v1);
      const v2 = { ...v1, state: bytes("state 2", 1500), version: 2 };
      await t.store.sessions.save(v2);
      expect(await t.store.sessions.get(v1.conversationId)).toEqual(v2);
    });

    it("lets exactly one of two connections advance a session from the same version", async () => {
      await t.store.sessions.save(sessionRecord());
      const second = await t.open();
      const results = await Promise.allSettled(
        [t.store, second, t.store, second].map((s, i) => s.sessions.save(sessionRecord({ version: 2, state: bytes(`writer ${i}`, 1500) }))),
      );
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      for (const r of results) if (r.status === "rejected") expect(r.reason).toBeInstanceOf(StoreConflictError);
      expect((await second.sessions.get(hash("conversation 1")))?.version).toBe(2);
    });

    it("copies records in and out: callers cannot change what is stored", async () => {
      const record = sessionRecord();
      await t.store.sessions.save(record);
      record.state.fill(0);
      record.inboundTopics.push(hash("sneaky"));
      const loaded = (await t.store.sessions.get(record.conversationId))!;
      expect(loaded.state).toEqual(bytes("ratchet state", 1500));
      loaded.state.fill(1);
      expect((await t.store.sessions.get(record.conversationId))!.state).toEqual(bytes("ratchet state", 1500));
      expect(await t.store.sessions.getByInboundTopic(hash("sneaky"))).toBeNull();
    });
  });

  describe("sessions (Signal face over the same records)", () => {
    const t = useStores(factory);

    it("reads and writes the state of the session whose peer is the address", async () => {
      const record = sessionRecord();
      await t.store.sessions.save(record);
      expect(await t.store.getSession(bob)).toEqual(record.state);
      expect(await t.store.getSession(getAddress(bob))).toEqual(record.state); // checksummed form
      expect(await t.store.hasSession(bob)).toBe(true);
      await t.store.putSession(bob, bytes("signal state", 1500));
      const updated = (await t.store.sessions.get(record.conversationId))!;
      expect(updated).toMatchObject({ state: bytes("signal state", 1500), version: 2, updatedAt: t.clock.now, inboundTopics: record.inboundTopics });
      // A Verbeth-face writer still holding version 1 must not overwrite what the Signal face wrote.
      await expect(t.store.sessions.save({ ...record, version: 2 })).rejects.toBeInstanceOf(StoreConflictError);
    });

    it("creates a session for an unknown address, visible through the Verbeth face", async () => {
      const peer = "0x00000000000000000000000000000000000000aa";
      expect(await t.store.getSession(peer)).toBeNull();
      expect(await t.store.hasSession(peer)).toBe(false);
      await t.store.putSession(peer, bytes("fresh", 64));
      const [created] = await t.store.sessions.list();
      expect(created).toMatchObject({ peer, inboundTopics: [], state: bytes("fresh", 64), version: 1 });
      await t.store.putSession(peer, bytes("second", 64));
      expect(await t.store.sessions.list()).toHaveLength(1);
      expect(await t.store.getSession(peer)).toEqual(bytes("second", 64));
    });

    it("returns the most recently updated of a peer's sessions and deletes them all", async () => {
      await t.store.sessions.save(sessionRecord({ updatedAt: 1 }));
      await t.store.sessions.save(sessionRecord({ conversationId: hash("reset"), state: bytes("newer", 1500), updatedAt: 2, inboundTopics: [] }));
      expect(await t.store.getSession(bob)).toEqual(bytes("newer", 1500));
      await t.store.deleteSession(bob);
      expect(await t.store.hasSession(bob)).toBe(false);
      expect(await t.store.sessions.list()).toEqual([]);
    });
  });
}
