import { create } from 'zustand';
import { defaultRankingOptions, type RankingOptions } from '../../features/ranking';

interface SettingsState {
  ranking: RankingOptions;
  setRanking(patch: Partial<RankingOptions>): void;
}

/** Settings live here for the UI and are saved to IndexedDB by the services (see persistSettings). */
export const useSettingsStore = create<SettingsState>((set) => ({
  ranking: defaultRankingOptions(),
  setRanking: (patch) => set((s) => ({ ranking: { ...s.ranking, ...patch } })),
}));
