import { it } from "vitest";
import { runPrivacyScript } from "./privacyRun.ts";
it("dbg", async () => {
  const run = await runPrivacyScript();
  for (const u of run.users.values()) {
    for (const other of run.users.values()) {
      if (other === u) continue;
      const a = other.account.slice(2).toLowerCase();
      const hits = u.rpc.filter((r) => (JSON.stringify(r.params) ?? "").toLowerCase().includes(a) && r.method !== "eth_sendTransaction");
      if (hits.length) console.log(u.name, "->", other.name, hits.map((h) => `${h.seq}:${h.method}${h.method === "eth_getLogs" ? JSON.stringify((h.params as any)[0].topics).slice(0, 12) + "/" + ((h.params as any)[0].topics?.[1]?.length ?? "-") : ""}`).join(" "));
    }
  }
}, 600_000);
