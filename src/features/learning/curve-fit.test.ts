import { describe, expect, it } from 'vitest';
import { extrapolate, fitLogLinear, predictFigure } from './curve-fit';

const onLine = (n: number) => 0.4 + 0.05 * Math.log(n);

describe('fitLogLinear', () => {
  it('recovers a known log-linear curve and its gain per doubling', () => {
    const points = [35, 70, 105, 140].map((examples) => ({ examples, figure: onLine(examples), low: onLine(examples) - 0.1, high: onLine(examples) + 0.1 }));
    const fit = fitLogLinear(points)!;
    expect(fit.intercept).toBeCloseTo(0.4, 10);
    expect(fit.slope).toBeCloseTo(0.05, 10);
    expect(fit.gainPerDoubling).toBeCloseTo(0.05 * Math.LN2, 10);
    expect(predictFigure(fit, 280)).toBeCloseTo(onLine(280), 10);
    const doubled = extrapolate(fit, points[3]!, 280);
    expect(doubled.estimate).toBeCloseTo(onLine(280), 10);
    expect(doubled.low).toBeLessThan(doubled.estimate);
    expect(doubled.high).toBeGreaterThan(doubled.estimate);
  });

  it('weights points by their intervals: a wide-interval outlier barely moves the fit', () => {
    const tight = [50, 100, 200].map((examples) => ({ examples, figure: onLine(examples), low: onLine(examples) - 0.02, high: onLine(examples) + 0.02 }));
    const fit = fitLogLinear([...tight, { examples: 25, figure: 0.95, low: 0.1, high: 1 }])!;
    expect(fit.slope).toBeGreaterThan(0.03);
    const unweighted = fitLogLinear([...tight, { examples: 25, figure: 0.95, low: 0.94, high: 0.96 }])!;
    expect(unweighted.slope).toBeLessThan(0);
  });

  it('is flat for a figure that does not change with the labels, and clamps extrapolations to [0, 1]', () => {
    const flat = fitLogLinear([20, 40, 80].map((examples) => ({ examples, figure: 0.5, low: 0.4, high: 0.6 })))!;
    expect(flat.slope).toBeCloseTo(0, 12);
    expect(extrapolate(flat, { examples: 80, figure: 0.5, low: 0.4, high: 0.6 }, 160).estimate).toBeCloseTo(0.5, 12);
    const steep = fitLogLinear([{ examples: 10, figure: 0.5 }, { examples: 20, figure: 0.99 }])!;
    expect(extrapolate(steep, { examples: 20, figure: 0.99 }, 40).estimate).toBe(1);
  });

  it('widens the slope error when the points scatter more than their intervals allow', () => {
    const clean = fitLogLinear([20, 40, 80, 160].map((examples) => ({ examples, figure: onLine(examples), low: onLine(examples) - 0.02, high: onLine(examples) + 0.02 })))!;
    const noisy = fitLogLinear([20, 40, 80, 160].map((examples, i) => ({ examples, figure: onLine(examples) + (i % 2 ? 0.08 : -0.08), low: onLine(examples) - 0.02, high: onLine(examples) + 0.02 })))!;
    expect(noisy.slopeStandardError).toBeGreaterThan(2 * clean.slopeStandardError);
  });

  it('needs two distinct sizes', () => {
    expect(fitLogLinear([{ examples: 40, figure: 0.7 }])).toBeNull();
    expect(fitLogLinear([{ examples: 40, figure: 0.7 }, { examples: 40, figure: 0.8 }])).toBeNull();
    expect(fitLogLinear([{ examples: 40, figure: Number.NaN }, { examples: 80, figure: 0.8 }])).toBeNull();
  });
});
