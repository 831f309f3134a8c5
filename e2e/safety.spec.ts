// Patient safety as an embryologist meets it: nothing is graded into a batch without patient,
// cycle and initials; a drop onto a batch with decisions asks where the images belong (and
// "start a new batch" leaves the first batch as it was); no sheet leaves without the identity,
// undecided embryos ask first, and the sheet counts the decisions and carries dish and well.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { seriousViolations } from './helpers/axe';
import { dropFiles, eventually, openApp, readRows, realImages, sharedData, stopServer, waitForBatch, type Session } from './harness';

const realDir = join(sharedData, 'real');
const skip = existsSync(realDir) ? false : `no real micrographs at ${realDir}: the safety e2e test needs ../shared/data (set BLASTOGRADE_SHARED_DATA)`;
const shots = mkdtempSync(join(tmpdir(), 'blastograde-safety-screens-'));
if (!skip) console.log(`safety screenshots: ${shots}`);

const VIEWPORTS = [{ width: 1440, height: 900 }, { width: 1280, height: 720 }];

const focusedTestId = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);
const embryo = (page: Page, file: string) => page.locator(`[data-testid="embryo"][data-file="${file}"]`);
const files = async (page: Page) => (await readRows(page)).map((r) => r.file).sort();

async function identify(page: Page, patient: string, cycle: string, initials: string) {
  await page.getByTestId('patient-id').fill(patient);
  await page.getByTestId('cycle-id').fill(cycle);
  await page.getByTestId('embryologist').fill(initials);
}

