// The ranking the page uses: the saved settings, with the selected model's card deciding the
// default weights while the user has chosen none (the same rule `blastograde grade --rank` uses).
import { useMemo } from 'react';
import { modelFigures } from '../../features/inference';
import { useModelStore } from '../../features/models';
import { effectiveRanking, type EffectiveRanking } from '../../features/ranking';
import { useSettingsStore } from './settings-store';

export interface PageRanking extends EffectiveRanking {
  /**
   * false while the default weights wait for the selected model's card (the model is still
   * loading and the user chose no weights): ranks shown then would change a moment later
   * (a restored batch ranked by the literature weights, then by the card's), so none are shown.
   */
  settled: boolean;
}

export function useEffectiveRanking(): PageRanking {
  const ranking = useSettingsStore((s) => s.ranking);
  const card = useModelStore((s) => s.grader?.card ?? null);
  const failed = useModelStore((s) => s.status === 'error');
  return useMemo(
    () => ({ ...effectiveRanking(ranking, card ? modelFigures(card) : null), settled: !!ranking.weights || !!card || failed }),
    [ranking, card, failed],
  );
}
