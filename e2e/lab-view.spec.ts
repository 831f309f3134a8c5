// The lab has a place of its own (issue 23 point 5): "Batch | Lab" in the header line, one click
// (or Tab and Enter) from the batch to the lab's models, adaptation and learning; the lab has its
// own URL (#/lab), a reload stays there, back and forward switch views; what is open in a view
// stays open while the other is shown, and each view keeps its scroll position; a modal question
// of the batch is cancelled when history leaves the batch; the links cost the batch view no height;
// axe finds nothing serious in the lab: as it is, with the storage status filled in (kept or not,
// usage of quota) and no restore report, and with a restore report holding a conflict list (a backup
// of this lab restored after one decision changed).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { dropFiles, eventually, openApp, openBatchView, openLab, openModelSettings, realImages, stopServer, waitForBatch, waitForModelReady, type Session } from './harness';
import { keepScreenshot } from './helpers/artefacts';
import { seriousViolations } from './helpers/axe';

const shown = (page: Page) =>
  page.evaluate(() => ({
    batch: !(document.querySelector('[data-testid="batch-view"]') as HTMLElement).hidden,
    lab: !(document.querySelector('[data-testid="lab-view"]') as HTMLElement).hidden,
    current: document.querySelector('.view-nav [aria-current="page"]')?.getAttribute('data-testid') ?? null,
    hash: location.hash,
  }));

/** The decision stored in IndexedDB for one image (what a restore compares with the backup). */
const storedDecision = (page: Page, imageId: string) =>
  page.evaluate((id) => new Promise<string | null>((resolve, reject) => {
    const open = indexedDB.open('blastograde');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const get = db.transaction('images').objectStore('images').get(id);
      get.onsuccess = () => { db.close(); resolve((get.result as { decision?: string } | undefined)?.decision ?? null); };
      get.onerror = () => { db.close(); reject(get.error); };
    };
  }), imageId);

async function waitForView(page: Page, view: 'batch' | 'lab') {
  await page.getByTestId(`${view}-view`).waitFor({ state: 'visible' });
}

