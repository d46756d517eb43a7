import { createContext } from "react";
import type { EnsResolver } from "./EnsResolver.ts";

/** The app's ENS resolver; null while it is being set up and where there is no ENS (names are then never shown). */
export const EnsResolverContext = createContext<EnsResolver | null>(null);
