import { createContext, useContext, useSyncExternalStore } from "react";
import { HushlogProviderNotFoundError } from "../errors/reactErrors.ts";
import type { HushlogController, HushlogSnapshot } from "./HushlogController.ts";

export const HushlogContext = createContext<HushlogController | undefined>(undefined);

export function useHushlogController(): HushlogController {
  const controller = useContext(HushlogContext);
  if (!controller) throw new HushlogProviderNotFoundError();
  return controller;
}

/** The provider's state (phase, scope, client), re-rendering only when it changes. */
export function useHushlogSnapshot(): HushlogSnapshot {
  const controller = useHushlogController();
  return useSyncExternalStore(controller.subscribe, controller.getSnapshot, controller.getSnapshot);
}
