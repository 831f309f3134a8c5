// The model's figures a person reads first: held-out phantom macro-F1 beside the ROC AUC on
// real embryos (and after label-free adaptation), each real figure said in words.
import { verdictText, type ModelFigures } from '../../inference';

export const ROW_TITLE: Record<string, string> = { ranking: 'Ranking (default policy)', expansion: 'Expansion', icm: 'Inner cell mass', te: 'Trophectoderm' };
const figure = (value: number | null) => (value === null ? '–' : value.toFixed(3));

/** Phantom macro-F1 beside the real-embryo ROC AUC, each real figure with what it means. */
export function RealSignalFigures({ figures }: { figures: ModelFigures }) {
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
