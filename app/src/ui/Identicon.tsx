import { identicon } from "../lib/identicon.ts";

/** An address's face: decorative (the name or address beside it is what screen readers read). */
export function Identicon({ address, size = 28 }: { address: string; size?: number }) {
  const { hue, cells } = identicon(address);
  return (
    <svg className="identicon" width={size} height={size} viewBox="0 0 5 5" aria-hidden="true" focusable="false">
      <rect width="5" height="5" rx="1" fill={`hsl(${hue} 45% 92%)`} />
      {cells.map((on, i) => (on ? <rect key={i} x={i % 5} y={Math.floor(i / 5)} width="1" height="1" fill={`hsl(${hue} 55% 42%)`} /> : null))}
    </svg>
  );
}
