// The ranking the page uses: the saved settings, with the selected model's card deciding the
// default weights while the user has chosen none (the same rule `blastograde grade --rank` uses).
import { useMemo } from 'react';
import { modelFigures } from '../../features/inference';
import { useModelStore } from '../../features/models';
import { effectiveRanking, type EffectiveRanking } from '../../features/ranking';
import { useSettingsStore } from './settings-store';

export function useEffectiveRanking(): EffectiveRanking {
  const ranking = useSettingsStore((s) => s.ranking);
  const card = useModelStore((s) => s.grader?.card ?? null);
  return useMemo(() => effectiveRanking(ranking, card ? modelFigures(card) : null), [ranking, card]);
}
