import type { Hex } from "viem";
import type { HushlogClient, SyncProgress } from "../../index.ts";
import { positiveInteger } from "../config.ts";
import type { CommandContext } from "../context.ts";
import { describeError } from "../errors.ts";
import {
  formatBindingEvent,
  formatKeyChange,
  formatMessage,
  formatPending,
  formatRequest,
  handshakeJson,
  jsonLine,
  messageJson,
  pendingJson,
  progressBar,
  rejectedJson,
} from "../output.ts";
import { conversationLookup } from "../conversationLookup.ts";
import { formatGroupEvent, groupEventJson } from "../groupOutput.ts";
import { groupLabel } from "../resolveGroup.ts";
import { withClient } from "./account.ts";

export async function sync(ctx: CommandContext): Promise<void> {
  await withClient(ctx, {}, async ({ client }) => {
    const draw = ctx.io.stderrIsTTY && !ctx.json;
    let last = 0;
    const onProgress = (p: SyncProgress) => {
      if (!draw || (!p.done && Date.now() - last < 100)) return;
      last = Date.now();
      const blocks = p.toBlock - p.fromBlock + 1n;
      const done = p.currentBlock - p.fromBlock + 1n;
      process.stderr.write(`\r${progressBar(done, blocks)}  block ${p.currentBlock}/${p.toBlock}  ${p.messages} message${p.messages === 1 ? "" : "s"}  `);
    };
    // Joining or leaving a group is news a member only learns by syncing: say so.
    const joined: Hex[] = [];
    const left: Hex[] = [];
    client.on("group", (e) => {
      if (e.type === "joined") joined.push(e.groupId);
      if (e.type === "removed") left.push(e.groupId);
    });
    // What the pass stored, counted from the client's events: the sync result counts ratchet messages only, not
    // the first message of a prekey first contact nor a reply note, which also arrive as new, unread messages.
    const received = new Set<string>();
    const established: { conversationId: Hex; peer: string; note: string | null }[] = [];
    client.on("message", (m) => void (m.direction === "in" && received.add(m.id)));
    client.on("handshake", (e) => {
      if (e.type === "established") established.push({ conversationId: e.conversationId, peer: e.peer.account, note: e.note });
    });
    // Identity key changes and binding changes are warnings the user must see, whatever else arrived.
    const warnings: { json: unknown; text: string }[] = [];
    client.on("keyChange", (e) => warnings.push({ json: { type: "keyChange", ...e }, text: formatKeyChange(e) }));
    client.on("binding", (e) => {
      const text = formatBindingEvent(e);
      if (text) warnings.push({ json: { ...e, type: "binding", event: e.type }, text });
    });
    const result = await client.sync({ onProgress });
    if (draw) process.stderr.write("\n");
    const requests = (await client.requests("pending")).length;
    // Our own settings for the other devices: one transaction, only when asked (it costs gas).
    const pushed = ctx.flags.push === true ? await client.appState.push() : null;
    const settings = await client.appState.status();
    const appState = { version: settings.version, pendingChanges: settings.pendingChanges, pushed: pushed && { mutations: pushed.mutations, rotated: pushed.rotated } };
    if (ctx.json) {
      for (const warning of warnings) ctx.io.out(jsonLine(warning.json));
      return ctx.io.out(
        jsonLine({ type: "sync", ...result, newMessages: received.size, established, pendingRequests: requests, joinedGroups: joined, removedFromGroups: left, appState }),
      );
    }
    for (const warning of warnings) ctx.io.out(warning.text);
    const range = result.fromBlock > result.toBlock ? `already at block ${result.toBlock}` : `blocks ${result.fromBlock}–${result.toBlock}`;
    const news = [
      `${received.size} new message${received.size === 1 ? "" : "s"}${received.size ? " (`hushlog read`)" : ""}`,
      ...established.map((e) => `conversation with ${e.peer} established${e.note ? `, their note: “${e.note}”` : ""}`),
      requests ? `${requests} pending request${requests === 1 ? "" : "s"} (\`hushlog requests\`)` : "",
      ...(await client.groups()).flatMap((g) => [
        joined.includes(g.groupId) ? `joined group ${groupLabel(g)} (\`hushlog group read ${g.groupId}\`)` : "",
        left.includes(g.groupId) ? `removed from group ${groupLabel(g)}` : "",
      ]),
    ];
    ctx.io.out(`Synced (${range}): ${news.filter(Boolean).join(", ")}.`);
    if (pushed) ctx.io.out(`Sent ${pushed.mutations} setting change${pushed.mutations === 1 ? "" : "s"} to your other devices (one transaction${pushed.rotated ? ", with a new sync key for the current device list" : ""}).`);
    else if (settings.pendingChanges > 0 && client.binding().devices.length > 1) ctx.io.out(`${settings.pendingChanges} setting change${settings.pendingChanges === 1 ? "" : "s"} not on your other devices yet (\`hushlog sync --push\`).`);
  });
}

