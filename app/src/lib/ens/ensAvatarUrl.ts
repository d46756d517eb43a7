/** Largest data: URL avatar accepted (a record is stored on chain: bigger ones are unlikely and not worth decoding). */
const maxDataUrlLength = 64 * 1024;

/**
 * The image URL of an ENS `avatar` text record (ENSIP-12), or null when the app does not load it. Loaded: https://
 * and http:// URLs, and data:image/… URLs. Not loaded: NFT references (eip155:1/erc721:…, which need a call to the
 * NFT contract on its chain, its metadata, and an owner check) and ipfs:// or ipns:// (which need a gateway the app
 * would have to choose and trust).
 */
export function ensAvatarUrl(record: string | null | undefined): string | null {
  const value = record?.trim();
  if (!value) return null;
  if (/^https?:\/\/[^\s]+$/i.test(value)) {
    try {
      return new URL(value).href;
    } catch {
      return null;
    }
  }
  if (/^data:image\/[a-z0-9.+-]+[;,]/i.test(value) && value.length <= maxDataUrlLength) return value;
  return null;
}
