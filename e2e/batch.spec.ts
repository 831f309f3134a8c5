// A batch as a lab runs it: one drop of real micrographs plus bad files; reload
// mid-batch and after; nothing leaves localhost; the page stays responsive.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { existsSync, readFileSync } from 'node:fs';
import { dropFiles, eventually, openApp, readRows, realImages, sharedData, stopServer, tempFile, waitForBatch, type Session } from './harness';

const skip = existsSync(sharedData) ? false : `../shared/data not found at ${sharedData}: real-image e2e tests skipped`;

describe('a batch of real micrographs with bad files mixed in', { skip }, () => {
  let s: Session;
  before(async () => { s = await openApp(); });
  after(async () => { await s?.close(); await stopServer(); });

  it('every real image reaches done, each bad file gets its own message, the page never freezes', async () => {
    const { page } = s;
    await page.evaluate(() => {
        // Only tasks from the drop on count: page start-up is not "processing".
      const from = performance.now();
      const w = window as unknown as { longTasks: number[]; dropAt: number };
      w.longTasks = [];
      w.dropAt = from;
      new PerformanceObserver((list) => list.getEntries().forEach((e) => { if (e.startTime >= from) w.longTasks.push(e.duration); }))
        .observe({ type: 'longtask', buffered: true });
    });
    const real = realImages();
    assert.ok(real.length >= 20, `expected the 20 real micrographs, found ${real.length}`);
    const jpeg = readFileSync(real.find((f) => f.name.endsWith('.jpg'))!.path);
    const bad = [
      tempFile('notes-renamed.png', Buffer.from('Embryo notes, not an image.\n'.repeat(20))),
      tempFile('truncated.jpg', jpeg.subarray(0, Math.floor(jpeg.length / 2))),
      tempFile('empty.bmp', Buffer.alloc(0)),
      tempFile('copy-of-a-micrograph.jpg', jpeg),
    ];
    const files = [...real, ...bad];
    await dropFiles(page, files);
    await waitForBatch(page, files.length);

    const rows = await readRows(page);
    assert.equal(rows.length, files.length);
    const byFile = new Map(rows.map((r) => [r.file, r]));
    for (const f of real) assert.equal(byFile.get(f.name)?.status, 'done', `${f.name}: ${byFile.get(f.name)?.error}`);
    const message = (name: string) => { const r = byFile.get(name)!; assert.equal(r.status, 'error', name); return r.error ?? ''; };
    assert.match(message('notes-renamed.png'), /not an image/);
    assert.match(message('truncated.jpg'), /truncated/);
    assert.match(message('empty.bmp'), /empty file/);
    assert.match(message(bad[3].name), /duplicate: same content as/);
    assert.equal(new Set(bad.map((b) => message(b.name))).size, 4, 'four different messages');

    const progress = page.getByTestId('batch-progress');
    assert.equal(await progress.getAttribute('aria-valuenow'), String(files.length));
    assert.equal(await progress.getAttribute('aria-valuemax'), String(files.length));

    const { longTasks, elapsed } = await page.evaluate(() => {
      const w = window as unknown as { longTasks: number[]; dropAt: number };
      return { longTasks: w.longTasks, elapsed: performance.now() - w.dropAt };
    });
    const worst = Math.max(0, ...longTasks);
    const busy = longTasks.reduce((a, b) => a + b, 0);
    console.log(`main-thread long tasks while processing ${files.length} files for ${(elapsed / 1000).toFixed(1)} s: ${longTasks.length}, longest ${worst.toFixed(0)} ms, ${(100 * busy / elapsed).toFixed(1)} % of the time`);
    // Wall-clock durations: on a 2-core machine the pipeline and model workers share the cores
    // with the page, so a 50 ms task can measure several hundred (the code before this test's
    // change measured 326 and 810 ms here). What a user must never meet is a frozen page.
    assert.ok(worst <= 1000, `a main-thread task took ${worst} ms: the page froze`);
    assert.ok(busy <= 0.15 * elapsed, `long tasks took ${busy.toFixed(0)} ms of ${elapsed.toFixed(0)} ms: the page was mostly unresponsive`);
    assert.deepEqual(s.offsiteRequests, []);
  });
});

describe('nothing is lost on reload', { skip }, () => {
  let s: Session;
  before(async () => { s = await openApp(); });
  after(async () => { await s?.close(); await stopServer(); });

  it('batch fields, notes and results survive a reload mid-batch and after; unfinished images resume', async () => {
    const { page } = s;
    await page.getByTestId('patient-id').fill('PT-0042');
    await page.getByTestId('cycle-id').fill('C7');
    await page.getByTestId('day').selectOption('D6');
    await page.getByTestId('embryologist').fill('jd');
    await page.getByTestId('start-batch').click();
    const files = realImages().filter((f) => f.path.includes('blastscoringnet'));
    await dropFiles(page, files);
    // Reload as soon as the first image is done, with others still queued.
    const first = page.locator('[data-testid="embryo"][data-status="done"]').first();
    await first.waitFor({ timeout: 120_000 });
    const noted = await first.getAttribute('data-file');
    await first.getByTestId('notes').fill('ICM looks compact');
    await first.getByTestId('decision').selectOption('freeze');
    const before = await readRows(page);
    assert.ok(before.some((r) => r.status !== 'done'), 'some images must still be unfinished when reloading');
    await page.waitForTimeout(300); // let the last keystroke's write land
    await page.reload();

    await eventually(async () => assert.equal(await page.getByTestId('patient-id').inputValue(), 'PT-0042'));
    assert.equal(await page.getByTestId('cycle-id').inputValue(), 'C7');
    assert.equal(await page.getByTestId('day').inputValue(), 'D6');
    assert.equal(await page.getByTestId('embryologist').inputValue(), 'JD');
    await waitForBatch(page, files.length);
    const rows = await readRows(page);
    assert.ok(rows.every((r) => r.status === 'done'), JSON.stringify(rows.filter((r) => r.status !== 'done')));
    const row = page.locator(`[data-testid="embryo"][data-file="${noted}"]`);
    await eventually(async () => {
      assert.equal(await row.getByTestId('notes').inputValue(), 'ICM looks compact');
      assert.equal(await row.getByTestId('decision').inputValue(), 'freeze');
    });

    await page.reload();
    await waitForBatch(page, files.length);
    await eventually(async () => assert.deepEqual(await readRows(page), rows));
    assert.equal(await page.locator(`[data-testid="embryo"][data-file="${noted}"]`).getByTestId('notes').inputValue(), 'ICM looks compact');
    assert.equal(await page.getByTestId('batch-item').count(), 1);
    assert.deepEqual(s.offsiteRequests, []);
  });
});
