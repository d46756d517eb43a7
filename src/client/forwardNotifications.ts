import type { ClientContext } from "./ClientContext.ts";

/**
 * What an app turns into a notification: an incoming message whose sender the user has not muted (mutes follow the
 * account across its devices through app-state sync). Registered when the client is made, before any message.
 */
export function forwardNotifications(ctx: Pick<ClientContext, "emitter" | "contacts">): void {
  ctx.emitter.on("message", (view) => {
    if (view.direction === "in" && !ctx.contacts.isMuted(view.sender)) ctx.emitter.emit("notification", view);
  });
}
