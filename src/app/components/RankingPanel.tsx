import { useModelStore } from '../../features/models';
import { policyUnavailableReason, RANKING_POLICIES, rankingPolicy, resolveWeights, type RankingPolicyId } from '../../features/ranking';
import { HEAD_NAMES } from '../../lib/types';
import { useSettingsStore } from '../state/settings-store';

const HEAD_LABEL = { expansion: 'Expansion', icm: 'ICM', te: 'TE' };

/** The ranking policy is always visible and can be changed: never a hidden score. */
export function RankingPanel() {
  const ranking = useSettingsStore((s) => s.ranking);
  const setRanking = useSettingsStore((s) => s.setRanking);
  const policy = rankingPolicy(ranking.policy);
  const weights = resolveWeights(ranking.weights);
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
                type="number" min={0} max={10} step={0.1} value={ranking.weights?.[head] ?? weights[head]}
                data-testid={`weight-${head}`}
                onChange={(e) => setRanking({ weights: { ...ranking.weights, [head]: Math.max(0, Number(e.target.value) || 0) } })}
              />
            </label>
          ))}
        </span>
      )}
      <details>
        <summary>How this policy ranks</summary>
        <p>{policy.description}</p>
        <p className="citation">{policy.citation}</p>
        {policy.isFlagged ? (
          <p>Flags (⚑) are shown as under every policy; which of them rank an embryo after the others is said above. Ties share a rank.</p>
        ) : (
          <p>Embryos with a not-gradable or low-confidence head are flagged (⚑) and ranked after the others; ties share a rank. A flag that the model&apos;s views of the crop (turned and mirrored) disagree asks for review and does not move the embryo.</p>
        )}
        <p>Below the expansion from which the model&apos;s card says a head is graded (for the default model, ICM and TE from expansion 3, a full blastocyst, as Gardner grades them), the AI&apos;s grade of that head is not used: it counts as not gradable unless you enter a grade. The flag on each embryo names the rule that applied.</p>
      </details>
    </section>
  );
}
