import { create } from 'zustand';
import { DEFAULT_POLICY_ID, DEFAULT_WEIGHTS, type RankingOptions } from '../../features/ranking';

interface SettingsState {
  ranking: RankingOptions;
  setRanking(patch: Partial<RankingOptions>): void;
}

/** Settings live here for the UI and are saved to IndexedDB by the services (see persistSettings). */
export const useSettingsStore = create<SettingsState>((set) => ({
  ranking: { policy: DEFAULT_POLICY_ID, useFinalGrades: true, weights: { ...DEFAULT_WEIGHTS } },
  setRanking: (patch) => set((s) => ({ ranking: { ...s.ranking, ...patch } })),
}));
