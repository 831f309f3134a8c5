import { create } from 'zustand';
import { DEFAULT_POLICY_ID, type RankingOptions } from '../../features/ranking';

interface SettingsState {
  ranking: RankingOptions;
  setRanking(patch: Partial<RankingOptions>): void;
}

export const useSettingsStore = create<SettingsState>((set) => ({
  ranking: { policy: DEFAULT_POLICY_ID, useFinalGrades: true },
  setRanking: (patch) => set((s) => ({ ranking: { ...s.ranking, ...patch } })),
}));
