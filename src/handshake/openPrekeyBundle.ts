import { getAddress, hexToBytes, isAddressEqual, type Address } from "viem";
import { ed25519Verify } from "../crypto/ed25519.ts";
import { sha256 } from "../crypto/kdf.ts";
import { PrekeyBundleAccountError, PrekeyBundleSignatureError } from "../errors/prekeyErrors.ts";
import { decodePrekeyBundle } from "../wire/prekeyBundleCodec.ts";
import type { PrekeyBundle } from "./PrekeyBundle.ts";
import { prekeyBundleSignedBytes } from "./prekeyKdf.ts";

/**
 * Parses and checks a `Prekeys` log's bundle: well formed for this deployment, naming the account that published
 * it (`PrekeyBundleAccountError` for a bundle re-published by someone else), and signed by the Ed25519 key of its
 * binding (`PrekeyBundleSignatureError`). The binding's EIP-712 signature is checked separately (RPC).
 *
 * The publisher is authentic without any signature: `Prekeys` logs carry `msg.sender`, so only the account itself
 * (an EOA or the smart account's own call) can publish under its address, and no delegate can.
 */
export async function openPrekeyBundle(
  bytes: Uint8Array,
  log: { account: Address; chainId: number; contract: Address },
): Promise<PrekeyBundle> {
  const decoded = decodePrekeyBundle(bytes, log);
  const account = getAddress(log.account);
  if (!isAddressEqual(decoded.binding.account, account)) {
    throw new PrekeyBundleAccountError({ publisher: account, named: decoded.binding.account });
  }
  const signed = prekeyBundleSignedBytes(log.chainId, log.contract, decoded.signed);
  if (!(await ed25519Verify(hexToBytes(decoded.binding.ed25519), signed, decoded.signature))) {
    throw new PrekeyBundleSignatureError(account);
  }
  return {
    account,
    chainId: log.chainId,
    contract: getAddress(log.contract),
    prekeyId: decoded.prekeyId,
    createdAt: decoded.createdAt,
    signedPrekey: decoded.signedPrekey,
    kemPublicKey: decoded.kemPublicKey,
    binding: decoded.binding,
    bytes: bytes.slice(),
    hash: sha256(bytes),
  };
}
