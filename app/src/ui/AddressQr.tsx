import { correction, generate } from "lean-qr";

/**
 * A QR code of `value` (an address, as an EIP-681 `ethereum:` URI so phone wallets recognise it), drawn as one SVG
 * path from the encoder's modules, with the 4-module quiet zone the standard asks for. lean-qr: ~2 kB gzip.
 */
export function AddressQr({ value, label }: { value: string; label: string }) {
  const code = generate(value, { minCorrectionLevel: correction.M });
  const size = code.size;
  let path = "";
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) if (code.get(x, y)) path += `M${x + 4} ${y + 4}h1v1h-1z`;
  return (
    <svg className="qr" viewBox={`0 0 ${size + 8} ${size + 8}`} role="img" aria-label={label}>
      <rect width={size + 8} height={size + 8} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
