// Issue 3: the same seed gives the same phantom bytes in Chromium (demo batch,
// rendered in the pipeline worker) and in Node.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { demoBatch, DEMO_SEED } from '../src/features/phantom';
import { openApp, stopServer, waitForBatch, type Session } from './harness';

describe('phantoms are identical in the browser and in Node', () => {
  let s: Session;
  before(async () => { s = await openApp(); });
  after(async () => { await s?.close(); await stopServer(); });

  it('demo batch PNG bytes hash the same as the Node render of the same seed', async () => {
    await s.page.getByTestId('demo-batch').click();
    await waitForBatch(s.page, 12, 400_000);
    // The app stores each file's sha256 (its duplicate check) in IndexedDB.
    const browser = await s.page.evaluate(
      () =>
        new Promise<Record<string, string>>((resolve, reject) => {
          const open = indexedDB.open('blastograde');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const read = open.result.transaction('images').objectStore('images').getAll();
            read.onsuccess = () => resolve(Object.fromEntries(read.result.map((r: { fileName: string; contentHash: string }) => [r.fileName, r.contentHash])));
          };
        }),
    );
    const node = Object.fromEntries(demoBatch(DEMO_SEED).map((f) => [f.name, createHash('sha256').update(f.png).digest('hex')]));
    assert.equal(Object.keys(node).length, 12);
    assert.deepEqual(browser, node);
    assert.deepEqual(s.offsiteRequests, []);
  });
});
