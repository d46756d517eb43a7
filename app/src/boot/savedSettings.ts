import type { SettingsInput } from "./AppSettings.ts";

const key = "hushlog.settings";

/** Settings the person saved on the settings screen (public values only: URLs, an address, numbers). */
export function readSavedSettings(): SettingsInput {
  try {
    const value = JSON.parse(localStorage.getItem(key) ?? "{}") as unknown;
    return value && typeof value === "object" ? (value as SettingsInput) : {};
  } catch {
    return {};
  }
}

export function writeSavedSettings(input: SettingsInput): void {
  localStorage.setItem(key, JSON.stringify(input));
}

export function clearSavedSettings(): void {
  localStorage.removeItem(key);
}
