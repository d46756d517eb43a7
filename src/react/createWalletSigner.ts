import { getAddress, type Address, type Hex, type WalletClient } from "viem";
import type { SignKeyBindingTypedData } from "../identity/createKeyBinding.ts";
import type { WalletSigner } from "./identityVault.ts";

/**
 * Signs as the connected account through wagmi's wallet client. One unlock may need one signature twice (the store
 * key and the identity both come from the identity seed signature), so a signer asks the wallet once per message;
 * make a new signer per unlock, so a signature is not kept longer than the unlock that needed it.
 */
export function createWalletSigner(walletClient: WalletClient, account: Address): WalletSigner {
  const from = walletClient.account ?? account;
  const signed = new Map<string, Promise<Hex>>();
  return {
    account: getAddress(account),
    signMessage: ({ message }) => {
      let signature = signed.get(message);
      if (!signature) {
        signature = walletClient.signMessage({ account: from, message });
        signed.set(message, signature);
        signature.catch(() => signed.delete(message));
      }
      return signature;
    },
    signTypedData: ((args) =>
      walletClient.signTypedData({ account: from, ...args } as Parameters<WalletClient["signTypedData"]>[0])) as SignKeyBindingTypedData,
  };
}
