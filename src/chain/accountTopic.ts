import { pad, type Address, type Hex } from "viem";

/** An account as the 32-byte topic the contract indexes account records (Prekeys, Binding) under. */
export function accountTopic(account: Address): Hex {
  return pad(account.toLowerCase() as Hex, { size: 32 });
}
