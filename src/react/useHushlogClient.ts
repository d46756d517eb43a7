import type { HushlogClient } from "../client/HushlogClient.ts";
import { useHushlogSnapshot } from "./HushlogContext.ts";
import type { HushlogScope } from "./queryKeys.ts";

/** The running client (undefined until the identity is unlocked) and its scope, for anything the hooks do not cover. */
export function useHushlogClient(): { client: HushlogClient | undefined; scope: HushlogScope | undefined } {
  const { client, scope } = useHushlogSnapshot();
  return { client, scope };
}
