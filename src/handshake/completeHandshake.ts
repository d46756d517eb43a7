import { hexToBytes, isAddressEqual, type Address, type Hex } from "viem";
import { aeadOpen } from "../crypto/aead.ts";
import { wipe } from "../crypto/bytes.ts";
import { ed25519Verify } from "../crypto/ed25519.ts";
import { mlKem768Decapsulate, mlKem768KeyPair } from "../crypto/mlKem768.ts";
import { x25519 } from "../crypto/x25519.ts";
import { DecryptionFailedError } from "../errors/cryptoErrors.ts";
import {
  HandshakeSignatureError,
  ResponseNotForHandshakeError,
  ResponseTagMismatchError,
  WrongResponderError,
} from "../errors/handshakeErrors.ts";
import { deviceOf } from "../identity/deviceOf.ts";
import type { DeviceBinding } from "../identity/KeyBinding.ts";
import type { ChainKdfVersion } from "../ratchet/chainKdf.ts";
import { createInitiatorSession } from "../ratchet/createSession.ts";
import type { RatchetSession } from "../ratchet/RatchetSession.ts";
import { decodeResponseBox, splitResponsePayload } from "../wire/responsePayload.ts";
import { assertSenderAllowed } from "./assertSenderAllowed.ts";
import { responderSignedBytes, responseBoxKey, responseTag, rootSecret } from "./handshakeKdf.ts";
import type { HandshakeSecret } from "./HandshakeSecret.ts";

/** A `HandshakeResponse` log as the initiator sees it. */
export type ResponseLog = { payload: Uint8Array; responseTag: Hex; sender: Address };

export type CompletedHandshake = { session: RatchetSession; peer: DeviceBinding; note: string | null };

const zeroNonce = new Uint8Array(24);

/**
 * Opens the response box with this handshake's ephemeral key: one X25519 and one AEAD tag check, no ML-KEM.
 * Throws `ResponseNotForHandshakeError` when the response answers another handshake.
 */
async function openResponseBox(secret: HandshakeSecret, response: ResponseLog) {
  const { header, tagKey, box } = splitResponsePayload(response.payload);
  let xTag: Uint8Array;
  try {
    xTag = await x25519(secret.ephemeralKey.secretKey, tagKey);
  } catch {
    throw new ResponseNotForHandshakeError();
  }
  const boxKey = responseBoxKey(xTag);
  try {
    return { xTag, tagKey, plaintext: aeadOpen(boxKey, zeroNonce, box, header) };
  } catch (error) {
    wipe(xTag);
    if (error instanceof DecryptionFailedError) throw new ResponseNotForHandshakeError();
    throw error;
  } finally {
    wipe(boxKey);
  }
}

/**
 * Step 3-4 (DESIGN §2.3), for a response already known to answer `secret`. Checks, in order: the responder is
 * exactly the account we addressed, the log's sender may act for it, its signature covers our handshake and its
 * box, and the response tag matches the decapsulated ML-KEM secret. Only then is the session derived.
 * The binding's own EIP-712 signature is checked separately with `verifyKeyBinding` (it needs an RPC).
 */
export async function completeHandshake(
  secret: HandshakeSecret,
  response: ResponseLog,
  options: CompleteOptions = {},
): Promise<CompletedHandshake> {
  return finish(secret, response, await openResponseBox(secret, response), options);
}

/**
 * `chainKdf`: the session's chain KDF (ratchet/chainKdf.ts). Handshake format 2 implies 2 (the skip chain) on both
 * sides; 1 is there for tests of the linear chain.
 */
export type CompleteOptions = { chainKdf?: ChainKdfVersion };

/**
 * Finds which pending handshake a response answers and completes it. Candidates addressed to the log's sender
 * are tried first (the usual case costs one X25519); a relayed response (sender = a delegate) falls back to the
 * rest. Wrong candidates fail at the box tag, before any ML-KEM work. Returns null when none matches.
 */
export async function matchHandshakeResponse(
  secrets: readonly HandshakeSecret[],
  response: ResponseLog,
  options: CompleteOptions = {},
): Promise<(CompletedHandshake & { secret: HandshakeSecret }) | null> {
  const ordered = [
    ...secrets.filter((s) => isAddressEqual(s.recipient, response.sender)),
    ...secrets.filter((s) => !isAddressEqual(s.recipient, response.sender)),
  ];
  for (const secret of ordered) {
    let opened: Awaited<ReturnType<typeof openResponseBox>>;
    try {
      opened = await openResponseBox(secret, response);
    } catch (error) {
      if (error instanceof ResponseNotForHandshakeError) continue;
      throw error;
    }
    return { secret, ...(await finish(secret, response, opened, options)) };
  }
  return null;
}

async function finish(
  secret: HandshakeSecret,
  response: ResponseLog,
  opened: { xTag: Uint8Array; tagKey: Uint8Array; plaintext: Uint8Array },
  options: CompleteOptions,
): Promise<CompletedHandshake> {
  const { chainId, contract } = secret;
  try {
    const box = decodeResponseBox(opened.plaintext, { chainId, contract });
    if (!isAddressEqual(box.responder.binding.account, secret.recipient)) {
      throw new WrongResponderError({ expected: secret.recipient, actual: box.responder.binding.account });
    }
    assertSenderAllowed(box.responder.binding, response.sender);
    const signed = responderSignedBytes({
      chainId,
      contract,
      handshakeHash: secret.handshakeHash,
      initiator: secret.account,
      tagKey: opened.tagKey,
      boxBody: box.signed,
    });
    if (!(await ed25519Verify(hexToBytes(deviceOf(box.responder).ed25519), signed, box.signature))) {
      throw new HandshakeSignatureError("response");
    }
    const kem = mlKem768KeyPair(secret.kemSeed);
    const kemSecret = mlKem768Decapsulate(box.kemCipherText, kem.secretKey);
    wipe(kem.secretKey);
    if (responseTag(kemSecret, opened.xTag).toLowerCase() !== response.responseTag.toLowerCase()) {
      wipe(kemSecret);
      throw new ResponseTagMismatchError();
    }
    const rootKey = rootSecret({
      dh: await x25519(secret.ephemeralKey.secretKey, box.ratchetKey),
      kemSecret,
      chainId,
      contract,
      handshakeHash: secret.handshakeHash,
      responsePayload: response.payload,
    });
    wipe(kemSecret);
    return {
      session: createInitiatorSession({ rootKey, theirRatchetKey: box.ratchetKey, chainId, contract, chainKdf: options.chainKdf ?? 2 }),
      peer: box.responder,
      note: box.note,
    };
  } finally {
    wipe(opened.xTag, opened.plaintext);
  }
}
