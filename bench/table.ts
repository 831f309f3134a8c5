// The bench's printed table: one [label, value] row per figure.
export type Row = [string, string];

/** A figure with its unit (ms and MiB whole, s to 0.1, ratios x to 0.01); n/a when missing. */
export function fmt(n: number | null | undefined, unit: 'ms' | 's' | 'x' | 'MiB' = 'ms'): string {
  if (n == null || Number.isNaN(n)) return 'n/a';
  return `${n.toFixed(unit === 'x' ? 2 : unit === 's' ? 1 : 0)} ${unit}`;
}
