// A model learned from the lab's own examples: its cross-validated figures, base against
// learned on the same folds, as its card records them.
import { Fragment } from 'react';
import type { IntervalFigure, LearnedFigures } from '../../inference';
import { ROW_TITLE } from './RealSignalFigures';

const LABEL_TITLE: Record<string, string> = { outcome: 'Outcome', ...ROW_TITLE };
/** The features a learned head reads, as the learning report names them. */
const FEATURE_SET_NOTE: Record<string, string> = { gap: 'gap', 'blocks345-mean': 'blocks 3+4+5 mean' };
const withInterval = (f: IntervalFigure | null) => (f === null ? '–' : `${f.estimate.toFixed(3)}${f.low !== null && f.high !== null ? ` (${f.low.toFixed(2)}–${f.high.toFixed(2)})` : ''}`);

/** A learned model's cross-validated figures, base against learned on the same folds. */
export function LearnedFigureTable({ figures }: { figures: LearnedFigures }) {
  return (
    <section className="about-model-figures" data-testid="learned-figures">
      <h4>Learned from this lab: cross-validated on its own examples</h4>
      <table>
        <thead>
          <tr>
            <th scope="col">Label</th>
            <th scope="col">Examples</th>
            <th scope="col">Figure</th>
            <th scope="col">Base model (95 % interval)</th>
            <th scope="col">Learned (95 % interval)</th>
          </tr>
        </thead>
        <tbody>
          {figures.rows.map((r) => (
            <Fragment key={r.label}>
              <tr data-row={r.label} data-feature-set={r.featureSet ?? ''}>
                <th scope="row">{LABEL_TITLE[r.label] ?? r.label}</th>
                <td>{r.examples ?? '–'}</td>
                <td>{r.metric}{r.featureSet ? ` (features: ${FEATURE_SET_NOTE[r.featureSet]})` : ''}</td>
                <td>{withInterval(r.base)}</td>
                <td data-testid={`learned-${r.label}`}>{withInterval(r.learned)}</td>
              </tr>
              {r.withinExpansion && (
                <>
                  <tr data-row={`${r.label}-overall`}>
                    <th scope="row">{LABEL_TITLE[r.label] ?? r.label}</th>
                    <td />
                    <td>ROC AUC {r.withinExpansion.positiveClass} vs rest</td>
                    <td>{withInterval(r.withinExpansion.overall.base)}</td>
                    <td>{withInterval(r.withinExpansion.overall.learned)}</td>
                  </tr>
                  <tr data-row={`${r.label}-within-expansion`}>
                    <th scope="row">{LABEL_TITLE[r.label] ?? r.label}</th>
                    <td />
                    <td>same, within equal expansion</td>
                    <td>{withInterval(r.withinExpansion.within.base)}</td>
                    <td data-testid={`learned-${r.label}-within-expansion`} data-expansion-only={r.withinExpansion.learnedExpansionOnly}>
                      {withInterval(r.withinExpansion.within.learned)}
                      {r.withinExpansion.learnedExpansionOnly && <strong> learned expansion only</strong>}
                    </td>
                  </tr>
                </>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
      {figures.rows.filter((r) => r.withinExpansion?.learnedExpansionOnly && r.withinExpansion.note).map((r) => (
        <p key={r.label} className="warning" data-testid="learned-expansion-only">⚠ {r.withinExpansion!.note}</p>
      ))}
      <p className="hint">
        {figures.folds ?? 'k'}-fold cross-validation on {figures.examples ?? 'the'} examples of this lab, before the final fit on all of them: the only validation this model has had. Intervals are bootstrap 95 %.
      </p>
    </section>
  );
}
