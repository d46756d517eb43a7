/**
 * EIP-712 types of a key binding (version 2). Field order and types are protocol: changing them changes every
 * signature. `statement` comes first so that wallets show the readable text at the top; receivers recompute it from
 * the other fields (`bindingStatement`) and reject any other text. `sequence` and `expiresAt` are uint64.
 */
export const keyBindingTypes = {
  HushlogDevices: [
    { name: "statement", type: "string" },
    { name: "account", type: "address" },
    { name: "sequence", type: "uint64" },
    { name: "expiresAt", type: "uint64" },
    { name: "devices", type: "Device[]" },
    { name: "delegates", type: "address[]" },
  ],
  Device: [
    { name: "encryptionKey", type: "bytes32" },
    { name: "signingKey", type: "bytes32" },
    { name: "sender", type: "address" },
  ],
} as const;
