import { describe, expect, it } from 'vitest';
import { outcomeColumnTitle } from './outcome-column';
import type { EmbryoRow } from './types';

const row = (outcome?: EmbryoRow['outcome']) => ({ ...(outcome ? { outcome } : {}) }) as EmbryoRow;

describe('outcomeColumnTitle', () => {
  it('names the column after what positive meant, only when a row has a probability', () => {
    expect(outcomeColumnTitle([])).toBeNull();
    expect(outcomeColumnTitle([row(), row()])).toBeNull();
    expect(outcomeColumnTitle([row(), row({ probability: 0.4, positiveLabel: 'good' }), row({ probability: 0.9, positiveLabel: 'good' })])).toBe('P(good)');
    expect(outcomeColumnTitle([row({ probability: 0.4, positiveLabel: 'good' }), row({ probability: 0.9, positiveLabel: 'fetal heart' })])).toBe('P(outcome)');
  });
});
