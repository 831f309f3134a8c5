// Decides, per head, which grade a policy ranks on (final override or AI) and
// which flags that choice raises. Policies only ever see ResolvedHeads.
import { DEFAULT_GRADED_FROM_EXPANSION, HEAD_NAMES, NOT_GRADABLE, type HeadName, type HeadPrediction } from '../../lib/types';
import { viewsDisagree } from '../../lib/view-agreement';
import { gradeScale, type GradeScale } from './grade-scale';
import type { RankingEmbryo, RankingFlag } from './types';

export interface ResolvedHead {
  name: HeadName;
  /** The grade used: the final grade when overridden (and final grades are used), else the AI argmax; null if none. */
  label: string | null;
  source: 'ai' | 'final';
  notGradable: boolean;
  /** Label probabilities the expected score uses: the AI's, or one-hot on an overriding final grade. */
  distribution: Array<{ label: string; p: number }>;
  scale: GradeScale | null;
}

export type ResolvedHeads = Record<HeadName, ResolvedHead>;

export interface Resolution {
  heads: ResolvedHeads;
  flags: RankingFlag[];
}

const HEAD_TITLE: Record<HeadName, string> = { expansion: 'Expansion', icm: 'ICM', te: 'TE' };

export function resolveHeads(embryo: RankingEmbryo, useFinalGrades: boolean): Resolution {
  const flags: RankingFlag[] = [];
  let expansion: ResolvedHead | null = null;
  const entries = HEAD_NAMES.map((name) => {
    const prediction = embryo.heads?.find((h) => h.name === name);
    const final = useFinalGrades ? normaliseFinal(embryo.finalGrades?.[name]) : null;
    let head = final !== null ? fromFinal(name, final, prediction) : fromPrediction(name, prediction);
    if (name === 'expansion') expansion = head;
    // The model card says from which expansion on a head is graded (Gardner: ICM and TE from
    // 3, a full blastocyst); below it the AI's grade is not used, but the embryologist's is.
    const from = gradedFrom(name, prediction);
    if (head.source === 'ai' && head.label !== null && from !== null && isBelow(expansion, from)) {
      head = { ...head, label: NOT_GRADABLE, notGradable: true, distribution: [] };
      const why = from === DEFAULT_GRADED_FROM_EXPANSION[name] ? 'Gardner' : "this model's grading rule";
      flags.push({ kind: 'not-gradable', head: name, message: `${HEAD_TITLE[name]}: not graded below expansion ${from} (${why}); the AI's ${HEAD_TITLE[name]} output is not used.` });
      return [name, head] as const;
    }
    flags.push(...flagsFor(head, prediction));
    return [name, head] as const;
  });
  return { heads: Object.fromEntries(entries) as ResolvedHeads, flags };
}

/** The lowest expansion class this head is graded from: the card's rule carried on the prediction, else the default. */
function gradedFrom(name: HeadName, prediction: HeadPrediction | undefined): string | null {
  if (name === 'expansion') return null;
  return prediction?.gradedFromExpansion ?? DEFAULT_GRADED_FROM_EXPANSION[name] ?? null;
}

/** True when the expansion grade used lies below `from` on the expansion scale; unknown or missing grades are not. */
function isBelow(expansion: ResolvedHead | null, from: string): boolean {
  if (!expansion?.scale || expansion.label === null || expansion.notGradable) return false;
  const at = expansion.scale.ordinal(expansion.label);
  const lowest = expansion.scale.ordinal(from);
  return at !== null && lowest !== null && at < lowest;
}

function normaliseFinal(value: string | null | undefined): string | null {
  return value == null || value.trim() === '' ? null : value.trim();
}

function fromFinal(name: HeadName, label: string, prediction: HeadPrediction | undefined): ResolvedHead {
  const notGradable = label === NOT_GRADABLE;
  return {
    name,
    label,
    source: 'final',
    notGradable,
    distribution: notGradable ? [] : [{ label, p: 1 }],
    scale: gradeScale(name, prediction?.classes ?? (notGradable ? [] : [label])),
  };
}

function fromPrediction(name: HeadName, prediction: HeadPrediction | undefined): ResolvedHead {
  if (!prediction) return { name, label: null, source: 'ai', notGradable: false, distribution: [], scale: null };
  return {
    name,
    label: prediction.argmax,
    source: 'ai',
    notGradable: prediction.argmax === NOT_GRADABLE,
    distribution: prediction.classes.map((label, i) => ({ label, p: prediction.probabilities[i] ?? 0 })),
    scale: gradeScale(name, prediction.classes),
  };
}

function flagsFor(head: ResolvedHead, prediction: HeadPrediction | undefined): RankingFlag[] {
  const title = HEAD_TITLE[head.name];
  if (head.label === null) {
    return [{ kind: 'missing-head', head: head.name, message: `${title}: no grade from the model or the embryologist.` }];
  }
  if (head.notGradable) {
    return [{ kind: 'not-gradable', head: head.name, message: `${title} marked not gradable.` }];
  }
  const flags: RankingFlag[] = [];
  // A reviewed (overridden) head is the embryologist's call, so the AI's doubt no longer applies.
  if (head.source === 'ai' && prediction?.lowConfidence) {
    flags.push({ kind: 'low-confidence', head: head.name, message: `${title}: low-confidence AI grade (${head.label}); review it.` });
  }
  // The grade is the mean over the crop's orientations; when too few of them make its call on
  // their own, the call depends on how the crop is turned. Unknown agreement (older grades) raises nothing.
  if (head.source === 'ai' && viewsDisagree(prediction?.viewAgreement)) {
    const { agree, of } = prediction!.viewAgreement!;
    flags.push({ kind: 'views-disagree', head: head.name, message: `${title}: the model's ${of} views of this crop disagree (${agree} of ${of} call ${head.label}); review it.` });
  }
  if (head.scale?.ordinal(head.label) == null) {
    flags.push({ kind: 'unknown-grade', head: head.name, message: `${title}: grade "${head.label}" is not on this model's scale; ranked as the worst grade.` });
  }
  return flags;
}

/** Ordinal of the grade used (1 best, 0 worst grade); not gradable, missing and unknown grades get -1, below every grade. */
export function headOrdinal(head: ResolvedHead): number {
  if (head.label === null || head.notGradable || !head.scale) return -1;
  return head.scale.ordinal(head.label) ?? -1;
}
