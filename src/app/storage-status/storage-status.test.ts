import { describe, expect, it } from 'vitest';
import { formatBytes, isLowOnSpace, lowSpaceWarning, storageExplanation, storageLine } from './storage-status';

const MB = 1024 * 1024;
const GB = 1024 * MB;

describe('storage status', () => {
  it('says whether storage is kept and how much is used of the quota, in one short line', () => {
    expect(storageLine({ persisted: true, usage: 12 * MB, quota: 2.1 * GB })).toBe('Storage kept · 12 MB used of 2.1 GB');
    expect(storageLine({ persisted: false, usage: 0, quota: 300 * GB })).toBe('Storage not guaranteed · 0 B used of 300 GB');
    expect(storageLine({ persisted: null, usage: null, quota: null })).toBe('Storage');
    expect(storageExplanation({ persisted: false, usage: 1 * GB, quota: 3 * GB })).toMatch(/may delete.*2 GB free\.$/);
  });

  it('warns below 500 MB free or below 10 % of the quota, and not before', () => {
    expect(isLowOnSpace({ persisted: true, usage: 10 * GB - 499 * MB, quota: 10 * GB })).toBe(true);
    expect(isLowOnSpace({ persisted: true, usage: 10 * GB - 600 * MB, quota: 10 * GB })).toBe(true); // 5.9 % free
    expect(isLowOnSpace({ persisted: true, usage: 8 * GB, quota: 10 * GB })).toBe(false); // 20 %, 2 GB
    expect(isLowOnSpace({ persisted: true, usage: 100 * GB - 9 * GB, quota: 100 * GB })).toBe(true); // 9 % but 9 GB
    expect(isLowOnSpace({ persisted: true, usage: null, quota: null })).toBe(false);
    expect(isLowOnSpace({ persisted: true, usage: 0, quota: 0 })).toBe(false);
    expect(lowSpaceWarning({ persisted: true, usage: 1900 * MB, quota: 2 * GB })).toMatch(/^Storage is running out: 148 MB left/);
    expect(lowSpaceWarning({ persisted: true, usage: 0, quota: 2 * GB })).toBeNull();
  });

  it('formats sizes for a person', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(150 * MB)).toBe('150 MB');
  });
});
