/**
 * Payload sizes the gas benchmark sends. Until the crypto core defines the real wire formats these are the
 * sizes the foundation issue names; the crypto core replaces them with sizes measured from real payloads.
 */
export async function benchPayloadSizes() {
  return { minMessage: 85, message300: 300, message1000: 1000, handshake: 1300, response: 1400 };
}
