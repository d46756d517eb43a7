import type { Address, Hex } from "viem";
import { BaseError } from "./BaseError.ts";

/** The address holds no code, or code that is not Hushlog (wrong address or wrong chain). */
export class ContractNotFoundError extends BaseError<"CHAIN_CONTRACT_NOT_FOUND"> {
  override name = "ContractNotFoundError";
  constructor({ address, chainId }: { address: Address; chainId: number }) {
    super("CHAIN_CONTRACT_NOT_FOUND", `No Hushlog contract at ${address} on chain ${chainId}.`, {
      metaMessages: ["Check the contract address and that the RPC URL points at the chain it was deployed on."],
    });
  }
}

/** A packed call cannot be encoded: a field is out of range for the contract's packed format. */
export class PackedCalldataError extends BaseError<"CHAIN_PACKED_CALLDATA"> {
  override name = "PackedCalldataError";
  constructor(reason: string) {
    super("CHAIN_PACKED_CALLDATA", `Cannot encode packed calldata: ${reason}`);
  }
}

/** A deployment transaction was mined but reverted or created no contract. */
export class DeploymentFailedError extends BaseError<"CHAIN_DEPLOYMENT_FAILED"> {
  override name = "DeploymentFailedError";
  constructor({ hash }: { hash: Hex }) {
    super("CHAIN_DEPLOYMENT_FAILED", `Deploying Hushlog failed (transaction ${hash}).`);
  }
}
