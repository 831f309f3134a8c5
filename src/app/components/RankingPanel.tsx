import { useModelStore } from '../../features/models';
import { DEFAULT_WEIGHTS, leftOutNote, policyUnavailableReason, RANKING_POLICIES, rankingPolicy, resolveWeights, type RankingPolicyId } from '../../features/ranking';
import { HEAD_NAMES } from '../../lib/types';
import { useEffectiveRanking } from '../state/effective-ranking';
import { useSettingsStore } from '../state/settings-store';

const HEAD_LABEL = { expansion: 'Expansion', icm: 'ICM', te: 'TE' };

/** The ranking policy is always visible and can be changed: never a hidden score. */
export function RankingPanel() {
  const ranking = useSettingsStore((s) => s.ranking);
  const setRanking = useSettingsStore((s) => s.setRanking);
  const policy = rankingPolicy(ranking.policy);
  // The weights ranked with: the user's, else the selected model's default (heads its card calls chance or inverted left out).
  const { options: effective, leftOut } = useEffectiveRanking();
  const weights = resolveWeights(effective.weights);
  // What the current model can rank by (lab outcome needs an outcome head); nothing is said while a model loads.
  const card = useModelStore((s) => s.grader?.card ?? null);
  const settled = useModelStore((s) => s.status !== 'loading' && s.status !== 'idle');
  const unavailable = (id: RankingPolicyId) => (settled || card ? policyUnavailableReason(id, card) : null);
  const current = unavailable(policy.id);
  return (
    <section className="ranking-panel" aria-label="Ranking policy">
      <label>
        Ranking policy{' '}
        <select data-testid="ranking-policy" value={ranking.policy} onChange={(e) => setRanking({ policy: e.target.value as RankingPolicyId })}>
          {RANKING_POLICIES.map((p) => {
            const reason = unavailable(p.id);
            return (
              <option key={p.id} value={p.id} disabled={!!reason && p.id !== ranking.policy} title={reason ?? undefined}>
                {p.name}{reason ? ' (needs a model with an outcome head)' : ''}
              </option>
            );
          })}
        </select>
      </label>
      {current && <p className="policy-unavailable" role="note" data-testid="policy-unavailable">{current} Choose another policy or a model learned from your outcomes.</p>}
      <label>
        <input
          type="checkbox"
          data-testid="use-final-grades"
          checked={ranking.useFinalGrades !== false}
          onChange={(e) => setRanking({ useFinalGrades: e.target.checked })}
        />{' '}
        rank by final (overridden) grades
      </label>
      {policy.id === 'expected-score' && (
        <span className="weights">
          Weights:{' '}
          {HEAD_NAMES.map((head) => (
            <label key={head}>
              {HEAD_LABEL[head]}{' '}
              <input
                type="number" min={0} max={10} step={0.1} value={weights[head]}
                data-testid={`weight-${head}`}
                onChange={(e) => setRanking({ weights: { ...weights, [head]: Math.max(0, Number(e.target.value) || 0) }, weightsChosen: true })}
              />
            </label>
          ))}
        </span>
      )}
      {policy.id === 'expected-score' && leftOut.length > 0 && (
        <p className="weights-note" role="note" data-testid="weights-note">
          {leftOutNote(leftOut)} The model&apos;s card says not to rely on {leftOut.length === 1 ? 'that grade' : 'those grades'}, so the default weights leave {leftOut.length === 1 ? 'it' : 'them'} out.{' '}
          <button type="button" data-testid="weights-put-back" onClick={() => setRanking({ weights: { ...DEFAULT_WEIGHTS }, weightsChosen: true })}>
            Put {leftOut.length === 1 ? 'it' : 'them'} back
          </button>
        </p>
      )}
      {policy.id === 'expected-score' && ranking.weights && (
        <button type="button" data-testid="weights-model-default" onClick={() => setRanking({ weights: undefined, weightsChosen: false })}>
          Use the model&apos;s default weights
        </button>
      )}
      <details>
        <summary>How this policy ranks</summary>
        <p>{policy.description}</p>
        <p className="citation">{policy.citation}</p>
        {policy.isFlagged ? (
          <p>Flags (⚑) are shown as under every policy; which of them rank an embryo after the others is said above. Ties share a rank.</p>
        ) : (
          <p>Embryos with a not-graded or low-confidence head are flagged (⚑) and ranked after the others, whatever their score; the table and the grade sheet say so beside the embryo. Ties share a rank. A flag that the model&apos;s views of the crop (turned and mirrored) disagree asks for review and does not move the embryo.</p>
        )}
        <p>Below the expansion from which the model&apos;s card says a head is graded (for the default model, ICM and TE from expansion 3, a full blastocyst, as Gardner grades them), the AI&apos;s grade of that head is not used: it counts as not gradable unless you enter a grade. The flag on each embryo names the rule that applied.</p>
      </details>
    </section>
  );
}