describe('the lab view beside the batch view', () => {
  let s: Session;
  before(async () => { s = await openApp(); });
  after(async () => { await s?.close(); await stopServer(); });

  it('starts on the batch; the first Tab reaches "Batch", the next "Lab"; Enter opens the lab', async () => {
    const { page } = s;
    await waitForView(page, 'batch');
    assert.deepEqual(await shown(page), { batch: true, lab: false, current: 'view-batch', hash: '' });
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'view-batch');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'view-lab');
    await page.keyboard.press('Enter');
    await waitForView(page, 'lab');
    assert.deepEqual(await shown(page), { batch: false, lab: true, current: 'view-lab', hash: '#/lab' });
    await page.goBack();
    await waitForView(page, 'batch');
  });

  it('the header links cost the batch view no height next to the old "Model & lab learning" link, at 1440×900 and 1280×720', async () => {
    const { page } = s;
    await openBatchView(page);
    // The banner is at its longest (the model card's intended use and real-embryo warning) once the model is read.
    await waitForModelReady(page);
    await page.getByTestId('intended-use-banner').waitFor();
    for (const [width, height] of [[1440, 900], [1280, 720]] as const) {
      await page.setViewportSize({ width, height });
      const heights = await page.evaluate(() => {
        const header = document.querySelector('.app-header') as HTMLElement;
        const nav = header.querySelector('.view-nav') as HTMLElement;
        const withNav = header.getBoundingClientRect().height;
        nav.style.display = 'none';
        const without = header.getBoundingClientRect().height;
        // The link the header had before the lab had a view of its own, styled as it was.
        const old = document.createElement('a');
        old.textContent = 'Model & lab learning';
        old.style.cssText = 'white-space: nowrap; font-size: 13px;';
        nav.after(old);
        const withOldLink = header.getBoundingClientRect().height;
        old.remove();
        nav.style.display = '';
        return { withNav, without, withOldLink };
      });
      console.log(`${width}×${height}: header ${heights.withNav.toFixed(1)} px with Batch | Lab, ${heights.withOldLink.toFixed(1)} px with the old lab link, ${heights.without.toFixed(1)} px with neither`);
      assert.ok(heights.withNav <= heights.withOldLink + 0.5, `Batch | Lab make the header ${heights.withNav - heights.withOldLink} px taller than the old link at ${width}×${height}`);
    }
    await page.setViewportSize({ width: 1400, height: 900 });
  });

  it('one click opens the lab at #/lab with the model, adaptation and learning; a reload stays; back and forward switch', async () => {
    const { page } = s;
    await openBatchView(page);
    const before = page.url();
    await page.getByTestId('view-lab').click();
    await waitForView(page, 'lab');
    assert.equal(page.url(), `${before.replace(/#.*$/, '')}#/lab`);
    assert.deepEqual(await shown(page), { batch: false, lab: true, current: 'view-lab', hash: '#/lab' });
    assert.match(await page.title(), /^Lab · /);
    await waitForModelReady(page);
    for (const id of ['model-status', 'model-id', 'adapt-open', 'learn-panel', 'learn-files-input', 'learn-train', 'intended-use-banner']) {
      assert.ok(await page.getByTestId(id).isVisible(), `${id} is not in sight in the lab`);
    }
    // The batch's controls are not in the lab.
    for (const id of ['batch-input', 'batch-bar', 'demo-batch']) assert.equal(await page.getByTestId(id).isVisible(), false, `${id} shows in the lab`);
    await keepScreenshot(page, 'lab-view', 'lab-1400x900');

    await page.reload();
    await waitForView(page, 'lab');
    assert.deepEqual(await shown(page), { batch: false, lab: true, current: 'view-lab', hash: '#/lab' });

    await page.goBack();
    await waitForView(page, 'batch');
    const back = await shown(page);
    assert.equal(back.batch && !back.lab && back.current === 'view-batch' && !back.hash.includes('lab'), true, JSON.stringify(back));
    assert.ok(await page.getByTestId('batch-bar').isVisible());

    await page.goForward();
    await waitForView(page, 'lab');
    assert.deepEqual(await shown(page), { batch: false, lab: true, current: 'view-lab', hash: '#/lab' });
  });

  it('what is open in the lab stays open while the batch is shown', async () => {
    const { page } = s;
    await openModelSettings(page);
    await page.getByTestId('adapt-open').click();
    const open = () => page.evaluate(() => [...document.querySelectorAll('.lab-view details')].filter((d) => (d as HTMLDetailsElement).open).length);
    const opened = await open();
    assert.ok(opened >= 2, `${opened} panels open`);
    await openBatchView(page);
    await openLab(page);
    assert.equal(await open(), opened);
    assert.ok(await page.getByTestId('adapt-start').isVisible());

    // Each view keeps its scroll position: the lab scrolled down, the batch at its top, the lab again
    // where it was. The switches go through the address, as back and forward do (a click on a header
    // link first scrolls the header into sight).
    // The lab's panels fill in as their stores answer (model list, backup counts, adaptation
    // sources); scroll only once its height has held for half a second, or the browser's scroll
    // anchoring moves the position the view then (rightly) keeps.
    await page.waitForFunction(() => {
      const w = window as unknown as { __labHeight?: [number, number] };
      const h = document.documentElement.scrollHeight;
      const now = performance.now();
      if (!w.__labHeight || w.__labHeight[0] !== h) w.__labHeight = [h, now];
      return now - w.__labHeight[1] > 500;
    }, undefined, { polling: 100, timeout: 30_000 });
    const wanted = await page.evaluate(() => Math.min(300, document.documentElement.scrollHeight - innerHeight));
    assert.ok(wanted > 50, `the lab with its panels open is too short to scroll (${wanted} px)`);
    await page.evaluate((y) => window.scrollTo(0, y), wanted);
    const target = await page.evaluate(() => new Promise<number>((done) => requestAnimationFrame(() => done(Math.round(window.scrollY)))));
    await page.evaluate(() => { location.hash = '#/'; });
    await waitForView(page, 'batch');
    assert.equal(await page.evaluate(() => window.scrollY), 0);
    await page.evaluate(() => { location.hash = '#/lab'; });
    await waitForView(page, 'lab');
    assert.equal(await page.evaluate(() => Math.round(window.scrollY)), target);
    await page.evaluate(() => window.scrollTo(0, 0));
  });

  it('leaving the batch by back/forward while its drop question is open cancels the question: the lab is not left inert', async () => {
    const { page } = s;
    await openBatchView(page);
    await page.getByTestId('demo-batch').click();
    await waitForBatch(page, 12, 400_000);
    await page.locator('[data-testid="embryo"]').first().getByTestId('decision').selectOption('freeze');
    // A forward entry to the lab, then the question (a modal dialog) in the batch.
    await openLab(page);
    await page.goBack();
    await waitForView(page, 'batch');
    const extra = realImages()[0]!;
    await dropFiles(page, [extra]);
    await page.getByTestId('drop-question').waitFor();
    await page.goForward();
    await waitForView(page, 'lab');
    await eventually(async () => assert.equal(await page.locator('dialog[open]').count(), 0));
    assert.equal(await page.getByTestId('drop-question').count(), 0);
    // The lab takes clicks (a modal dialog left open in the hidden batch would make it inert).
    await page.locator('.model-panel details > summary').first().click({ timeout: 5_000 });
    await openBatchView(page);
    assert.equal(await page.locator('[data-testid="embryo"]').count(), 12, 'the cancelled drop added an image');
  });

  it('axe finds no serious or critical violation in the lab', async () => {
    const { page } = s;
    await openLab(page);
    const violations = await seriousViolations(page);
    assert.deepEqual(violations, []);
    assert.deepEqual(s.pageErrors, []);
  });

  it('axe: the lab with the storage status by itself (kept or not, usage of quota), no backup progress or report', async () => {
    const { page } = s;
    await openLab(page);
    const status = page.getByTestId('storage-status');
    await eventually(async () => assert.notEqual(await status.getAttribute('data-usage'), ''));
    assert.match((await status.textContent()) ?? '', /^Storage( kept| not guaranteed)? · .+ used of .+$/);
    for (const id of ['lab-backup-progress', 'lab-restore-progress', 'lab-restore-report', 'lab-restore-refused']) assert.equal(await page.getByTestId(id).count(), 0, `${id} is shown`);
    // The status is reached from the keyboard (its tooltip says what it means).
    await status.focus();
    assert.deepEqual(await seriousViolations(page), []);
  });

  it('axe: the lab with a restore report listing a conflict (this lab backed up, a decision changed, the backup restored)', async () => {
    const { page } = s;
    await openLab(page);
    const download = page.waitForEvent('download');
    await page.getByTestId('lab-backup').click();
    const backup = (await (await download).path())!;
    // One decision changed after the backup: the backup's version of that image is a conflict.
    await openBatchView(page);
    const row = page.getByTestId('embryo').first();
    const id = (await row.getAttribute('data-id')) ?? '';
    await row.getByTestId('decision').selectOption('discard');
    await eventually(async () => assert.equal(await storedDecision(page, id), 'discard'));
    await openLab(page);
    await page.getByTestId('lab-restore-input').setInputFiles(backup);
    await page.getByTestId('lab-restore-report').waitFor({ timeout: 60_000 });
    assert.match((await page.getByTestId('lab-restore-added').textContent()) ?? '', /^Added: /);
    assert.match((await page.getByTestId('lab-restore-conflicts').textContent()) ?? '', /^1 in conflict/);
    assert.equal(await page.locator('[data-testid="lab-restore-report"] li').count(), 1);
    assert.deepEqual(await seriousViolations(page), []);
    assert.deepEqual(s.pageErrors, []);
  });
});
