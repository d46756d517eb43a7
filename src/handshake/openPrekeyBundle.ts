import { getAddress, hexToBytes, isAddressEqual, type Address } from "viem";
import { ed25519Verify } from "../crypto/ed25519.ts";
import { sha256 } from "../crypto/kdf.ts";
import { PrekeyBundleAccountError, PrekeyBundleSignatureError } from "../errors/prekeyErrors.ts";
import { decodePrekeyBundle } from "../wire/prekeyBundleCodec.ts";
import { deviceOf } from "../identity/deviceOf.ts";
import type { PrekeyBundle } from "./PrekeyBundle.ts";
import { prekeyBundleSignedBytes } from "./prekeyKdf.ts";

/**
 * Parses and checks a `Prekeys` log's bundle: well formed for this deployment, for the account the log is indexed
 * under (`PrekeyBundleAccountError` otherwise), and signed by the Ed25519 key of its binding
 * (`PrekeyBundleSignatureError`). The binding's own signature by the account is checked separately.
 *
 * Who posted the log does not matter: anyone may post a record under any account (a delegate or a device does so for
 * a smart account); only the signatures make it the account's.
 */
export async function openPrekeyBundle(
  bytes: Uint8Array,
  log: { account: Address; chainId: number; contract: Address },
): Promise<PrekeyBundle> {
  const decoded = decodePrekeyBundle(bytes, log);
  const account = getAddress(log.account);
  if (!isAddressEqual(decoded.owner.binding.account, account)) {
    throw new PrekeyBundleAccountError({ publisher: account, named: decoded.owner.binding.account });
  }
  const signed = prekeyBundleSignedBytes(log.chainId, log.contract, decoded.signed);
  if (!(await ed25519Verify(hexToBytes(deviceOf(decoded.owner).ed25519), signed, decoded.signature))) {
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
    owner: decoded.owner,
    bytes: bytes.slice(),
    hash: sha256(bytes),
  };
}
