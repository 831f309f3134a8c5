// Vite plugin: writes sw.js (see src/app/offline/service-worker-source.ts) into the build with the list
// of every emitted file to precache; its cache name changes with the build's content.
import { createHash } from 'node:crypto';
import type { Plugin } from 'vite';
import { serviceWorkerSource } from '../../src/app/offline/service-worker-source.ts';

export const SERVICE_WORKER_FILE = 'sw.js';

export function offlineServiceWorker(): Plugin {
  return {
    name: 'blastograde:offline-service-worker',
    apply: 'build',
    generateBundle(_options, bundle) {
      if (bundle[SERVICE_WORKER_FILE]) return; // listed twice: the first one wrote it
      const files = Object.keys(bundle)
        .filter((name) => name !== SERVICE_WORKER_FILE && !name.endsWith('.map'))
        .sort();
      const hash = createHash('sha256');
      for (const name of files) {
        const item = bundle[name]!;
        hash.update(name);
        hash.update(item.type === 'chunk' ? item.code : typeof item.source === 'string' ? item.source : Buffer.from(item.source));
      }
      const version = hash.digest('hex').slice(0, 16);
      // './' and 'index.html' both name the shell; the navigation fallback uses index.html.
      const precache = ['./', ...files];
      this.emitFile({ type: 'asset', fileName: SERVICE_WORKER_FILE, source: serviceWorkerSource(version, precache) });
    },
  };
}
