import { appSyncConformance } from "./appSyncConformance.ts";
import { messageConformance } from "./messageConformance.ts";
import { pendingConformance } from "./pendingConformance.ts";
import { persistenceConformance } from "./persistenceConformance.ts";
import { protocolConformance } from "./protocolConformance.ts";
import { secretDeviceCacheConformance } from "./secretDeviceCacheConformance.ts";
import { sessionConformance } from "./sessionConformance.ts";
import { signalConformance } from "./signalConformance.ts";
import type { HarnessFactory } from "./StoreHarness.ts";
import { transactionConformance } from "./transactionConformance.ts";

/** Every store test, for one backend. No backend skips any. */
export function runConformanceSuite(factory: HarnessFactory): void {
  sessionConformance(factory);
  messageConformance(factory);
  pendingConformance(factory);
  signalConformance(factory);
  appSyncConformance(factory);
  protocolConformance(factory);
  secretDeviceCacheConformance(factory);
  transactionConformance(factory);
  persistenceConformance(factory);
}
