import { useCallback, useMemo } from "react";
import type { Address } from "viem";
import { HushlogNotReadyError } from "../errors/reactErrors.ts";
import type { KeyBinding } from "../identity/KeyBinding.ts";
import { useHushlogController, useHushlogSnapshot } from "./HushlogContext.ts";
import type { HushlogSnapshot } from "./HushlogController.ts";

/** The unlocked identity's public side (secrets never leave the provider). */
export type HushlogIdentityData = {
  account: Address;
  chainId: number;
  contract: Address;
  /** The signed key binding peers receive; `binding.x25519`/`binding.ed25519` are the identity public keys. */
  binding: KeyBinding;
  /** Derived on this device during this visit (first use), rather than loaded from the store. */
  created: boolean;
};

export type UseHushlogIdentityReturnType = {
  data: HushlogIdentityData | undefined;
  error: Error | null;
  /** "idle": locked (or no wallet); "pending": unlocking; "success": unlocked, the client runs; "error": unlock failed. */
  status: "idle" | "pending" | "success" | "error";
  isIdle: boolean;
  isPending: boolean;
  isSuccess: boolean;
  isError: boolean;
  /** A wallet account is connected. */
  isConnected: boolean;
  /**
   * Opens the store and loads the identity, or on first use derives it (one seed signature) and signs the key
   * binding for this chain (one typed-data signature); both are stored, so later visits prompt for nothing but
   * what the store factory asks. Errors land in `error`.
   */
  unlock: () => void;
  /**
   * `fund`: when this unlock links the browser (a new binding), wei the wallet sends to its new sending key right after
   * the binding signature (one transaction), so nothing after it, not even the binding's publication, prompts.
   */
  unlockAsync: (options?: { fund?: bigint }) => Promise<HushlogIdentityData>;
  /** Explicitly derives the identity again; replaces the stored one only if it differs (non-deterministic signers). */
  rederive: () => void;
  rederiveAsync: () => Promise<HushlogIdentityData>;
  /** Stops the client, wipes the identity from memory and closes the store. */
  lock: () => Promise<void>;
};

function toData(snapshot: HushlogSnapshot): HushlogIdentityData | undefined {
  if (snapshot.phase !== "ready" || !snapshot.scope || !snapshot.binding) return undefined;
  return {
    account: snapshot.scope.account,
    chainId: snapshot.scope.chainId,
    contract: snapshot.scope.contract,
    binding: snapshot.binding,
    created: snapshot.created,
  };
}

const statusOf = { disconnected: "idle", locked: "idle", unlocking: "pending", ready: "success", error: "error" } as const;

/** Create or unlock the connected account's Hushlog identity. */
export function useHushlogIdentity(): UseHushlogIdentityReturnType {
  const controller = useHushlogController();
  const snapshot = useHushlogSnapshot();
  const data = useMemo(() => toData(snapshot), [snapshot]);

  const settle = useCallback(
    (run: () => Promise<void>) => async () => {
      await run();
      const ready = toData(controller.getSnapshot());
      if (!ready) throw new HushlogNotReadyError();
      return ready;
    },
    [controller],
  );
  const unlockAsync = useCallback((options?: { fund?: bigint }) => settle(() => controller.unlock(options))(), [controller, settle]);
  const rederiveAsync = useMemo(() => settle(() => controller.rederive()), [controller, settle]);
  const unlock = useCallback(() => void unlockAsync().catch(() => {}), [unlockAsync]);
  const rederive = useCallback(() => void rederiveAsync().catch(() => {}), [rederiveAsync]);
  const lock = useCallback(() => controller.lock(), [controller]);

  const status = statusOf[snapshot.phase];
  return {
    data,
    error: snapshot.phase === "error" ? snapshot.error : null,
    status,
    isIdle: status === "idle",
    isPending: status === "pending",
    isSuccess: status === "success",
    isError: status === "error",
    isConnected: snapshot.account !== undefined,
    unlock,
    unlockAsync,
    rederive,
    rederiveAsync,
    lock,
  };
}
