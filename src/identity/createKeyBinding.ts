import { bytesToHex, getAddress, isAddress, isHex, type Address, type Hex } from "viem";
import { InvalidAddressError, InvalidBindingSignatureError, InvalidKeyBindingError } from "../errors/identityErrors.ts";
import type { Identity } from "./Identity.ts";
import type { KeyBinding } from "./KeyBinding.ts";
import { keyBindingDomain } from "./keyBindingDomain.ts";
import { keyBindingTypes } from "./keyBindingTypes.ts";
import { normalizeDelegates } from "./normalizeDelegates.ts";

/** What `createKeyBinding` asks the wallet to sign: viem's `signTypedData` shape, so `walletClient.signTypedData` fits. */
export type SignKeyBindingTypedData = (args: {
  domain: ReturnType<typeof keyBindingDomain>;
  types: typeof keyBindingTypes;
  primaryType: "KeyBinding";
  message: { account: Address; x25519: Hex; ed25519: Hex; delegates: readonly Address[]; issuedAt: bigint };
}) => Promise<Hex>;

export type CreateKeyBindingParameters = {
  /** EIP-712 signature by `identity.account` (EOA key, or the smart account's signer: ERC-1271 / ERC-6492 bytes). */
  signTypedData: SignKeyBindingTypedData;
  chainId: number;
  /** The Hushlog contract the binding is for. */
  contract: Address;
  /** Addresses that may submit for the account; de-duplicated and checksummed here. */
  delegates?: readonly Address[];
  /** Unix seconds; defaults to now. */
  issuedAt?: bigint;
};

const maxUint64 = (1n << 64n) - 1n;

/**
 * Asks the account to sign, as EIP-712 typed data, that `identity`'s public keys are its Hushlog keys on this
 * chain and contract and that `delegates` may submit for it. The result travels in handshakes and responses;
 * receivers check it with `verifyKeyBinding`.
 */
export async function createKeyBinding(
  identity: Identity,
  { signTypedData, chainId, contract, delegates, issuedAt }: CreateKeyBindingParameters,
): Promise<KeyBinding> {
  if (!Number.isSafeInteger(chainId) || chainId <= 0) throw new InvalidKeyBindingError("chainId must be a positive integer");
  if (!isAddress(contract, { strict: false })) throw new InvalidAddressError({ field: "contract" });
  const when = issuedAt ?? BigInt(Math.floor(Date.now() / 1000));
  if (typeof when !== "bigint" || when < 0n || when > maxUint64) throw new InvalidKeyBindingError("issuedAt must fit uint64");

  const account = getAddress(identity.account);
  const message = {
    account,
    x25519: bytesToHex(identity.x25519.publicKey),
    ed25519: bytesToHex(identity.ed25519.publicKey),
    delegates: normalizeDelegates(account, delegates),
    issuedAt: when,
  };
  const domain = keyBindingDomain({ chainId, contract: getAddress(contract) });
  const signature = await signTypedData({ domain, types: keyBindingTypes, primaryType: "KeyBinding", message });
  if (typeof signature !== "string" || !isHex(signature, { strict: true }) || signature.length <= 2 || signature.length % 2) {
    throw new InvalidBindingSignatureError();
  }
  return { ...message, chainId, contract: domain.verifyingContract, signature };
}
