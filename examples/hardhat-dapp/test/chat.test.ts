import { test } from "node:test";
import { network } from "hardhat";
import { expectMessage, handshake, hushlogAccounts } from "hushlog/hardhat";

test("alice and bob chat, end to end encrypted, over the network's event logs", async () => {
  const [alice, bob] = await hushlogAccounts(await network.create());
  const conversation = await handshake(alice, bob);
  await alice.client.sendMessage(conversation, "hello bob");
  await expectMessage(bob, { from: alice, text: "hello bob" });
});
