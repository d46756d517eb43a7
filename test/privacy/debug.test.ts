import { it } from "vitest";
import { publicLogs } from "./observerViews.ts";
import { runPrivacyScript } from "./privacyRun.ts";
it("dbg", async () => {
  const run = await runPrivacyScript();
  const logs = await publicLogs(run);
  const names = new Map([...run.users.values()].flatMap((u) => [[u.account, u.name], [u.signer, u.name + "(o)"]]));
  const bob = run.user("bob").account;
  const end = Math.max(...logs.filter((l) => l.event === "Message" && l.sender === bob).map((l) => Number(l.blockNumber)));
  const tx = new Map<string, string[]>();
  for (const l of logs) if (Number(l.blockNumber) >= end - 2) { const k = `${l.blockNumber} ${l.transactionHash.slice(0, 8)} ${names.get(l.sender)}`; tx.set(k, [...(tx.get(k) ?? []), `${l.event[0]}${l.payload.length}`]); }
  for (const [k, v] of tx) console.log(k, v.join(" "));
  for (const u of run.users.values()) for (const r of u.rpc) if (r.method === "eth_getLogs") { const t = (r.params as any)[0].topics; if (t?.[2]) console.log(u.name, JSON.stringify(t).slice(0, 300)); }
}, 600_000);
