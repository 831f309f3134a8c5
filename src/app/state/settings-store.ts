import { create } from 'zustand';
import { DEFAULT_WEIGHTS, defaultRankingOptions, type RankingOptions } from '../../features/ranking';
import { HEAD_NAMES } from '../../lib/types';

/**
 * The ranking settings: `weights` absent means "the selected model's default" (the card
 * decides, effectiveRanking); once the user sets them, they win and `weightsChosen` says so.
 */
export interface RankingSettings extends RankingOptions {
  weightsChosen?: boolean;
}

interface SettingsState {
  ranking: RankingSettings;
  setRanking(patch: Partial<RankingSettings>): void;
}

/** Settings live here for the UI and are saved to IndexedDB by the services (see persistSettings). */
export const useSettingsStore = create<SettingsState>((set) => ({
  ranking: defaultRankingOptions(),
  setRanking: (patch) => set((s) => ({ ranking: { ...s.ranking, ...patch } })),
}));

/**
 * Saved ranking settings as the store takes them. Before the card decided the default weights,
 * every install saved DEFAULT_WEIGHTS whether or not anyone changed them: those are not a choice.
 */
export function restoredRanking(saved: Partial<RankingSettings>): Partial<RankingSettings> {
  const { weights, ...rest } = saved;
  const untouched = !saved.weightsChosen && !!weights && HEAD_NAMES.every((head) => weights[head] === DEFAULT_WEIGHTS[head]);
  return weights && !untouched ? { ...rest, weights, weightsChosen: true } : rest;
}
