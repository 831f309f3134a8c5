import { describe, expect, it } from 'vitest';
import { adaptedModelId } from './adapted-id';

describe('adaptedModelId', () => {
  const date = new Date('2026-11-29T23:00:00Z');

  it('names the base and the day, and stays within 64 characters', () => {
    expect(adaptedModelId('default', date)).toBe('default-adapted-20261129');
    const long = adaptedModelId('x'.repeat(80), date);
    expect(long).toHaveLength(64);
    expect(long.endsWith('-adapted-20261129')).toBe(true);
  });

  it('numbers a second adaptation of the same day instead of taking the first one\'s id', () => {
    expect(adaptedModelId('default', date, ['default-adapted-20261129'])).toBe('default-adapted-20261129-2');
    expect(adaptedModelId('default', date, ['default-adapted-20261129', 'default-adapted-20261129-2'])).toBe('default-adapted-20261129-3');
    expect(adaptedModelId('y'.repeat(80), date, [adaptedModelId('y'.repeat(80), date)])).toHaveLength(64);
  });
});