for (const viewport of VIEWPORTS) {
  const size = `${viewport.width}x${viewport.height}`;
  describe(`patient safety at ${size}`, { skip }, () => {
    let s: Session;
    let downloads = 0;
    const shot = (page: Page, name: string) => page.screenshot({ path: join(shots, `${size}-${name}.png`) });
    const images = () => realImages().filter((f) => f.path.includes('blastscoringnet')).slice(0, 5);
    let decided = '';

    before(async () => {
      s = await openApp();
      await s.page.setViewportSize(viewport);
      s.page.on('download', () => { downloads += 1; });
    });
    after(async () => { await s?.close(); await stopServer(); });

    it('files dropped without patient, cycle and initials wait, ungraded, and the form asks for them', async () => {
      const { page } = s;
      const first = images().slice(0, 3);
      await dropFiles(page, first, { fillIdentity: false });
      const prompt = page.getByTestId('identity-prompt');
      await prompt.waitFor();
      assert.match(await prompt.innerText(), /3 files waiting, not graded\.\s+Enter the patient ID, cycle ID and initials/);
      assert.equal(await focusedTestId(page), 'patient-id', 'the first missing field has the focus');
      assert.ok(await page.getByTestId('identity-grade').isDisabled());
      assert.equal(await page.getByTestId('embryo').count(), 0, 'nothing graded');
      assert.equal(await page.getByTestId('batch-item').count(), 0, 'no batch made');
      await shot(page, 'a-identity-prompt');

      await page.getByTestId('patient-id').fill('PT-SAFE-1');
      await page.getByTestId('cycle-id').fill('C1');
      assert.match(await prompt.innerText(), /Enter the initials/);
      assert.ok(await page.getByTestId('identity-grade').isDisabled());
      await page.getByTestId('embryologist').fill('ab');
      await page.getByTestId('identity-grade').click();
      await waitForBatch(page, 3);
      assert.equal(await prompt.count(), 0);
      assert.deepEqual(await files(page), first.map((f) => f.name).sort());
      assert.match(await page.getByTestId('batch-item').innerText(), /PT-SAFE-1 · C1/);
    });

    it('a drop onto a batch with a decision asks, naming the patient; a new batch leaves the first untouched; "add" joins', async () => {
      const { page } = s;
      const [, , , fourth, fifth] = images();
      decided = (await readRows(page))[0]!.file;
      await embryo(page, decided).getByTestId('decision').selectOption('freeze');
      await eventually(async () => assert.equal(await embryo(page, decided).getAttribute('data-decision'), 'freeze'));
      assert.match((await embryo(page, decided).getAttribute('class')) ?? '', /\bdecided\b/);
      await eventually(async () => assert.equal(await page.getByTestId('decision-counts').innerText(), 'Decisions: 0 transfer · 1 freeze · 0 discard · 0 biopsy · 2 undecided'));
      await embryo(page, decided).getByTestId('dish').fill('D7');
      await embryo(page, decided).getByTestId('well').fill('A3');

      // Escape: nothing joins.
      await dropFiles(page, [fourth], { fillIdentity: false });
      const question = page.getByTestId('drop-question');
      await question.waitFor();
      assert.equal(await question.getByRole('heading').innerText(), 'Add 1 image to PT-SAFE-1 · cycle C1, or start a new batch?');
      assert.equal(await focusedTestId(page), 'drop-new', 'the dialog has the focus');
      await shot(page, 'b-drop-question');
      assert.deepEqual(await seriousViolations(page), [], 'no serious accessibility violation with the drop question open');
      await page.keyboard.press('Escape');
      await question.waitFor({ state: 'detached' });
      await page.waitForTimeout(500);
      assert.equal(await page.getByTestId('embryo').count(), 3, 'Escape added nothing');

      // Start a new batch: the files wait for its identity, then form a batch of their own.
      await dropFiles(page, [fourth], { fillIdentity: false });
      await question.waitFor();
      await page.getByTestId('drop-new').click();
      await page.getByTestId('identity-prompt').waitFor();
      assert.equal(await page.getByTestId('embryo').count(), 0, 'the new batch holds nothing yet');
      await identify(page, 'PT-SAFE-2', 'C9', 'cd');
      await page.getByTestId('identity-grade').click();
      await waitForBatch(page, 1);
      assert.deepEqual(await files(page), [fourth.name]);
      assert.equal(await page.getByTestId('batch-item').count(), 2);

      // The first batch: same embryos, same decision.
      await page.getByTestId('batch-item').filter({ hasText: 'PT-SAFE-1' }).getByRole('button').first().click();
      await waitForBatch(page, 3);
      assert.equal((await files(page)).length, 3);
      assert.ok(!(await files(page)).includes(fourth.name));
      await eventually(async () => assert.equal(await embryo(page, decided).getByTestId('decision').inputValue(), 'freeze'));
      assert.equal(await embryo(page, decided).getByTestId('dish').inputValue(), 'D7');

      // "Add to this batch": it joins.
      await dropFiles(page, [fifth], { fillIdentity: false });
      await question.waitFor();
      await page.getByTestId('drop-add').click();
      await waitForBatch(page, 4);
      assert.ok((await files(page)).includes(fifth.name));
      assert.equal(await embryo(page, decided).getByTestId('decision').inputValue(), 'freeze');
      await eventually(async () => assert.equal(await page.getByTestId('decision-counts').innerText(), 'Decisions: 0 transfer · 1 freeze · 0 discard · 0 biopsy · 3 undecided'));
    });

    it('export: a blank patient ID blocks it; undecided embryos ask; the CSV counts decisions and carries dish and well', async () => {
      const { page } = s;
      await page.getByTestId('patient-id').fill('');
      await page.getByTestId('export-csv').click();
      const blocked = page.getByTestId('export-blocked');
      await blocked.waitFor();
      assert.equal(await blocked.innerText(), 'Export blocked: enter the patient ID of this batch first.');
      assert.equal(await focusedTestId(page), 'patient-id');
      await shot(page, 'c-export-blocked');
      await page.getByTestId('export-pdf').click();
      await page.waitForTimeout(800);
      assert.equal(downloads, 0, 'no export without the patient ID');

      await page.getByTestId('patient-id').fill('PT-SAFE-1');
      await page.getByTestId('export-csv').click();
      const confirm = page.getByTestId('export-confirm');
      await confirm.waitFor();
      assert.equal(await confirm.getByRole('heading').innerText(), '3 of 4 embryos have no decision. Export anyway?');
      assert.equal(await blocked.count(), 0);
      await shot(page, 'c-export-confirm');
      assert.deepEqual(await seriousViolations(page), [], 'no serious accessibility violation with the export question open');
      await page.getByTestId('export-cancel').click();
      await confirm.waitFor({ state: 'detached' });
      await page.waitForTimeout(800);
      assert.equal(downloads, 0, 'Cancel exports nothing');

      await page.getByTestId('export-csv').click();
      await confirm.waitFor();
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-anyway').click()]);
      const csv = Papa.parse<Record<string, string>>(readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true });
      assert.equal(csv.data.length, 4);
      for (const row of csv.data) {
        assert.deepEqual([row.count_transfer, row.count_freeze, row.count_discard, row.count_biopsy, row.count_undecided], ['0', '1', '0', '0', '3'], row.file);
        assert.equal(row.patient_id, 'PT-SAFE-1');
        assert.equal(row.embryologist, 'AB');
      }
      const decidedRow = csv.data.find((r) => r.file === decided)!;
      assert.deepEqual([decidedRow.decision, decidedRow.dish, decidedRow.well], ['freeze', 'D7', 'A3']);
      assert.ok(csv.data.filter((r) => r.file !== decided).every((r) => r.dish === '' && r.well === ''));
      assert.match(download.suggestedFilename(), /^gradesheet_PT-SAFE-1_C1_/);
      assert.deepEqual(s.offsiteRequests, []);
    });
  });
}
