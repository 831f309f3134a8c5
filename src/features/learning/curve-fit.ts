// The learning curve's fit: a cross-validated figure against the number of labelled examples,
// as figure = intercept + slope · ln(examples), by least squares weighted by each point's
// bootstrap interval. Chosen over an inverse power law (error = a + b·n^-c) because three
// parameters from three or four noisy points swing wildly, while two parameters give a stable
// "gain per doubling of the labels" (slope · ln 2). A log-linear fit keeps rising where a real
// curve flattens, so an extrapolation from it is an optimistic estimate, and it is said so.

export interface CurvePointInput {
  examples: number;
  figure: number;
  /** The figure's 95 % interval, when known: its width weights the point. */
  low?: number;
  high?: number;
}

export interface LogLinearFit {
  model: 'figure = intercept + slope * ln(examples)';
  intercept: number;
  slope: number;
  /** slope · ln 2: what each doubling of the labels adds, by this fit. */
  gainPerDoubling: number;
  /** Standard error of the slope (from the points' intervals, widened when they scatter more than those say). */
  slopeStandardError: number;
  points: number;
}

export interface CurveEstimate {
  examples: number;
  /** Clamped to [0, 1]. */
  estimate: number;
  low: number;
  high: number;
}

/** A point's standard deviation from its 95 % interval; floored so one tight point cannot take the whole fit. */
const MIN_SD = 0.01;

function pointSd(point: CurvePointInput): number {
  if (point.low === undefined || point.high === undefined || !Number.isFinite(point.low) || !Number.isFinite(point.high)) return 0.05;
  return Math.max(MIN_SD, (point.high - point.low) / 3.92);
}

/** Null with fewer than two distinct sizes among the finite points. */
export function fitLogLinear(input: readonly CurvePointInput[]): LogLinearFit | null {
  const points = input.filter((p) => p.examples > 0 && Number.isFinite(p.figure));
  if (new Set(points.map((p) => p.examples)).size < 2) return null;
  const x = points.map((p) => Math.log(p.examples));
  const y = points.map((p) => p.figure);
  const w = points.map((p) => 1 / pointSd(p) ** 2);
  const sw = w.reduce((a, b) => a + b, 0);
  const mx = w.reduce((s, wi, i) => s + wi * x[i]!, 0) / sw;
  const my = w.reduce((s, wi, i) => s + wi * y[i]!, 0) / sw;
  const sxx = w.reduce((s, wi, i) => s + wi * (x[i]! - mx) ** 2, 0);
  const sxy = w.reduce((s, wi, i) => s + wi * (x[i]! - mx) * (y[i]! - my), 0);
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  // Scatter beyond what the intervals allow widens the errors (never narrows them).
  const chi2 = w.reduce((s, wi, i) => s + wi * (y[i]! - intercept - slope * x[i]!) ** 2, 0);
  const scale = points.length > 2 ? Math.max(1, chi2 / (points.length - 2)) : 1;
  return {
    model: 'figure = intercept + slope * ln(examples)',
    intercept,
    slope,
    gainPerDoubling: slope * Math.LN2,
    slopeStandardError: Math.sqrt(scale / sxx),
    points: points.length,
  };
}

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));

/** The fitted figure at `examples`, clamped to [0, 1]. */
export function predictFigure(fit: LogLinearFit, examples: number): number {
  return clamp01(fit.intercept + fit.slope * Math.log(examples));
}

/**
 * The figure expected at `examples`, extrapolated from the fit, with an approximate 95 % band:
 * the figure at the largest measured size plus the fitted gain from there, the gain's uncertainty
 * from the slope's standard error. An estimate, not a measurement.
 */
export function extrapolate(fit: LogLinearFit, measured: { examples: number; figure: number; low?: number; high?: number }, examples: number): CurveEstimate {
  const steps = Math.log(examples / measured.examples);
  const gain = fit.slope * steps;
  const gainSe = fit.slopeStandardError * Math.abs(steps);
  const measuredSe = pointSd(measured);
  const se = Math.sqrt(gainSe ** 2 + measuredSe ** 2);
  const estimate = measured.figure + gain;
  return { examples, estimate: clamp01(estimate), low: clamp01(estimate - 1.96 * se), high: clamp01(estimate + 1.96 * se) };
}
