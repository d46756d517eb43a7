import { formatEther, getAddress, type Address } from "viem";

export function shortAddress(address: Address | string): string {
  const a = getAddress(address);
  return `${a.slice(0, 6)}…${a.slice(-4)}`;
}

/** A message's time: the block's timestamp once included, until then when it was written here. */
export function messageTime(timestamp: number | null, createdAt: number): string {
  const date = new Date(timestamp !== null ? timestamp * 1000 : createdAt);
  return date.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
}

export function formatGas(gas: bigint): string {
  return gas.toLocaleString("en-US");
}

/** Fee in ETH with enough digits to see a local chain's tiny fees. */
export function formatFee(wei: bigint): string {
  const eth = formatEther(wei);
  const [whole, fraction = ""] = eth.split(".");
  return `${whole}${fraction ? `.${fraction.slice(0, 9)}` : ""} ETH`;
}
