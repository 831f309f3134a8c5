import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { serviceWorkerSource } from './service-worker-source';

describe('offline service worker', () => {
  it('is valid JavaScript with the precache list and a versioned cache name', () => {
    const source = serviceWorkerSource('abc123', ['./', 'assets/app.js']);
    expect(() => new vm.Script(source)).not.toThrow();
    expect(source).toContain('"blastograde-app-abc123"');
    expect(source).toContain('["./","assets/app.js"]');
  });
});
