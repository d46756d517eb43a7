// Type-checked by test/packaging/packedPackage.test.ts in a fresh project, under strict settings with
// moduleResolution "bundler" and "node16", against the installed package's .d.ts (skipLibCheck off).
import { createPublicClient, createWalletClient, http, type Address } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { BaseError, createHushlogClient, createKeyBinding, createMemoryStore, deriveIdentity, type HushlogClient, type MessageView } from "hushlog";
import { openBackup, sealBackup } from "hushlog/backup";
import { deployHushlog, hushlogDeployedCodeHash } from "hushlog/deploy";
import { createDexieStore, deriveDexieKey } from "hushlog/dexie";
import { HushlogProvider, useConversation, useSendMessage, type HushlogProviderProps } from "hushlog/react";
import { createSqliteStore, type SqliteStoreOptions } from "hushlog/sqlite";

export async function connect(rpcUrl: string, contract: Address, key: `0x${string}`): Promise<HushlogClient> {
  const account = privateKeyToAccount(key);
  const identity = await deriveIdentity({ account: account.address, signMessage: ({ message }) => account.signMessage({ message }) });
  const binding = await createKeyBinding(identity, { signTypedData: (args) => account.signTypedData(args), chainId: 31337, contract, sequence: 1n });
  const client = createHushlogClient({
    publicClient: createPublicClient({ transport: http(rpcUrl) }),
    walletClient: createWalletClient({ account, transport: http(rpcUrl) }),
    contract,
    identity,
    binding,
    store: await createMemoryStore({ account: account.address }),
  });
  client.on("message", (message: MessageView) => void message.content);
  return client;
}

export const sqliteOptions: SqliteStoreOptions = { path: "x.db", passphrase: "p" };
export const entries = [createSqliteStore, createDexieStore, deriveDexieKey, sealBackup, openBackup, deployHushlog, HushlogProvider, useConversation, useSendMessage];
export const codeHash: `0x${string}` = hushlogDeployedCodeHash;
export type Props = HushlogProviderProps;
export const isHushlogError = (error: unknown): boolean => error instanceof BaseError;