export async function status(ctx: CommandContext): Promise<void> {
  const offline = ctx.flags.offline === true;
  await withClient(ctx, { offline }, async ({ client }) => {
    if (!offline) await client.sync();
    const pending = await client.pendingTransactions();
    if (ctx.json) {
      for (const p of pending) ctx.io.out(jsonLine(pendingJson(p)));
      return;
    }
    // Confirmed records are only watched until final (a deep reorg would re-send them): not worth a line each.
    const open = pending.filter((p) => p.status !== "confirmed");
    if (pending.length === 0) return ctx.io.out("No pending transactions: everything sent is final.");
    if (open.length === 0) return ctx.io.out(`Everything sent is confirmed; ${pending.length} awaiting finality.`);
    for (const p of open) ctx.io.out(formatPending(p));
  });
}

/**
 * Syncs every `--interval` ms and prints what happens. A pass that fails (RPC down, another process moved a
 * session on) is reported on stderr and retried with a fresh client; SIGINT/SIGTERM stop it cleanly (exit 0).
 */
export async function watch(ctx: CommandContext): Promise<void> {
  const interval = ctx.flags.interval === undefined ? 1_000 : positiveInteger(ctx.flags.interval as string, "--interval");
  await withClient(ctx, {}, async (session) => {
    let client: HushlogClient = session.client;
    const lookup = conversationLookup(() => client);
    // One queue, so lines come out in event order even when one needs a lookup first.
    let printing: Promise<void> = Promise.resolve();
    const print = (line: () => Promise<string> | string) => {
      printing = printing.then(async () => ctx.io.out(await line())).catch((error) => ctx.io.err(`hushlog: watch: ${describeError(error).message}`));
    };
    const out = (value: unknown, text: () => string) => print(() => (ctx.json ? jsonLine(value) : text()));
    const attach = (c: HushlogClient) => {
      c.on("message", (m) =>
        print(async () => {
          const owner = await lookup.owner(m.conversationId);
          if (ctx.json) return jsonLine(messageJson(m, owner));
          return owner.group ? `[${owner.group.name || owner.group.groupId.slice(0, 10)}] ${formatMessage(m)}` : formatMessage(m, owner.peer);
        }),
      );
      c.on("group", (e) =>
        print(async () => {
          const name = e.type === "joined" ? e.membership.name : await lookup.groupName(e.groupId);
          return ctx.json ? jsonLine(groupEventJson(e, name)) : formatGroupEvent(e, name);
        }),
      );
      c.on("status", (s) => out({ type: "status", ...s }, () => `  status ${s.id.slice(0, 10)}… → ${s.status}`));
      c.on("handshake", (e) =>
        out(handshakeJson(e), () =>
          e.type === "request"
            ? `Handshake request: ${formatRequest(e.request)}\n    accept with: hushlog accept ${e.request.id}`
            : e.type === "established"
              ? `Conversation with ${e.peer.account} established${e.note ? ` (note: ${e.note})` : ""}.`
              : `Declined ${e.requestId}.`,
        ),
      );
      c.on("keyChange", (e) => out({ type: "keyChange", ...e }, () => formatKeyChange(e)));
      c.on("binding", (e) => {
        const text = formatBindingEvent(e);
        if (text) out({ ...e, type: "binding", event: e.type }, () => text);
      });
      c.on("pending", (p) => out(pendingJson(p), () => `  tx ${formatPending(p)}`));
      c.on("rejected", (r) => out(rejectedJson(r), () => `  ignored a log in ${r.transactionHash}: ${r.reason}`));
    };
    attach(client);

    let stopped = false;
    let wake: () => void = () => {};
    const stop = () => {
      stopped = true;
      wake();
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    process.once("SIGHUP", stop);
    const orphaned = watchParent(stop);
    if (!ctx.json) ctx.io.err(`Watching ${session.account} on chain ${session.network.chainId} (Ctrl-C to stop).`);

    let ready = false;
    let failing = false;
    try {
      while (!stopped) {
        try {
          const result = await client.sync();
          if (failing) ctx.io.err("hushlog: watch: syncing again");
          failing = false;
          if (!ready) {
            ready = true;
            if (ctx.json) out({ type: "ready", account: session.account, block: result.toBlock }, () => "");
          }
        } catch (error) {
          // Another process (a `send`, a `group send`) moved a session or a group on: expected, reload quietly.
          // Anything else is reported once.
          const code = (error as { code?: string }).code;
          const conflict = code === "STORE_CONFLICT" || code === "GROUP_STATE_CONFLICT";
          if (!failing && !conflict) ctx.io.err(`hushlog: watch: ${describeError(error).message} (retrying)`);
          failing ||= !conflict;
          // A session moved on by another process (or any failed pass): start over from the store.
          await client.close().catch(() => {});
          client = session.newClient();
          attach(client);
        }
        if (!stopped) await new Promise<void>((resolve) => ((wake = resolve), setTimeout(resolve, interval)));
      }
    } finally {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      process.off("SIGHUP", stop);
      clearInterval(orphaned);
      if (client !== session.client) await client.close().catch(() => {});
      await printing;
    }
  });
}

/**
 * Calls `stop` once the process that started us is gone. `npx hushlog watch` runs us under npm and a shell;
 * killing npx's PID (what `kill $!`, a supervisor or a CI step does) ends npm but not its grandchild, which would
 * sync on forever with nobody reading its output. An orphan is re-parented (to init or a subreaper): a changed
 * parent PID means that whoever ran us has ended. Checked every second, without keeping the process alive.
 */
function watchParent(stop: () => void): NodeJS.Timeout {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== parent) stop();
  }, 1_000);
  timer.unref();
  return timer;
}
