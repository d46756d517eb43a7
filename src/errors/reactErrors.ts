import type { Address } from "viem";
import { BaseError } from "./BaseError.ts";

/** A `hushlog/react` hook was used outside `<HushlogProvider>`. */
export class HushlogProviderNotFoundError extends BaseError<"REACT_PROVIDER_NOT_FOUND"> {
  override name = "HushlogProviderNotFoundError";
  constructor() {
    super("REACT_PROVIDER_NOT_FOUND", "Hushlog hooks must be used inside <HushlogProvider>.", {
      metaMessages: ["Render <HushlogProvider> inside <WagmiProvider> and <QueryClientProvider>."],
    });
  }
}

/** No wallet is connected (or wagmi has not produced its wallet client yet). */
export class WalletNotConnectedError extends BaseError<"REACT_WALLET_NOT_CONNECTED"> {
  override name = "WalletNotConnectedError";
  constructor() {
    super("REACT_WALLET_NOT_CONNECTED", "Connect a wallet first.");
  }
}

/** The provider was told to run on one chain and the wallet is on another. */
export class WrongChainError extends BaseError<"REACT_WRONG_CHAIN"> {
  override name = "WrongChainError";
  readonly expected: number;
  readonly actual: number | undefined;
  constructor({ expected, actual }: { expected: number; actual: number | undefined }) {
    super("REACT_WRONG_CHAIN", `Hushlog runs on chain ${expected}; the wallet is on ${actual ?? "no chain"}.`, {
      metaMessages: ["Ask the wallet to switch chains (wagmi's useSwitchChain)."],
    });
    this.expected = expected;
    this.actual = actual;
  }
}

/** `unlock({ create: false })` found no stored identity for the account. */
export class IdentityNotFoundError extends BaseError<"REACT_IDENTITY_NOT_FOUND"> {
  override name = "IdentityNotFoundError";
  constructor(account: Address) {
    super("REACT_IDENTITY_NOT_FOUND", `No Hushlog identity is stored for ${account} on this device.`);
  }
}

/** The identity a store holds belongs to another account: the store factory opened the wrong account's store. */
export class StoredIdentityMismatchError extends BaseError<"REACT_STORED_IDENTITY_MISMATCH"> {
  override name = "StoredIdentityMismatchError";
  constructor({ account, stored }: { account: Address; stored: Address }) {
    super("REACT_STORED_IDENTITY_MISMATCH", `The store opened for ${account} holds the identity of ${stored}.`, {
      metaMessages: ["Scope the store to the account: createDexieStore({ ..., account })."],
    });
  }
}

/** A send, handshake or other action needs the unlocked identity and a running client. */
export class HushlogNotReadyError extends BaseError<"REACT_NOT_READY"> {
  override name = "HushlogNotReadyError";
  constructor() {
    super("REACT_NOT_READY", "Hushlog is not unlocked yet.", {
      metaMessages: ["Call unlock() from useHushlogIdentity first and wait for status 'success'."],
    });
  }
}

/** The account or chain changed (or the provider unmounted) while an unlock was running; its result was dropped. */
export class UnlockSupersededError extends BaseError<"REACT_UNLOCK_SUPERSEDED"> {
  override name = "UnlockSupersededError";
  constructor() {
    super("REACT_UNLOCK_SUPERSEDED", "The wallet account changed while Hushlog was unlocking.");
  }
}

/**
 * This browser's sending key (the local account the binding lists for this device) cannot pay for the transaction.
 * Nothing was broadcast; the pending entry keeps this text, and `retry` sends the same bytes after a top-up
 * (`useSendingKey().topUp`).
 */
export class SendingKeyFundsError extends BaseError<"REACT_SENDING_KEY_FUNDS"> {
  override name = "SendingKeyFundsError";
  readonly address: Address;
  constructor({ address, cause }: { address: Address; cause?: unknown }) {
    super("REACT_SENDING_KEY_FUNDS", `not enough funds in this browser's sending key ${address}: top it up, then retry`, { cause });
    this.address = address;
  }
}

/** The sending key could not be stored (the write did not read back): no binding may name a key we could lose. */
export class SendingKeyNotStoredError extends BaseError<"REACT_SENDING_KEY_NOT_STORED"> {
  override name = "SendingKeyNotStoredError";
  constructor() {
    super("REACT_SENDING_KEY_NOT_STORED", "The sending key could not be stored; nothing was signed.");
  }
}

/** A device cannot revoke itself from its own screen (as in the CLI): revoke it from another device. */
export class CannotRevokeSelfError extends BaseError<"REACT_CANNOT_REVOKE_SELF"> {
  override name = "CannotRevokeSelfError";
  constructor(code: string) {
    super("REACT_CANNOT_REVOKE_SELF", `Device ${code} is this browser: revoke it from another device.`);
  }
}

/** No device of the account's current binding has this code. */
export class DeviceNotFoundError extends BaseError<"REACT_DEVICE_NOT_FOUND"> {
  override name = "DeviceNotFoundError";
  constructor(code: string) {
    super("REACT_DEVICE_NOT_FOUND", `The account's current binding lists no device ${code}.`);
  }
}
