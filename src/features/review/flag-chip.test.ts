import { describe, expect, it } from 'vitest';
import { rankEmbryos } from '../ranking';
import type { HeadName, HeadPrediction } from '../../lib/types';
import { flagChip } from './flag-chip';

const certain = (name: HeadName, grade: string, lowConfidence = false): HeadPrediction => {
  const classes = name === 'expansion' ? ['1', '2', '3', '4', '5', '6'] : ['A', 'B', 'C'];
  return { name, classes, probabilities: classes.map((c) => (c === grade ? 1 : 0)), argmax: grade, lowConfidence };
};

describe('flagChip', () => {
  it('gives each flag the ranking raises a short label naming its head', () => {
    const ranked = rankEmbryos(
      [
        { id: 'small', heads: [certain('expansion', '2'), certain('icm', 'A'), certain('te', 'A')] },
        { id: 'unsure', heads: [certain('expansion', '4'), certain('icm', 'A'), certain('te', 'A', true)] },
      ],
      { policy: 'expected-score' },
    );
    const chips = ranked.flatMap((r) => r.flags.map((f) => flagChip(f.message)));
    expect(chips).toEqual(expect.arrayContaining(['ICM not graded', 'TE not graded', 'TE low confidence']));
  });

  it('labels the fixed sentences', () => {
    expect(flagChip('ICM marked not gradable.')).toBe('ICM not gradable');
    expect(flagChip("Expansion: the model's 8 views of this crop disagree (5 of 8 call 4); review it.")).toBe('Expansion views disagree');
    expect(flagChip('No AI prediction (not graded or failed); not ranked.')).toBe('no prediction');
  });

  it('shortens an unknown sentence to its first words', () => {
    expect(flagChip('Something new happened to this embryo today.')).toBe('Something new happened to…');
    expect(flagChip('Short one.')).toBe('Short one.');
  });
});
