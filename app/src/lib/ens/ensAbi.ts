/**
 * The four ENS functions the app reads, registry and resolver together (callEns picks by name): the
 * registry's resolver(node), a resolver's name(node) (ENSIP-3 reverse records), addr(node) (ENSIP-1) and
 * text(node, key) (ENSIP-5, for `avatar`). Hand-written: the full ABIs would only add bytes to the app.
 */
export const ensAbi = [
  { type: "function", name: "resolver", stateMutability: "view", inputs: [{ name: "node", type: "bytes32" }], outputs: [{ type: "address" }] },
  { type: "function", name: "name", stateMutability: "view", inputs: [{ name: "node", type: "bytes32" }], outputs: [{ type: "string" }] },
  { type: "function", name: "addr", stateMutability: "view", inputs: [{ name: "node", type: "bytes32" }], outputs: [{ type: "address" }] },
  {
    type: "function",
    name: "text",
    stateMutability: "view",
    inputs: [
      { name: "node", type: "bytes32" },
      { name: "key", type: "string" },
    ],
    outputs: [{ type: "string" }],
  },
] as const;
