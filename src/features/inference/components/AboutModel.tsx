// "About this model": identity, intended use (shown first and prominently), training
// provenance, the exact weights' hash, the backend and its reason, and the metrics.
import type { ModelCard } from '../model-card';
import { isNotForClinicalUse } from '../model-card';
import type { BackendChoice } from '../backend-types';
import { learnedFigures, modelFigures, verdictText, type IntervalFigure, type LearnedFigures, type ModelFigures } from '../model-figures';

export interface AboutModelProps {
  card: ModelCard;
  modelHash: string;
  backend?: BackendChoice;
}

const METRIC_LABELS: Record<string, string> = {
  accuracy: 'Accuracy',
  macroPrecision: 'Macro precision',
  macroRecall: 'Macro recall',
  macroF1: 'Macro F1',
  macro_f1: 'Macro F1',
  n: 'Images',
};

function formatValue(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(3);
  if (Array.isArray(value)) return value.map(formatValue).join(', ');
  if (value && typeof value === 'object') return Object.entries(value).map(([k, v]) => `${k}: ${formatValue(v)}`).join('; ');
  return String(value);
}

function HeadMetrics({ name, metrics }: { name: string; metrics: Record<string, unknown> }) {
  const { confusion, confusionMatrix, ...rest } = metrics as Record<string, unknown> & { confusion?: unknown; confusionMatrix?: unknown };
  const matrix = (confusion ?? confusionMatrix) as number[][] | undefined;
  return (
    <section className="about-model-head">
      <h4>{name}</h4>
      <dl>
        {Object.entries(rest).map(([key, value]) => (
          <div key={key}>
            <dt>{METRIC_LABELS[key] ?? key}</dt>
            <dd>{formatValue(value)}</dd>
          </div>
        ))}
      </dl>
      {Array.isArray(matrix) && (
        <table className="confusion" aria-label={`${name} confusion matrix (rows: truth, columns: predicted)`}>
          <tbody>
            {matrix.map((row, i) => (
              <tr key={i}>
                {row.map((v, j) => (
                  <td key={j}>{v}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

const ROW_TITLE: Record<string, string> = { ranking: 'Ranking (default policy)', expansion: 'Expansion', icm: 'Inner cell mass', te: 'Trophectoderm' };
const figure = (value: number | null) => (value === null ? '–' : value.toFixed(3));

/** Phantom macro-F1 beside the real-embryo ROC AUC, each real figure with what it means. */
function HowItDoes({ figures }: { figures: ModelFigures }) {
  const adapted = figures.rows.some((r) => r.adaptedRocAuc !== null);
  const real = figures.rows.some((r) => r.realRocAuc !== null);
  return (
    <section className="about-model-figures" data-testid="model-figures">
      <h4>How far to trust each grade</h4>
      {figures.baseModel && (
        <p className="warning" data-testid="figures-of-base">
          These are the figures of {figures.baseModel}, which this model was adapted from, measured before the adaptation; the adapted weights have not been measured.
        </p>
      )}
      <table>
        <thead>
          <tr>
            <th scope="col">Grade</th>
            <th scope="col">Phantoms held out: macro-F1</th>
            <th scope="col">Real embryos: ROC AUC, good vs not good</th>
            {adapted && <th scope="col">Real, after adapting to their lab (no labels)</th>}
            {real && <th scope="col">What the real figure means</th>}
          </tr>
        </thead>
        <tbody>
          {figures.rows.map((r) => (
            <tr key={r.name} data-row={r.name} data-verdict={r.verdict ?? ''}>
              <th scope="row">{ROW_TITLE[r.name] ?? r.name}</th>
              <td>{figure(r.phantomMacroF1)}{r.phantomN !== null && ` (${r.phantomN})`}</td>
              <td data-testid={`real-auc-${r.name}`}>{figure(r.realRocAuc)}</td>
              {adapted && <td>{figure(r.adaptedRocAuc)}</td>}
              {real && <td className={r.verdict === 'inverted' || r.verdict === 'chance' ? 'warning' : undefined}>{r.verdict && r.realRocAuc !== null ? verdictText(r.verdict, r.realRocAuc) : ''}</td>}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">
        Phantom figures say only that the model learned the synthetic images it was trained on; the real figures are what says anything about embryos.
        {figures.phantomData && <> Phantoms: {figures.phantomData}.</>}
        {figures.realData && <> Real: {figures.realData}.</>}
      </p>
    </section>
  );
}

const LABEL_TITLE: Record<string, string> = { outcome: 'Outcome', ...ROW_TITLE };
const withInterval = (f: IntervalFigure | null) => (f === null ? '–' : `${f.estimate.toFixed(3)}${f.low !== null && f.high !== null ? ` (${f.low.toFixed(2)}–${f.high.toFixed(2)})` : ''}`);

/** A learned model's cross-validated figures, base against learned on the same folds. */
function LearnedFromLab({ figures }: { figures: LearnedFigures }) {
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
            <tr key={r.label} data-row={r.label}>
              <th scope="row">{LABEL_TITLE[r.label] ?? r.label}</th>
              <td>{r.examples ?? '–'}</td>
              <td>{r.metric}</td>
              <td>{withInterval(r.base)}</td>
              <td data-testid={`learned-${r.label}`}>{withInterval(r.learned)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">
        {figures.folds ?? 'k'}-fold cross-validation on {figures.examples ?? 'the'} examples of this lab, before the final fit on all of them: the only validation this model has had. Intervals are bootstrap 95 %.
      </p>
    </section>
  );
}

export function AboutModel({ card, modelHash, backend }: AboutModelProps) {
  const notClinical = isNotForClinicalUse(card);
  const metrics = (card.metrics ?? {}) as Record<string, unknown>;
  const headMetrics = card.heads.filter((h) => metrics[h.name] && typeof metrics[h.name] === 'object');
  const otherMetrics = Object.entries(metrics).filter(([key]) => !card.heads.some((h) => h.name === key));
  const figures = modelFigures(card);
  const learned = learnedFigures(card);
  return (
    <section className="about-model" data-testid="about-model" aria-labelledby="about-model-title">
      <h3 id="about-model-title">About this model</h3>
      <p className={notClinical ? 'intended-use warning' : 'intended-use'} data-testid="intended-use" role={notClinical ? 'alert' : undefined}>
        <strong>Intended use:</strong> {card.intendedUse}
      </p>
      <dl className="about-model-facts">
        <div><dt>Model</dt><dd data-testid="about-model-id">{card.id}</dd></div>
        <div><dt>Version</dt><dd data-testid="about-model-version">{card.version}</dd></div>
        <div><dt>Architecture</dt><dd>{card.architecture}</dd></div>
        <div><dt>Input</dt><dd>{card.input.size[1]}×{card.input.size[0]} RGB, {card.input.normalization} normalisation</dd></div>
        <div><dt>Grades</dt><dd>{card.heads.map((h) => `${h.name} (${h.classes.join('/')})`).join(', ')}</dd></div>
        {card.training?.data && <div><dt>Trained on</dt><dd>{card.training.data}</dd></div>}
        {card.training?.date && <div><dt>Trained</dt><dd>{card.training.date}</dd></div>}
        {card.training?.codeVersion && <div><dt>Code</dt><dd>{card.training.codeVersion}</dd></div>}
        <div><dt>Weights hash</dt><dd><code title={modelHash}>{modelHash.slice(0, 16)}…</code></dd></div>
        {backend && <div><dt>Running on</dt><dd>{backend.name}: {backend.reason}</dd></div>}
      </dl>
      {learned && learned.rows.length > 0 && <LearnedFromLab figures={learned} />}
      {figures.rows.length > 0 && <HowItDoes figures={figures} />}
      {headMetrics.length === 0 && otherMetrics.length === 0 ? (
        !learned && <p>The model card reports no metrics.</p>
      ) : (
        <details>
          <summary>Every figure in the model card</summary>
          {headMetrics.map((h) => <HeadMetrics key={h.name} name={h.name} metrics={metrics[h.name] as Record<string, unknown>} />)}
          {otherMetrics.length > 0 && (
            <dl>
              {otherMetrics.map(([key, value]) => (
                <div key={key}><dt>{METRIC_LABELS[key] ?? key}</dt><dd>{formatValue(value)}</dd></div>
              ))}
            </dl>
          )}
        </details>
      )}
    </section>
  );
}
