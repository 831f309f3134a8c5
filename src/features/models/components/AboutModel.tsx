// "About this model": identity, intended use (shown first and prominently), training
// provenance, the exact weights' hash, the backend and its reason, and the metrics.
import { type ModelCard, isNotForClinicalUse, type BackendChoice, learnedFigures, modelFigures } from '../../inference';
import { LearnedFigureTable } from './LearnedFigureTable';
import { RealSignalFigures } from './RealSignalFigures';

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
      {learned && learned.rows.length > 0 && <LearnedFigureTable figures={learned} />}
      {figures.rows.length > 0 && <RealSignalFigures figures={figures} />}
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
