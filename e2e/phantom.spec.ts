// Phantoms are reproducible: the same seed gives the same bytes in Chromium (demo batch,
// rendered in the pipeline worker) and in Node.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { demoBatch, DEMO_SEED } from '../src/features/phantom';
import { openApp, stopServer, storedImages, waitForBatch, type Session } from './harness';

describe('phantoms are identical in the browser and in Node', () => {
  let s: Session;
  before(async () => { s = await openApp(); });
  after(async () => { await s?.close(); await stopServer(); });

  it('demo batch PNG bytes hash the same as the Node render of the same seed', async () => {
    await s.page.getByTestId('demo-batch').click();
    await waitForBatch(s.page, 12, 400_000);
    // The app stores each file's sha256 (its duplicate check) in IndexedDB.
    const browser = Object.fromEntries(Object.entries(await storedImages(s.page)).map(([name, r]) => [name, r.contentHash]));
    const node = Object.fromEntries(demoBatch(DEMO_SEED).map((f) => [f.name, createHash('sha256').update(f.png).digest('hex')]));
    assert.equal(Object.keys(node).length, 12);
    assert.deepEqual(browser, node);
    assert.deepEqual(s.offsiteRequests, []);
  });
});
