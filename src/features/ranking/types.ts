// Public shapes of the ranking feature: what a caller hands in, what comes back.
import type { EmbryoDay, HeadName, HeadPrediction, OutcomePrediction } from '../../lib/types';

export type RankingPolicyId = 'expected-score' | 'gardner-lexicographic' | 'weill-cornell' | 'outcome';

/** One embryo as the ranker sees it. */
export interface RankingEmbryo {
  /** Stable id (file name or content hash); also what `tiedWith` lists. */
  id: string;
  /** The AI's per-head prediction; null when grading failed or has not run (the embryo is left unranked). */
  heads: readonly HeadPrediction[] | null;
  /**
   * The embryologist's final grade per head: a class label, NOT_GRADABLE ('NG'),
   * or null/absent = not overridden (the AI grade stands).
   */
  finalGrades?: Partial<Record<HeadName, string | null>>;
  /** Day this blastocyst was graded; overrides RankingOptions.day (cohorts often mix D5 and D6). */
  day?: EmbryoDay;
  /** The model's lab-outcome probability, when its model had an outcome head (the "outcome" policy ranks on it). */
  outcome?: OutcomePrediction | null;
}

export type HeadWeights = Record<HeadName, number>;

/** Points per grade label for the Weill Cornell score, per head (1 = best, 4 = worst). */
export type WeillCornellPoints = Partial<Record<HeadName, Record<string, number>>>;

export interface RankingOptions {
  policy: RankingPolicyId;
  /** true (default): rank on the final (overridden) grades; false: on the AI grades only. */
  useFinalGrades?: boolean;
  /** Expected-score weights per head; need not sum to 1 (they are normalised). */
  weights?: Partial<HeadWeights>;
  /** Batch day, used by the Weill Cornell day bonus when an embryo has none (default D5). */
  day?: EmbryoDay;
  /** Replaces the built-in Weill Cornell points table, head by head (a lab's own table). */
  weillCornellPoints?: WeillCornellPoints;
}

export type RankingFlagKind = 'not-gradable' | 'low-confidence' | 'views-disagree' | 'missing-head' | 'unknown-grade' | 'no-prediction' | 'no-outcome';

export interface RankingFlag {
  kind: RankingFlagKind;
  head?: HeadName;
  /** One sentence for the screen and the grade sheet. */
  message: string;
}

/**
 * clean: ranked normally; flagged: ranked, but only after every clean embryo;
 * unranked: no prediction, rank null.
 */
export type RankingGroup = 'clean' | 'flagged' | 'unranked';

export interface RankedEmbryo {
  id: string;
  /** 1 = first choice. Ties share a rank ("1, 2, 2, 4"). null when unranked. */
  rank: number | null;
  /** The policy's number (see the policy's `betterIs`); null for lexicographic and unranked. */
  score: number | null;
  /** What to show for the score, e.g. "0.874", "4AB", "BS 5 (good)". */
  scoreLabel: string;
  /** The grade string the ranking used, e.g. "4AB" (final or AI grades per the toggle). */
  grade: string;
  tie: boolean;
  /** Ids of the other embryos sharing this rank, in rank order. */
  tiedWith: string[];
  group: RankingGroup;
  flags: RankingFlag[];
  /** Set when the embryo is ranked after every clean one (group flagged): "Ranked after unflagged embryos: <the flags that moved it>". */
  demotion: string | null;
}
