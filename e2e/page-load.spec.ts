// A plain page load, as in a desktop browser: no request fails (a missing
// favicon used to log a 404 on every load) and nothing is logged as an error.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openApp, stopServer, type Session } from './harness';

describe('a page load', () => {
  let s: Session;
  before(async () => { s = await openApp({ desktop: true }); });
  after(async () => { await s?.close(); await stopServer(); });

  it('requests nothing that is missing and logs no error, on first load and on reload', async () => {
    await s.page.getByTestId('batch-input').waitFor({ state: 'attached' });
    await s.page.waitForTimeout(3000); // the favicon and the service worker come after the load event
    await s.page.reload();
    await s.page.waitForTimeout(3000);
    assert.deepEqual(s.failedResponses, []);
    assert.deepEqual(s.pageErrors, []);
  });
});
