import type { Address, Hex } from "viem";
import { createSeededRandom } from "../../src/crypto/random.ts";
import { createOwnSenderKey } from "../../src/group/createOwnSenderKey.ts";
import { processDistribution } from "../../src/group/processDistribution.ts";
import type { OwnSenderKey, SenderKeyRecord } from "../../src/group/SenderKey.ts";
import { distributionFor } from "../../src/group/senderKeyEntries.ts";
import { sessionContext } from "../../src/ratchet/createSession.ts";
import { testDeployment } from "./groupHarness.ts";

export const groupId: Hex = "0x0123456789abcdef0123456789abcdef";
export const alice: Address = "0x1111111111111111111111111111111111111111";
export const bob: Address = "0x2222222222222222222222222222222222222222";
export const context = sessionContext(testDeployment.chainId, testDeployment.contract);

/** Alice's fresh sender chain and what Bob holds of it after her distribution. */
export async function senderChain(seed = "sender chain"): Promise<{ own: OwnSenderKey; record: SenderKeyRecord; random: ReturnType<typeof createSeededRandom> }> {
  const random = createSeededRandom(seed);
  const own = await createOwnSenderKey(groupId, alice, [bob], random);
  const { record } = processDistribution(null, distributionFor(own, bob), groupId, alice);
  return { own, record, random };
}
