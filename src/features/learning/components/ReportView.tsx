// The cross-validated report: the images the run left out (with why), then per label base vs
// learned on the same folds (macro-F1, per-class recall, ROC AUC for outcome, each with its
// 95 % interval), the confusion matrices as pictures, warnings and refusals.
import { ConfusionMatrix } from './ConfusionMatrix';
import { CurvePlot } from './CurvePlot';
import type { IntervalView, LabelReportView, SkippedImagesView } from './report-view';

const formatInterval = (i: IntervalView | null) =>
  !i || !Number.isFinite(i.estimate) ? '–' : `${i.estimate.toFixed(2)} (${i.low.toFixed(2)}–${i.high.toFixed(2)})`;

export function ReportView({ labels, skipped = null }: { labels: LabelReportView[]; skipped?: SkippedImagesView | null }) {
  return (
    <div className="learn-report-labels">
      {skipped && (
        <div className="learn-skipped" data-testid="learn-skipped" data-count={skipped.images.length}>
          <p>⚠ {skipped.headline}</p>
          <ul>
            {skipped.images.map((i) => (
              <li key={i.name} data-testid="learn-skipped-image" data-name={i.name}>
                {i.name}: {i.error}
              </li>
            ))}
          </ul>
        </div>
      )}
      {labels.map((label) => (
        <section key={label.label} className="learn-report-label" data-testid="learn-report-label" data-label={label.label} aria-label={`Report for ${label.label}`}>
          <h4>
            {label.label} <small>({label.examples.map(([c, n]) => `${c}: ${n}`).join(', ')})</small>
          </h4>
          {label.refusal && <p role="alert" data-testid="learn-label-refusal">{label.refusal}</p>}
          {label.warnings.map((w) => <p key={w} className="learn-warning" data-testid="learn-warning">⚠ {w}</p>)}
          {label.figures.length > 0 && (
            <table className="learn-metrics">
              <caption>Cross-validated, 95 % bootstrap intervals</caption>
              <thead>
                <tr><th scope="col">Figure</th><th scope="col">Base model</th><th scope="col">Learned</th></tr>
              </thead>
              <tbody>
                {label.figures.map((f) => (
                  <tr key={f.figure} data-testid="learn-figure" data-figure={f.figure} data-learned={f.learned?.estimate ?? ''} data-base={f.base?.estimate ?? ''}>
                    <th scope="row">{f.figure}</th>
                    <td>{formatInterval(f.base)}</td>
                    <td>{formatInterval(f.learned)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {label.withinExpansion && (
            <p
              className={label.withinExpansion.learnedExpansionOnly ? 'learn-warning' : 'hint'}
              data-testid="learn-within-expansion"
              data-verdict={label.withinExpansion.verdict}
              data-expansion-only={label.withinExpansion.learnedExpansionOnly}
            >
              {label.withinExpansion.learnedExpansionOnly ? '⚠ ' : ''}
              {label.withinExpansion.note}
            </p>
          )}
          {label.featureSet && (
            <p className="hint" data-testid="learn-feature-set" data-chosen={label.featureSet.chosen}>
              {label.featureSet.line}
            </p>
          )}
          {label.curve && <CurvePlot label={label.label} curve={label.curve} />}
          <div className="learn-confusions">
            {label.confusion.base && <ConfusionMatrix title={`${label.label}: base model`} classes={label.confusion.classes} matrix={label.confusion.base} />}
            {label.confusion.learned && <ConfusionMatrix title={`${label.label}: learned`} classes={label.confusion.classes} matrix={label.confusion.learned} />}
          </div>
        </section>
      ))}
    </div>
  );
}
