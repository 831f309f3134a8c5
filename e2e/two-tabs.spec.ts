// One batch, one writer (issue 25): two tabs of one browser on the same batch. The first tab
// writes; the second says so, is read-only and follows the writer's saves within a second; it can
// take over; reloads lose nothing; when the writing tab closes mid-batch the other one finishes it,
// one row per image, none graded twice. Also: the storage status is shown (and warns when low),
// and axe finds nothing serious in a read-only tab (banner, locked batch, low-space warning).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { demoBatch, DEMO_SEED } from '../src/features/phantom';
import { dropFiles, eventually, openApp, stopServer, tempFile, waitForBatch, type Session } from './harness';
import { seriousViolations } from './helpers/axe';

const row = (page: Page, file: string) => page.locator(`[data-testid="embryo"][data-file="${file}"]`);

/** The browser reports nearly full storage (1 GB quota, 100 MB free): what disk pressure looks like to the app. */
function nearlyFullStorage() {
  const quota = 1024 ** 3;
  navigator.storage.estimate = async () => ({ quota, usage: quota - 100 * 1024 ** 2 });
}

/**
 * Records, in this tab, every write of an image record (id and status), whether through
 * IDBObjectStore.put or a cursor update: how the test sees which tab ran which image through
 * the pipeline. A string, not a function: tsx would wrap the inner functions in a helper the
 * page does not have.
 */
const LOG_IMAGE_WRITES = `{
  const log = [];
  window.imageWrites = log;
  const note = (store, value) => { if (store.name === 'images' && value && value.id && value.status) log.push([value.id, value.status]); };
  const put = IDBObjectStore.prototype.put;
  IDBObjectStore.prototype.put = function (value, key) { note(this, value); return key === undefined ? put.call(this, value) : put.call(this, value, key); };
  const update = IDBCursor.prototype.update;
  IDBCursor.prototype.update = function (value) { if (this.source instanceof IDBObjectStore) note(this.source, value); return update.call(this, value); };
}`;

/** Pipeline passes per image id in a write log: each write of "grading" right after "preprocessing". */
function pipelinePasses(log: [string, string][]): Map<string, number> {
  const last = new Map<string, string>();
  const passes = new Map<string, number>();
  for (const [id, status] of log) {
    if (status === 'grading' && last.get(id) === 'preprocessing') passes.set(id, (passes.get(id) ?? 0) + 1);
    last.set(id, status);
  }
  return passes;
}

/**
 * Milliseconds from the start of `act` (the user's input, as Playwright sends it) until `check`
 * holds in the other tab, polled every 20 ms: an upper bound on the propagation.
 */
async function propagation(act: () => Promise<unknown>, other: Page, check: () => boolean | Promise<boolean>): Promise<number> {
  const start = Date.now();
  await act();
  for (;;) {
    if (await check()) return Date.now() - start;
    if (Date.now() - start > 10_000) throw new Error('the other tab never showed the change');
    await other.waitForTimeout(20);
  }
}

async function expectReadOnly(page: Page, file: string) {
  await page.getByTestId('writer-banner').waitFor();
  assert.match(await page.getByTestId('writer-banner').innerText(), /open for editing in another tab|taken over in another tab/);
  // The banner sits in a live region that is always there (announced when it appears), and the
  // locked batch fields say why they are locked, on screen and as their description.
  assert.equal(await page.getByTestId('writer-banner-region').getAttribute('role'), 'status');
  assert.match(await page.getByTestId('batch-details-locked').innerText(), /another tab holds this batch/);
  assert.match(await page.getByTestId('patient-id').getAttribute('aria-describedby') ?? '', /writer-banner-text/);
  const r = row(page, file);
  assert.equal(await r.getByTestId('notes').getAttribute('readonly'), '', 'notes read-only');
  assert.ok(await r.getByTestId('decision').isDisabled(), 'decision disabled');
  assert.ok(await r.getByTestId('override-expansion').isDisabled(), 'override disabled');
  assert.ok(await r.getByTestId('dish').isDisabled(), 'dish disabled');
  for (const field of ['patient-id', 'cycle-id', 'day', 'embryologist', 'clinic']) assert.ok(await page.getByTestId(field).isDisabled(), `${field} disabled`);
  assert.ok(await page.locator('input[data-testid="batch-input"]').isDisabled(), 'no drop into a batch another tab writes');
  // The grading keys do nothing here.
  const before = await r.getAttribute('data-decision');
  await r.focus();
  await page.keyboard.press(before === 'discard' ? 'f' : 'd');
  await page.waitForTimeout(300);
  assert.equal(await r.getAttribute('data-decision'), before, 'a grading key changed nothing in a read-only tab');
}

