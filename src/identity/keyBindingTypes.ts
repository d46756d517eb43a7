/**
 * EIP-712 types of a key binding. Field order and types are protocol: changing them changes every signature.
 * `issuedAt` is uint64 seconds so the newest binding of an account can be chosen without trusting block times.
 */
export const keyBindingTypes = {
  KeyBinding: [
    { name: "account", type: "address" },
    { name: "x25519", type: "bytes32" },
    { name: "ed25519", type: "bytes32" },
    { name: "delegates", type: "address[]" },
    { name: "issuedAt", type: "uint64" },
  ],
} as const;
