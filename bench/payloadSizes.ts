import type { Address } from "viem";
import { initiateHandshake } from "../src/handshake/initiateHandshake.ts";
import { openHandshake } from "../src/handshake/openHandshake.ts";
import { respondToHandshake } from "../src/handshake/respondToHandshake.ts";
import { encodeMessageContent } from "../src/client/messageContent.ts";
import { ratchetEncrypt } from "../src/ratchet/ratchetEncrypt.ts";
import { testUser } from "../test/fixtures/testIdentities.ts";

/**
 * Payload sizes for the gas benchmark, measured from real protocol objects: a handshake and its response between
 * two EOAs (no notes, no delegates), and the largest of many encryptions of a short text (padding jitter varies).
 */
export async function benchPayloadSizes() {
  const deployment = { chainId: 31337, contract: "0x5FbDB2315678afecb367f032d93F642f64180aa3" as Address };
  const [alice, bob] = await Promise.all([testUser("gas alice", deployment), testUser("gas bob", deployment)]);
  const started = await initiateHandshake(alice.identity, alice.binding, { recipient: bob.wallet.address, ...deployment });
  const opened = await openHandshake(started.message.payload, { sender: alice.wallet.address, recipient: bob.wallet.address, ...deployment });
  const responded = await respondToHandshake(bob.identity, bob.binding, opened);
  let session = responded.session;
  const sizeOf = async (text: string) => {
    let max = 0;
    for (let i = 0; i < 50; i++) {
      const out = await ratchetEncrypt(session, encodeMessageContent(text));
      session = out.session;
      max = Math.max(max, out.payload.length);
    }
    return max;
  };
  return {
    minMessage: await sizeOf("gm! lunch at noon?"),
    message300: 300,
    message1000: 1000,
    handshake: started.message.payload.length,
    response: responded.message.payload.length,
  };
}
