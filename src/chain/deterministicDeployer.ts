import type { Address, Hex } from "viem";

/**
 * The keyless deterministic-deployment proxy (Arachnid/deterministic-deployment-proxy): a 69-byte CREATE2 factory
 * at the same address on every EVM chain that has it, the one Foundry, Safe and ERC-4337 deployments use.
 * Calldata = salt (32 bytes) || init code; it deploys with CREATE2 and returns the new address (20 bytes).
 *
 * Where a chain lacks it, anyone can put it there: `transaction` is a pre-EIP-155 (no chain id) contract creation
 * signed by a key nobody knows (r = s = 0x2222…, v = 27): its signer, recovered from that signature, is an address
 * whose only possible transaction is this one, nonce 0, on every chain. Fund the signer with `fundingWei` (gas limit
 * × gas price) and broadcast it. It needs a chain that accepts unprotected transactions and a base fee at or
 * under its 100 gwei gas price. test/chain/deterministicDeployer.test.ts recovers the signer and the address from
 * the bytes below.
 */
export const deterministicDeployer = {
  address: "0x4e59b44847b379578588920cA78FbF26c0B4956C" as Address,
  /** The keyless signer of `transaction`. */
  signer: "0x3fAB184622Dc19b6109349B94811493BF2a45362" as Address,
  /** 100,000 gas at 100 gwei. */
  fundingWei: 10_000_000_000_000_000n,
  gasPrice: 100_000_000_000n,
  transaction:
    "0xf8a58085174876e800830186a08080b853604580600e600039806000f350fe7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe03601600081602082378035828234f58015156039578182fd5b8082525050506014600cf31ba02222222222222222222222222222222222222222222222222222222222222222a02222222222222222222222222222222222222222222222222222222222222222" as Hex,
  /** The factory's runtime code (what the transaction leaves at `address`). */
  code: "0x7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe03601600081602082378035828234f58015156039578182fd5b8082525050506014600cf3" as Hex,
  /** keccak256 of the factory's runtime code, to tell it from anything else at that address. */
  codeHash: "0x2fa86add0aed31f33a762c9d88e807c475bd51d0f52bd0955754b2608f7e4989" as Hex,
} as const;
