// One truth per grade, and a default ranking that says what it leaves out: an early blastocyst
// (expansion 1) carries "–" for ICM and TE in the table, its override menus and the CSV (with
// not_gradable listing them); the policy note names the heads the model card left out; the
// score is a column; a flag demotion is said beside the embryo and in the sheet.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import Papa from 'papaparse';
import { renderPhantom } from '../src/features/phantom';
import { encodePngRgba } from '../src/lib/image/png';
import { keepScreenshot } from './helpers/artefacts';
import { dropFiles, exportDownload, openApp, readRows, stopServer, tempFile, waitForBatch, type Session } from './harness';

/** The shipped card's real-signal ROC AUC per head, as the app prints them (2 decimals): measured figures change with the locator. */
const shippedAuc = (() => {
  const card = JSON.parse(readFileSync(new URL('../public/models/default/grading.json', import.meta.url), 'utf8')) as { metrics: { realSignal: { rocAuc: Record<'icm' | 'te', number> } } };
  const { icm, te } = card.metrics.realSignal.rocAuc;
  return { icm: icm.toFixed(2), te: te.toFixed(2) };
})();

const phantom = (name: string, expansion: 1 | 4) =>
  tempFile(name, encodePngRgba(renderPhantom({ seed: `grade-truth/${name}`, grades: { expansion, icm: 'A', te: 'A' }, nuisance: { preset: 'default', tint: 'pcrm' }, width: 640, height: 480 }).image));

describe('grades that agree with their flags, and the card-driven default ranking', () => {
  let s: Session;
  before(async () => { s = await openApp(); });
  after(async () => { await s?.close(); await stopServer(); });

  it('shows an expansion-1 embryo as "1––" with "AI: –" menus, a score column and its demotion', async () => {
    const { page } = s;
    await page.getByTestId('patient-id').fill('P-TRUTH');
    await page.getByTestId('cycle-id').fill('C1');
    await page.getByTestId('embryologist').fill('TR');
    await dropFiles(page, [phantom('early.png', 1), phantom('full.png', 4)]);
    await waitForBatch(page, 2);
    const rows = await readRows(page);
    const early = rows.find((r) => r.file === 'early.png')!;
    assert.equal(early.status, 'done');
    assert.match(early.aiGrade, /^[12]––$/, `early blastocyst AI grade ${early.aiGrade}`);
    assert.equal(early.grade, early.aiGrade);
    const row = page.locator('[data-testid="embryo"][data-file="early.png"]');
    assert.equal(await row.getByTestId('ai-grade').textContent(), early.aiGrade);
    for (const head of ['icm', 'te']) {
      assert.equal((await row.getByTestId(`override-${head}`).locator('option').first().textContent())?.trim(), 'AI: –');
    }
    for (const score of await page.getByTestId('score').allTextContents()) assert.match(score, /^\d\.\d{3}$/);
    assert.match((await row.getByTestId('demotion').textContent()) ?? '', /^Ranked after unflagged embryos: ICM not graded, TE not graded/);
    // As the embryologist sees it, at both bench sizes.
    for (const [width, height] of [[1440, 900], [1280, 720]] as const) {
      await page.setViewportSize({ width, height });
      await row.scrollIntoViewIfNeeded();
      assert.ok(await row.getByTestId('ai-grade').isVisible());
      await keepScreenshot(page, 'grade-truth', `early-blastocyst-${width}x${height}`);
    }
  });

  it('says beside the policy which heads the model card left out', async () => {
    const { page } = s;
    const note = (await page.getByTestId('weights-note').textContent()) ?? '';
    assert.ok(note.includes(`ICM left out: no better than chance on real embryos (ROC AUC ${shippedAuc.icm})`), note);
    assert.ok(note.includes(`TE left out: inverted on real embryos (ROC AUC ${shippedAuc.te})`), note);
    assert.equal(await page.getByTestId('weight-te').inputValue(), '0');
  });

  it('writes "–" and not_gradable for the early blastocyst in the CSV, with the weights used', async () => {
    const download = await exportDownload(s.page, 'csv');
    const text = readFileSync(download.path, 'utf8').replace(/^\uFEFF/, '');
    const { data } = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
    const early = data.find((r) => r.file === 'early.png')!;
    assert.match(early.ai_grade!, /^[12]––$/);
    assert.equal(early.final_grade, early.ai_grade);
    assert.deepEqual([early.icm, early.te, early.not_gradable], ['–', '–', 'icm;te']);
    assert.match(early.score!, /^\d\.\d{3}$/);
    assert.match(early.demotion!, /^Ranked after unflagged embryos: ICM not graded, TE not graded/);
    assert.match(early.weights!, /^weights Expansion 1, ICM 0, TE 0; ICM left out: .* TE left out: inverted on real embryos \(ROC AUC \d\.\d\d\)\.$/);
    assert.ok(early.weights!.endsWith(`(ROC AUC ${shippedAuc.te}).`), early.weights);
  });

  it('puts the left-out heads back on request', async () => {
    const { page } = s;
    await page.getByTestId('weights-put-back').click();
    await page.getByTestId('weights-note').waitFor({ state: 'detached' });
    assert.equal(await page.getByTestId('weight-te').inputValue(), '0.5');
    assert.deepEqual(s.pageErrors, []);
  });
});
