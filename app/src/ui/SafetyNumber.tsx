/**
 * A safety number as people compare it: 12 groups of 5 digits in a grid (3 rows of 4 at any width), so two screens
 * side by side, or a number read aloud, line up group by group.
 */
export function SafetyNumber({ value, label }: { value: string | null; label: string }) {
  if (value === null) return <p className="muted small">{label}: not available.</p>;
  return (
    <figure className="safety-number">
      <figcaption className="small">{label}</figcaption>
      <code aria-label={`${label}: ${value}`} data-testid="safety-number">
        {value.split(" ").map((group, i) => (
          <span key={i}>{group}</span>
        ))}
      </code>
    </figure>
  );
}