async function expectWriter(page: Page) {
  await eventually(async () => assert.equal(await page.getByTestId('writer-banner').count(), 0));
  assert.ok(await page.getByTestId('clinic').isEnabled());
  assert.equal(await page.getByTestId('batch-details-locked').count(), 0);
  assert.equal(await page.getByTestId('writer-banner-region').count(), 1, 'the live region waits, empty');
}

describe('two tabs, one batch', () => {
  let s: Session;
  const times: Record<string, number> = {};
  before(async () => { s = await openApp(); });
  after(async () => {
    console.log('propagation (ms):', JSON.stringify(times));
    await s?.close();
    await stopServer();
  });

  it('the second tab is read-only and follows the writer; taking over swaps them; reloads lose nothing', async () => {
    const a = s.page;
    const files = demoBatch(DEMO_SEED).slice(0, 2).map((f) => tempFile(f.name, f.png));
    const [first, second] = files.map((f) => f.name);
    await dropFiles(a, files);
    await waitForBatch(a, files.length, 300_000);
    await row(a, first).getByTestId('override-expansion').waitFor();
    await expectWriter(a);

    const b = await s.context.newPage();
    b.on('pageerror', (e) => s.pageErrors.push(e.message));
    await b.addInitScript(nearlyFullStorage);
    await b.goto(s.url);
    await waitForBatch(b, files.length, 60_000);
    await row(b, first).getByTestId('override-expansion').waitFor();
    await expectReadOnly(b, first);
    for (const page of [a, b]) {
      const status = page.getByTestId('storage-status');
      await eventually(async () => assert.match(await status.innerText(), /^Storage.*used of/));
      assert.ok(Number(await status.getAttribute('data-quota')) > 0, 'usage and quota shown');
    }
    // B's browser says the disk is nearly full: the status turns to a warning and a notice says so.
    await eventually(async () => assert.match(await b.getByTestId('storage-status').getAttribute('class') ?? '', /\blow\b/));
    await eventually(async () => assert.match((await b.getByTestId('notice').allInnerTexts()).join('\n'), /Storage is running out/));
    // Axe on the read-only tab: the banner, the locked batch form and rows, the low-space warning.
    assert.deepEqual(await seriousViolations(b), [], 'no serious accessibility violation in a read-only tab');

    // A edits: a note, a decision, an override and a batch field; B shows each within about a second.
    // The writer tells the other tabs on the app's channel (listened to here as a third party).
    await b.evaluate(() => {
      const heard: unknown[] = [];
      (window as unknown as { heard: unknown[] }).heard = heard;
      new BroadcastChannel('blastograde:batches').onmessage = (e) => heard.push(e.data);
    });
    const bRow = row(b, first);
    times.note = await propagation(() => row(a, first).getByTestId('notes').fill('ICM compact, A'), b, async () => (await bRow.getByTestId('notes').inputValue()) === 'ICM compact, A');
    times.decision = await propagation(() => row(a, first).getByTestId('decision').selectOption('transfer'), b, async () => (await bRow.getAttribute('data-decision')) === 'transfer');
    const overrideTo = await row(a, first).locator('[data-testid="override-expansion"] option').nth(2).getAttribute('value');
    times.override = await propagation(() => row(a, first).getByTestId('override-expansion').selectOption(overrideTo!), b, async () => (await bRow.getByTestId('override-expansion').inputValue()) === overrideTo);
    times.batchField = await propagation(() => a.getByTestId('clinic').fill('North Clinic'), b, async () => (await b.getByTestId('clinic').inputValue()) === 'North Clinic');
    times.dish = await propagation(() => row(a, second).getByTestId('dish').fill('D1'), b, async () => (await row(b, second).getByTestId('dish').inputValue()) === 'D1');
    for (const [what, ms] of Object.entries(times)) assert.ok(ms < 1500, `${what} reached the read-only tab in ${ms} ms`);
    const heard = await b.evaluate(() => (window as unknown as { heard: { type: string; batchId: string }[] }).heard);
    assert.ok(heard.filter((m) => m.type === 'batch-changed').length >= 5, `the writer said "batch changed": ${JSON.stringify(heard.slice(0, 3))}`);
    assert.equal(new Set(heard.map((m) => m.batchId)).size, 1, 'about the one batch');

    // B takes over: A turns read-only with the banner; B's edits reach A.
    times.takeOver = await propagation(() => b.getByTestId('take-over').click(), a, async () => (await a.getByTestId('writer-banner').count()) === 1);
    await expectWriter(b);
    assert.match(await a.getByTestId('writer-banner').innerText(), /taken over in another tab/);
    await expectReadOnly(a, first);
    assert.deepEqual(await seriousViolations(a), [], 'no serious accessibility violation in a tab that was taken over');
    assert.equal(await b.getByTestId('notes').first().getAttribute('readonly'), null);
    times.noteBack = await propagation(() => row(b, first).getByTestId('notes').fill('ICM compact, A; B agrees'), a, async () => (await row(a, first).getByTestId('notes').inputValue()) === 'ICM compact, A; B agrees');
    times.decisionBack = await propagation(() => row(b, second).getByTestId('decision').selectOption('freeze'), a, async () => (await row(a, second).getAttribute('data-decision')) === 'freeze');
    assert.ok(times.noteBack < 1500 && times.decisionBack < 1500, JSON.stringify(times));

    // Reload the reader, then the writer: everything is still there, in both.
    const expectAll = async (page: Page) => eventually(async () => {
      assert.equal(await row(page, first).getByTestId('notes').inputValue(), 'ICM compact, A; B agrees');
      assert.equal(await row(page, first).getAttribute('data-decision'), 'transfer');
      assert.equal(await row(page, first).getByTestId('override-expansion').inputValue(), overrideTo);
      assert.equal(await row(page, second).getAttribute('data-decision'), 'freeze');
      assert.equal(await row(page, second).getByTestId('dish').inputValue(), 'D1');
      assert.equal(await page.getByTestId('clinic').inputValue(), 'North Clinic');
    });
    await a.reload();
    await expectAll(a);
    await a.getByTestId('writer-banner').waitFor();
    await b.reload();
    await expectAll(b);
    await expectAll(a);
    // Exactly one of the two writes now (the reader that waited took the batch when B's page went).
    const banners = [await a.getByTestId('writer-banner').count(), await b.getByTestId('writer-banner').count()];
    assert.deepEqual([...banners].sort(), [0, 1], `one writer, one reader: ${banners}`);
    await b.close();
  });

  it('closing the writing tab mid-batch: the other tab finishes it, one row per image in both', async () => {
    const a = s.page;
    await expectWriter(a);
    await a.getByTestId('new-batch').click();
    await a.getByTestId('patient-id').fill('PT-CLOSE');
    const files = demoBatch(DEMO_SEED).slice(2, 12).map((f) => tempFile(f.name, f.png));
    assert.equal(files.length, 10);
    await dropFiles(a, files);
    await eventually(async () => assert.equal(await a.getByTestId('embryo').count(), files.length));

    const b = await s.context.newPage();
    b.on('pageerror', (e) => s.pageErrors.push(e.message));
    await b.addInitScript({ content: LOG_IMAGE_WRITES });
    await b.goto(s.url);
    await b.getByTestId('batch-item').filter({ hasText: 'PT-CLOSE' }).getByRole('button').first().click();
    await b.getByTestId('writer-banner').waitFor();
    const unfinished = async (page: Page) => page.locator('[data-testid="embryo"]:not([data-status="done"]):not([data-status="error"])').count();
    const left = await unfinished(a);
    assert.ok(left > 0, 'the writing tab closes while images are still being graded');
    // An edit made just before it goes is kept.
    await row(a, files[0].name).getByTestId('notes').fill('typed before closing');
    // A write the closing tab commits but never announces (its change notice lost with the tab):
    // its last queued image written as finished straight through IndexedDB, which tells no tab.
    // B must show it finished too, or the batch's progress never reaches its end.
    const unannounced = await a.evaluate(`new Promise((resolve, reject) => {
      const open = indexedDB.open('blastograde');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const store = open.result.transaction('images', 'readwrite').objectStore('images');
        const all = store.getAll();
        all.onsuccess = () => {
          const ids = new Set(${JSON.stringify(await a.getByTestId('embryo').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id'))))});
          const queued = all.result.filter((r) => ids.has(r.id) && r.status === 'queued').sort((x, y) => y.index - x.index)[0];
          if (!queued) return resolve(null);
          const put = store.put({ ...queued, status: 'done', prediction: null });
          put.onsuccess = () => resolve(queued.id);
          put.onerror = () => reject(put.error);
        };
      };
    })`) as string | null;
    await a.close();
    // What A had finished when it went: done in the database and not yet run by B.
    const { doneAtClose, writesSoFar } = await b.evaluate(() => new Promise<{ doneAtClose: string[]; writesSoFar: [string, string][] }>((resolve, reject) => {
      const open = indexedDB.open('blastograde');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const request = open.result.transaction('images').objectStore('images').getAll();
        request.onerror = () => reject(request.error);
        request.onsuccess = () => resolve({
          doneAtClose: (request.result as { id: string; status: string }[]).filter((r) => r.status === 'done').map((r) => r.id),
          writesSoFar: [...(window as unknown as { imageWrites: [string, string][] }).imageWrites],
        });
      };
    }));
    // (This batch's images only: the database also holds the first test's batch.)
    const thisBatch = new Set(await b.getByTestId('embryo').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id'))));
    const doneByA = doneAtClose.filter((id) => thisBatch.has(id) && !pipelinePasses(writesSoFar).has(id));

    // B is told, holds the batch now and finishes it.
    await expectWriter(b);
    await eventually(async () => assert.match(await b.getByTestId('notice').allInnerTexts().then((t) => t.join('\n')), /was closed/));
    await waitForBatch(b, files.length, 300_000);
    if (unannounced) assert.equal(await b.locator(`[data-testid="embryo"][data-id="${unannounced}"]`).getAttribute('data-status'), 'done', 'the unannounced write is shown');
    else console.log('# hand-over: no image was still queued when A closed, so the unannounced write was not made');
    const names = await b.getByTestId('embryo').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-file')));
    assert.deepEqual([...names].sort(), files.map((f) => f.name).sort(), 'one row per image');
    assert.equal(await b.locator('[data-testid="embryo"][data-status="error"]').count(), 0, 'no image was cancelled or failed by the hand-over');
    await eventually(async () => assert.equal(await row(b, files[0].name).getByTestId('notes').inputValue(), 'typed before closing'));
    // None graded twice: B ran each image at most once through the pipeline, and none that A had finished.
    const writes = await b.evaluate(() => (window as unknown as { imageWrites: [string, string][] }).imageWrites);
    const passes = pipelinePasses(writes);
    console.log(`# hand-over: ${files.length} images, ${left} unfinished when A closed, ${doneByA.length} done by A, ${[...passes.values()].reduce((n, p) => n + p, 0)} pipeline passes in B`);
    assert.ok(passes.size > 0, 'B graded the images A left (its writes were seen)');
    for (const [id, n] of passes) assert.equal(n, 1, `image ${id} went through B's pipeline ${n} times`);
    for (const id of doneByA) assert.ok(!passes.has(id), `image ${id}, finished by A, was graded again by B`);
    assert.equal(doneByA.length + passes.size, files.length, 'every image graded exactly once, by A or by B');

    // A tab opened now shows the same batch, one row per image, read-only while B writes.
    const c = await s.context.newPage();
    await c.goto(s.url);
    await waitForBatch(c, files.length, 60_000);
    const again = await c.getByTestId('embryo').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-file')));
    assert.deepEqual([...again].sort(), [...names].sort());
    await c.getByTestId('writer-banner').waitFor();
    s.page = b;
    await c.close();

    // Alone again, a reload finds its own batch free: it writes at once, with no banner or hand-over notice.
    await b.reload();
    await waitForBatch(b, files.length, 60_000);
    await b.waitForTimeout(1000);
    assert.equal(await b.getByTestId('writer-banner').count(), 0, 'a reloaded single tab is never read-only');
    assert.doesNotMatch((await b.getByTestId('notice').allInnerTexts()).join('\n'), /was closed/);
    assert.ok(await row(b, files[0].name).getByTestId('decision').isEnabled());
  });
});
