/**
 * The ENS registry: the same address on Ethereum mainnet and its testnets (deployed with a deterministic deployer).
 * Other deployments (a local chain in the tests) set their own in the settings.
 */
export const ensRegistryAddress = "0x00000000000C2E074eC69A0dFb2997BA6C7d2e1e" as const;
