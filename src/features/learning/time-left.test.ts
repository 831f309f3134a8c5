import { describe, expect, it } from 'vitest';
import { createTimeLeftClock, formatSeconds } from './time-left';

describe('time left', () => {
  it('extrapolates the stage from its own pace and starts afresh at each stage', () => {
    const clock = createTimeLeftClock();
    expect(clock.update({ stage: 'features', done: 0, total: 10 }, 0)).toBeNull();
    expect(clock.update({ stage: 'features', done: 2, total: 10 }, 4000)).toBe(16);
    expect(clock.update({ stage: 'cross-validation', done: 0, total: 5 }, 5000)).toBeNull();
    expect(clock.update({ stage: 'cross-validation', done: 1, total: 5 }, 6000)).toBe(4);
    expect(formatSeconds(4)).toBe('4 s');
    expect(formatSeconds(135)).toBe('2 min 15 s');
  });
});
