// A label's learning curve as a small picture: the cross-validated figure at each share of the
// labels (dots with their 95 % interval bars, examples on a log axis), the fitted curve dashed,
// and the figure expected at twice the labels as a hollow diamond with its band: an estimate.
import type { CurveView } from './report-view';

const WIDTH = 340;
const HEIGHT = 170;
const PAD = { left: 40, right: 16, top: 12, bottom: 34 };

export function CurvePlot({ label, curve }: { label: string; curve: CurveView }) {
  const all = [...curve.points.map((p) => p.examples), ...(curve.doubled ? [curve.doubled.examples] : [])];
  if (curve.points.length === 0) return null;
  const xMin = Math.log(Math.min(...all) / 1.15);
  const xMax = Math.log(Math.max(...all) * 1.15);
  const values = [...curve.points.flatMap((p) => [p.low, p.high, p.estimate]), ...(curve.doubled ? [curve.doubled.low, curve.doubled.high] : [])].filter(Number.isFinite);
  const yMin = Math.max(0, Math.floor((Math.min(...values) - 0.02) * 10) / 10);
  const yMax = Math.min(1, Math.ceil((Math.max(...values) + 0.02) * 10) / 10);
  const x = (n: number) => PAD.left + ((Math.log(n) - xMin) / (xMax - xMin)) * (WIDTH - PAD.left - PAD.right);
  const y = (v: number) => PAD.top + (1 - (Math.min(yMax, Math.max(yMin, v)) - yMin) / (yMax - yMin || 1)) * (HEIGHT - PAD.top - PAD.bottom);
  const yTicks = [yMin, (yMin + yMax) / 2, yMax];
  const describe =
    curve.points.map((p) => `${p.examples} examples: ${p.estimate.toFixed(2)} (${p.low.toFixed(2)}–${p.high.toFixed(2)})`).join('; ') +
    (curve.doubled ? `; estimate at ${curve.doubled.examples}: ${curve.doubled.estimate.toFixed(2)}` : '');
  return (
    <figure className="learn-curve" data-testid="learn-curve" data-label={label} data-points={curve.points.length} data-doubled={curve.doubled?.estimate ?? ''}>
      <svg role="img" aria-label={`Learning curve of ${label}, cross-validated ${curve.figure}: ${describe}.`} width={WIDTH} height={HEIGHT} viewBox={`0 0 ${WIDTH} ${HEIGHT}`}>
        <line x1={PAD.left} y1={HEIGHT - PAD.bottom} x2={WIDTH - PAD.right} y2={HEIGHT - PAD.bottom} stroke="currentColor" strokeOpacity={0.5} />
        <line x1={PAD.left} y1={PAD.top} x2={PAD.left} y2={HEIGHT - PAD.bottom} stroke="currentColor" strokeOpacity={0.5} />
        {yTicks.map((v) => (
          <text key={v} x={PAD.left - 4} y={y(v) + 3} fontSize={10} textAnchor="end" fill="currentColor">{v.toFixed(2)}</text>
        ))}
        {curve.points.map((p) => (
          <text key={`t${p.examples}`} x={x(p.examples)} y={HEIGHT - PAD.bottom + 12} fontSize={10} textAnchor="middle" fill="currentColor">{p.examples}</text>
        ))}
        {curve.doubled && (
          <text x={x(curve.doubled.examples)} y={HEIGHT - PAD.bottom + 12} fontSize={10} textAnchor="middle" fill="currentColor" fontStyle="italic">{curve.doubled.examples}</text>
        )}
        <text x={(PAD.left + WIDTH - PAD.right) / 2} y={HEIGHT - 4} fontSize={10} textAnchor="middle" fill="currentColor">labelled examples (log scale)</text>
        {curve.fitLine.length > 1 && (
          <polyline
            data-testid="learn-curve-fit"
            points={curve.fitLine.map((f) => `${x(f.examples).toFixed(1)},${y(f.figure).toFixed(1)}`).join(' ')}
            fill="none"
            stroke="currentColor"
            strokeDasharray="4 3"
            strokeOpacity={0.7}
          />
        )}
        {curve.points.map((p) => (
          <g key={p.examples} data-testid="learn-curve-point" data-examples={p.examples} data-estimate={p.estimate}>
            <line x1={x(p.examples)} x2={x(p.examples)} y1={y(p.low)} y2={y(p.high)} stroke="currentColor" />
            <circle cx={x(p.examples)} cy={y(p.estimate)} r={3.5} fill="currentColor" />
          </g>
        ))}
        {curve.doubled && (
          <g data-testid="learn-curve-estimate" data-examples={curve.doubled.examples}>
            <line x1={x(curve.doubled.examples)} x2={x(curve.doubled.examples)} y1={y(curve.doubled.low)} y2={y(curve.doubled.high)} stroke="currentColor" strokeDasharray="2 2" />
            <path
              d={`M ${x(curve.doubled.examples)} ${y(curve.doubled.estimate) - 6} l 6 6 l -6 6 l -6 -6 z`}
              fill="none"
              stroke="currentColor"
              strokeWidth={1.5}
            />
            <text x={x(curve.doubled.examples) - 8} y={y(curve.doubled.estimate) - 8} fontSize={10} textAnchor="end" fill="currentColor">2× (estimate)</text>
          </g>
        )}
      </svg>
      <figcaption>
        Cross-validated {curve.figure} at {curve.points.map((p) => `${Math.round(p.fraction * 100)} %`).join(', ')} of the labels (bars: 95 % intervals; dashed: fitted curve).
        {curve.doubled && <> <span data-testid="learn-curve-doubled">{curve.doubled.note}</span></>}
        {curve.notes.map((n) => <span key={n} className="learn-curve-note" data-testid="learn-curve-note"> {n}</span>)}
      </figcaption>
    </figure>
  );
}
