import type { AppSyncStore } from "./AppSyncStore.ts";
import type { DeviceStore } from "./DeviceStore.ts";
import type { MsgSecretStore } from "./MsgSecretStore.ts";
import type { ProtocolStore } from "./ProtocolStore.ts";
import type { SignalStore } from "./SignalStore.ts";

/** The WhatsApp-style storage face: the five domain stores in one object. */
export type Backend = SignalStore & AppSyncStore & ProtocolStore & MsgSecretStore & DeviceStore;
