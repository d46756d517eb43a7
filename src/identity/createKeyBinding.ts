import { bytesToHex, getAddress, isAddress, isHex, type Address, type Hex } from "viem";
import { BINDING_LIFETIME_SECONDS, MAX_BINDING_DEVICES, MAX_BINDING_LIFETIME_SECONDS } from "../constants.ts";
import { InvalidAddressError, InvalidBindingSignatureError, InvalidKeyBindingError } from "../errors/identityErrors.ts";
import type { Identity } from "./Identity.ts";
import type { BoundDevice, KeyBinding } from "./KeyBinding.ts";
import { keyBindingTypedData, type KeyBindingTypedData } from "./keyBindingTypedData.ts";
import { normalizeDelegates } from "./normalizeDelegates.ts";

/** What `createKeyBinding` asks the wallet to sign: viem's `signTypedData` shape, so `walletClient.signTypedData` fits. */
export type SignKeyBindingTypedData = (args: KeyBindingTypedData) => Promise<Hex>;

export type CreateKeyBindingParameters = {
  /** EIP-712 signature by `identity.account` (EOA key, or the smart account's signer: ERC-1271 / ERC-6492 bytes). */
  signTypedData: SignKeyBindingTypedData;
  chainId: number;
  /** The Hushlog contract the binding is for. */
  contract: Address;
  /**
   * Must exceed the sequence of the account's last published binding (`findCurrentBinding(...).nextSequence`): 1 for
   * an account's first binding. The newest valid binding on chain wins and revokes the others.
   */
  sequence: bigint;
  /** Unix seconds; default `now` + BINDING_LIFETIME_SECONDS. */
  expiresAt?: bigint;
  /**
   * The devices authorised. Default: this identity alone, sending from the account (or `sender`). A device list of
   * several comes from the devices feature; zero devices revokes everything.
   */
  devices?: readonly BoundDevice[];
  /** This identity's own sending key, when it submits from an address other than the account (default devices only). */
  sender?: Address | null;
  /** Addresses that may submit for the account (relayers); de-duplicated and checksummed here. */
  delegates?: readonly Address[];
  /** Unix seconds; default the local clock. */
  now?: number;
};

const maxUint64 = (1n << 64n) - 1n;

/**
 * Asks the account to sign, as EIP-712 typed data with a readable statement, that these devices may read and send
 * Hushlog messages as the account on this chain and contract until `expiresAt`. The result must be published
 * (`encodePackedCall({ kind: "binding", binding: encodeKeyBinding(b) })`, or `client.publishBinding()`) before peers
 * accept it, and it travels in handshakes, responses and prekey bundles.
 *
 * @example
 * const binding = await createKeyBinding(identity, {
 *   signTypedData: (typedData) => walletClient.signTypedData(typedData),
 *   chainId: 8453,
 *   contract: hushlogAddress,
 *   sequence: (await findCurrentBinding(publicClient, { account, chainId: 8453, contract: hushlogAddress, fromBlock })).nextSequence,
 * });
 */
export async function createKeyBinding(identity: Identity, parameters: CreateKeyBindingParameters): Promise<KeyBinding> {
  const { signTypedData, chainId, contract, sequence } = parameters;
  if (!Number.isSafeInteger(chainId) || chainId <= 0) throw new InvalidKeyBindingError("chainId must be a positive integer");
  if (!isAddress(contract, { strict: false })) throw new InvalidAddressError({ field: "contract" });
  if (typeof sequence !== "bigint" || sequence < 1n || sequence > maxUint64) throw new InvalidKeyBindingError("sequence must be 1..2^64-1");
  const now = BigInt(parameters.now ?? Math.floor(Date.now() / 1000));
  const expiresAt = parameters.expiresAt ?? now + BigInt(BINDING_LIFETIME_SECONDS);
  if (typeof expiresAt !== "bigint" || expiresAt <= now || expiresAt > now + BigInt(MAX_BINDING_LIFETIME_SECONDS)) {
    throw new InvalidKeyBindingError(`expiresAt must be in the future and at most ${MAX_BINDING_LIFETIME_SECONDS} s away`);
  }
  const sender = parameters.sender ? getAddress(parameters.sender) : null;
  const devices = (parameters.devices ?? [{ x25519: bytesToHex(identity.x25519.publicKey), ed25519: bytesToHex(identity.ed25519.publicKey), sender }]).map(
    (device) => ({ x25519: device.x25519.toLowerCase() as Hex, ed25519: device.ed25519.toLowerCase() as Hex, sender: device.sender ? getAddress(device.sender) : null }),
  );
  if (devices.length > MAX_BINDING_DEVICES) throw new InvalidKeyBindingError(`at most ${MAX_BINDING_DEVICES} devices`);

  const account = getAddress(identity.account);
  const unsigned: Omit<KeyBinding, "signature"> = {
    account,
    sequence,
    expiresAt,
    devices,
    delegates: normalizeDelegates(account, parameters.delegates),
    chainId,
    contract: getAddress(contract),
  };
  const signature = await signTypedData(keyBindingTypedData(unsigned));
  if (typeof signature !== "string" || !isHex(signature, { strict: true }) || signature.length <= 2 || signature.length % 2) {
    throw new InvalidBindingSignatureError();
  }
  return { ...unsigned, signature };
}
