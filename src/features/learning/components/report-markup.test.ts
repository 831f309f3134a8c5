// The report view's markup for a label with a learning curve and within-expansion figures:
// the plot (points, dashed fit, 2x estimate), the two ROC AUC rows and the marker.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { extrapolate, fitLogLinear } from '../curve-fit';
import type { LearnReport } from '../learn-report';
import { classificationMetrics } from '../metrics';
import { reportView } from './report-adapter';
import { ReportView } from './ReportView';

const iv = (estimate: number, low: number, high: number) => ({ estimate, low, high, resamples: 20 });

describe('ReportView markup', () => {
  it('draws the curve and marks an ICM head that learned expansion only', () => {
    const icm = classificationMetrics(['A', 'B', 'C', 'A', 'B', 'C'], ['A', 'B', 'B', 'A', 'C', 'C'], ['A', 'B', 'C'], { resamples: 20 });
    const points = [{ fraction: 0.25, examples: 25, figure: iv(0.55, 0.4, 0.7) }, { fraction: 0.5, examples: 50, figure: iv(0.6, 0.5, 0.7) }, { fraction: 1, examples: 100, figure: iv(0.66, 0.6, 0.72) }];
    const fit = fitLogLinear(points.map((p) => ({ examples: p.examples, figure: p.figure.estimate, low: p.figure.low, high: p.figure.high })))!;
    const doubled = { ...extrapolate(fit, { examples: 100, figure: 0.66, low: 0.6, high: 0.72 }, 200), note: 'Estimate, extrapolated: with about 200 labelled examples …' };
    const report = {
      perLabel: [{
        label: 'icm', examples: 100, classCounts: { A: 30, B: 40, C: 30 }, base: icm, learned: icm, warnings: [],
        withinExpansion: {
          positiveClass: 'A', score: 'p(A)', examples: 100, pairs: 900, expansionGrades: 3,
          overall: { base: iv(0.7, 0.6, 0.8), learned: iv(0.78, 0.7, 0.86) },
          within: { base: iv(0.5, 0.4, 0.6), learned: iv(0.51, 0.42, 0.6) },
          learnedExpansionOnly: true, verdict: 'expansion-only', note: 'Learned expansion, not ICM: among embryos of the same expansion grade …',
        },
        featureSet: { chosen: 'gap', figure: 'macro-F1', rule: 'r', candidates: [{ set: 'gap', values: 128, figure: iv(0.66, 0.6, 0.72) }, { set: 'blocks345-mean', values: 320, figure: iv(0.668, 0.6, 0.72) }] },
      }],
      skipped: [],
      warnings: [],
      curve: { fractions: [0.25, 0.5, 0.75, 1], method: 'm', labels: [{ label: 'icm', figure: 'macro-F1', points, fit, doubled, skipped: [{ fraction: 0.75, examples: 75, reason: '75 % skipped: why.' }] }] },
    } as unknown as LearnReport;
    const html = renderToStaticMarkup(createElement(ReportView, { labels: reportView(report) }));
    expect(html.match(/data-testid="learn-curve-point"/g)).toHaveLength(3);
    expect(html).toContain('data-testid="learn-curve-fit"');
    expect(html).toMatch(/data-testid="learn-curve-estimate" data-examples="200"/);
    expect(html).toContain('2× (estimate)');
    expect(html).toContain('75 % skipped: why.');
    expect(html).toContain('data-figure="ROC AUC A vs rest, same expansion"');
    expect(html).toMatch(/data-testid="learn-within-expansion" data-verdict="expansion-only" data-expansion-only="true">⚠ Learned expansion, not ICM/);
    expect(html).toContain('data-testid="learn-feature-set" data-chosen="gap">Features: gap (block 5 mean) (128 values), chosen by cross-validation: macro-F1 0.66; blocks 3+4+5 mean (320 values) 0.67.');
  });
});
