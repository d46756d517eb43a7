/** A label of ASCII lowercase letters, digits, hyphens and a leading underscore, without "--" at the 3rd and 4th positions. */
const label = /^_*[a-z0-9-]+$/;

/**
 * Whether the app shows a reverse record's name: only names in ASCII letters, digits and hyphens, which ENSIP-15
 * normalization leaves unchanged (so the name shown is the name that was verified, and cannot be a look-alike).
 * Names with other characters (emoji, other scripts) need the full normaliser (viem's normalize, tens of kB of
 * Unicode data) that the app's bundle budget does not carry: they are not shown, the address is.
 */
export function isDisplayableEnsName(name: string): boolean {
  if (name.length === 0 || name.length > 255) return false;
  const labels = name.split(".");
  if (labels.length < 2) return false;
  return labels.every((l) => label.test(l) && l.slice(2, 4) !== "--");
}
