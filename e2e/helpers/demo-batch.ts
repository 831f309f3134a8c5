// A suite that works on the graded 12-phantom demo batch: opens the app before the suite, grades
// the demo batch as its first test, and closes after. Call inside describe(); the returned
// function gives the session once the hooks have run.
import { after, before, it } from 'node:test';
import { openApp, stopServer, waitForBatch, type Session } from '../harness';

export function gradedDemoBatch(): () => Session {
  let s: Session | undefined;
  before(async () => { s = await openApp(); });
  after(async () => { await s?.close(); await stopServer(); });
  it('grades the demo batch', async () => {
    await s!.page.getByTestId('demo-batch').click();
    await waitForBatch(s!.page, 12, 400_000);
  });
  return () => s!;
}
