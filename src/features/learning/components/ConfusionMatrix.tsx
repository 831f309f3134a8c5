// A confusion matrix as a picture: rows are the true class, columns the predicted one;
// each cell's shade is its share of the row (so a rare class reads as clearly as a common
// one), with the count written in it.
export interface ConfusionMatrixProps {
  title: string;
  classes: readonly string[];
  /** matrix[t][p]: examples of true class t predicted as p. */
  matrix: readonly (readonly number[])[];
}

const CELL = 34;
const MARGIN = 44;

export function ConfusionMatrix({ title, classes, matrix }: ConfusionMatrixProps) {
  const k = classes.length;
  const size = MARGIN + k * CELL + 4;
  const rowTotals = matrix.map((row) => row.reduce((a, b) => a + b, 0));
  const description = classes
    .map((c, t) => `true ${c}: ${classes.map((p, j) => `${matrix[t]?.[j] ?? 0} called ${p}`).join(', ')}`)
    .join('; ');
  return (
    <svg
      className="confusion-matrix"
      role="img"
      aria-label={`${title}. ${description}.`}
      width={size}
      height={size + 14}
      viewBox={`0 0 ${size} ${size + 14}`}
      data-testid="confusion-matrix"
    >
      <title>{title}</title>
      <text x={MARGIN + (k * CELL) / 2} y={10} textAnchor="middle" fontSize={10}>predicted</text>
      <text x={8} y={MARGIN + (k * CELL) / 2} textAnchor="middle" fontSize={10} transform={`rotate(-90 8 ${MARGIN + (k * CELL) / 2})`}>true</text>
      {classes.map((c, i) => (
        <g key={c}>
          <text x={MARGIN + i * CELL + CELL / 2} y={MARGIN - 6} textAnchor="middle" fontSize={11}>{c}</text>
          <text x={MARGIN - 6} y={MARGIN + i * CELL + CELL / 2 + 4} textAnchor="end" fontSize={11}>{c}</text>
        </g>
      ))}
      {classes.map((_t, t) =>
        classes.map((_p, p) => {
          const count = matrix[t]?.[p] ?? 0;
          const share = rowTotals[t] ? count / rowTotals[t]! : 0;
          const x = MARGIN + p * CELL;
          const y = MARGIN + t * CELL;
          return (
            <g key={`${t}-${p}`}>
              <rect x={x} y={y} width={CELL - 2} height={CELL - 2} fill={t === p ? '#1f7a4d' : '#a33'} fillOpacity={0.08 + 0.85 * share} stroke="#888" strokeWidth={0.5} />
              <text x={x + CELL / 2 - 1} y={y + CELL / 2 + 4} textAnchor="middle" fontSize={11} fill={share > 0.55 ? '#fff' : '#111'}>{count}</text>
            </g>
          );
        }),
      )}
    </svg>
  );
}
