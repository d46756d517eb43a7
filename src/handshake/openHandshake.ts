import { hexToBytes, isAddressEqual, type Address } from "viem";
import { ed25519Verify } from "../crypto/ed25519.ts";
import { HandshakeSignatureError, SelfHandshakeError } from "../errors/handshakeErrors.ts";
import { deviceOf } from "../identity/deviceOf.ts";
import type { DeviceBinding } from "../identity/KeyBinding.ts";
import { decodeHandshakePayload } from "../wire/handshakePayload.ts";
import { assertSenderAllowed } from "./assertSenderAllowed.ts";
import { initiatorSignedBytes } from "./handshakeKdf.ts";

/** An incoming handshake whose payload, sender and signature have been checked (the binding's own signature is
 * checked separately, with an RPC, by `verifyKeyBinding`). */
export type OpenedHandshake = {
  payload: Uint8Array;
  /** Us: the account the handshake was addressed to. */
  recipient: Address;
  chainId: number;
  contract: Address;
  /** The initiator's binding and the device that signed (the binding's own signature is checked separately). */
  initiator: DeviceBinding;
  note: string | null;
  ephemeralKey: Uint8Array;
  kemPublicKey: Uint8Array;
};

/**
 * Parses and checks an incoming handshake log addressed to `recipient` (DESIGN §2.1, §2.3 step 2): the payload is
 * well formed, the log's sender may act for the binding's account, and the initiator's Ed25519 signature covers
 * this deployment and this recipient. Throws a typed error otherwise.
 */
export async function openHandshake(
  payload: Uint8Array,
  log: { sender: Address; recipient: Address; chainId: number; contract: Address },
): Promise<OpenedHandshake> {
  const decoded = decodeHandshakePayload(payload, log);
  assertSenderAllowed(decoded.initiator.binding, log.sender);
  if (isAddressEqual(decoded.initiator.binding.account, log.recipient)) throw new SelfHandshakeError();
  const signed = initiatorSignedBytes({ chainId: log.chainId, contract: log.contract, recipient: log.recipient, body: decoded.signed });
  if (!(await ed25519Verify(hexToBytes(deviceOf(decoded.initiator).ed25519), signed, decoded.signature))) {
    throw new HandshakeSignatureError("handshake");
  }
  return {
    payload,
    recipient: log.recipient,
    chainId: log.chainId,
    contract: log.contract,
    initiator: decoded.initiator,
    note: decoded.note,
    ephemeralKey: decoded.ephemeralKey,
    kemPublicKey: decoded.kemPublicKey,
  };
}
