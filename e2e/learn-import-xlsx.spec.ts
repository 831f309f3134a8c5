// Importing an archive with an Excel sheet, as a lab would: the .xlsx is built here with exceljs
// (numbers as numbers, a header in the lab's own case), picked with a few of the clinic's real
// images. A sheet with an invalid value (and a row naming no image) is refused whole, its report
// saying how the rows matched and what is wrong, and nothing is imported; the corrected sheet
// is imported, its report naming the twins (two byte-identical clinic images labelled with
// different outcomes: the outcome is left out, the expansion kept) and the picked image with no
// row. The CLI's learn, given the same sheet and images, says the same sentence about the twins
// and refuses (too few examples) without writing anything. A second sheet with grades only,
// about images already imported, keeps their outcomes and says which grade it replaced; undoing
// that import puts back exactly what the first sheet had stored.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { eventually, openApp, repoRoot, sharedData, stopServer, tempDir, type Session, type TestFile } from './harness';
import { importedCount, importFiles, openLearnPanel } from './helpers/learn-panel';

const labelled = join(sharedData, 'real-signal', 'embryo-classification-d5', 'labelled');
/** Real clinic images; D5_323.jpg and D5_324.jpg are the same bytes under two names. */
const IMAGES = ['D5_002.jpg', 'D5_009.jpg', 'D5_011.jpg', 'D5_013.jpg', 'D5_323.jpg', 'D5_324.jpg', 'D5_027.jpg'];
const skip = IMAGES.some((f) => !existsSync(join(labelled, f))) ? `${labelled} (or one of ${IMAGES.join(', ')}) not found: XLSX import e2e skipped` : false;

type Row = [file: string, expansion: number | string, outcome: number | string];

/** The sheet as a lab keeps it: header in its own case, numbers as numbers, a title-less first sheet. */
async function writeWorkbook(path: string, rows: Row[]) {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Day 5');
  sheet.addRow(['File', 'Expansion', 'Outcome']);
  for (const row of rows) sheet.addRow(row);
  await workbook.xlsx.writeFile(path);
}

const GOOD_ROWS: Row[] = [
  ['D5_002.jpg', 4, 1],
  ['D5_009.jpg', 3, 0],
  ['D5_011.jpg', 4, 'yes'],
  ['D5_013.jpg', 5, 0],
  ['D5_323.jpg', 4, 1],
  ['D5_324.jpg', 4, 0],
];

/** The learning database's examples, by file name (what the import actually stored). */
async function storedExamples(page: Page): Promise<Record<string, { expansion?: string; outcome?: number }>> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('blastograde-learning');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('examples').objectStore('examples').getAll();
          request.onerror = () => reject(request.error);
          request.onsuccess = () => resolve(Object.fromEntries((request.result as { fileName: string; labels: object }[]).map((e) => [e.fileName, e.labels])));
        };
      }),
  );
}

describe('importing a lab archive with an XLSX sheet', { skip }, () => {
  let s: Session;
  const dir = skip ? '' : tempDir();
  const images: TestFile[] = IMAGES.map((name) => ({ name, path: join(labelled, name) }));
  before(async () => { s = await openApp(); });
  after(async () => { await s?.close(); await stopServer(); });

  it('refuses a sheet with an invalid value and a row naming no image, saying so, and imports nothing', async () => {
    await openLearnPanel(s.page);
    mkdirSync(join(dir, 'bad'));
    const sheet = join(dir, 'bad', 'labels.xlsx');
    await writeWorkbook(sheet, [...GOOD_ROWS.slice(0, 4), ['D5_027.jpg', 7, 1], ['D5_999.jpg', 3, 0], ...GOOD_ROWS.slice(4)]);
    const report = await importFiles(s.page, [{ name: 'labels.xlsx', path: sheet }, ...images]);
    assert.equal(report.ok, false, report.text);
    // Eight rows, each counted once: six matched, one named no image, one invalid (expansion 7, so its image has no row).
    // The invalid value refuses the sheet; the row naming no image alone would only be left out, and is listed after it.
    assert.equal(report.headline, 'labels.xlsx: 6 of 8 rows matched an image; 1 row did not; 1 row was invalid; 1 image had no row. The sheet has a problem; fix it and import again. Nothing was imported.');
    assert.deepEqual(report.problems, [
      'Row 6: expansion "7" is outside the Gardner scale 1-6; the row is left out.',
      'Row 7: no image named "D5_999.jpg" in the folder.',
    ]);
    assert.equal(await importedCount(s.page), 0);
  });

  it('imports the corrected sheet: twins that disagree lose that label, and the CLI says the same', { timeout: 600_000 }, async () => {
    mkdirSync(join(dir, 'good'));
    const sheet = join(dir, 'good', 'labels.xlsx');
    await writeWorkbook(sheet, GOOD_ROWS);
    const report = await importFiles(s.page, [{ name: 'labels.xlsx', path: sheet }, ...images]);
    assert.equal(report.ok, true, report.text);
    assert.equal(report.headline, 'labels.xlsx: 6 of 6 rows matched an image; 1 image had no row. 5 examples imported.');
    const twin = 'D5_324.jpg: same image as D5_323.jpg with outcome 0 vs 1; its outcome is left out';
    assert.deepEqual(report.problems, [twin, '1 picked image had no row and was not imported: D5_027.jpg.']);
    assert.equal(await importedCount(s.page), 5);
    assert.deepEqual(await storedExamples(s.page), {
      'D5_002.jpg': { expansion: '4', outcome: 1 },
      'D5_009.jpg': { expansion: '3', outcome: 0 },
      'D5_011.jpg': { expansion: '4', outcome: 1 },
      'D5_013.jpg': { expansion: '5', outcome: 0 },
      'D5_323.jpg': { expansion: '4' },
    });

    // The CLI on the same sheet and images: the same sentence, then a refusal, and no package.
    const folder = join(dir, 'cli');
    mkdirSync(folder);
    for (const image of images) symlinkSync(image.path, join(folder, image.name));
    copyFileSync(sheet, join(folder, 'labels.xlsx'));
    const out = join(dir, 'learned');
    const cli = spawnSync(process.execPath, [join(repoRoot, 'bin', 'blastograde.mjs'), 'learn', '--labels', join(folder, 'labels.xlsx'), '--images', folder, '--backend', 'wasm', '--out', out], {
      encoding: 'utf8',
      timeout: 300_000,
    });
    assert.equal(cli.status, 1, cli.stderr);
    assert.ok(cli.stderr.includes(`learn: ${twin}\n`), cli.stderr);
    assert.match(cli.stderr, /needs at least 5 examples of each class for 5-fold cross-validation/);
    assert.equal(existsSync(out), false, 'the CLI wrote a package from too few examples');
  });

  it('a second sheet about the same images keeps what the first said and names each value it replaces; Undo puts it all back', async () => {
    const beforeGrades = await storedExamples(s.page);
    mkdirSync(join(dir, 'grades'));
    const sheet = join(dir, 'grades', 'grades.csv');
    writeFileSync(sheet, 'file,expansion,icm\nD5_002.jpg,5,A\nD5_009.jpg,3,B\n');
    const report = await importFiles(s.page, [{ name: 'grades.csv', path: sheet }, images[0]!, images[1]!]);
    assert.equal(report.ok, true, report.text);
    assert.deepEqual(report.problems, [
      '2 of these images were imported before: labels this sheet does not give are kept.',
      'D5_002.jpg: expansion 4 (from labels.xlsx) replaced by 5 (from grades.csv).',
    ]);
    assert.equal(await importedCount(s.page), 5);
    const stored = await storedExamples(s.page);
    assert.deepEqual(stored['D5_002.jpg'], { expansion: '5', outcome: 1, icm: 'A' });
    assert.deepEqual(stored['D5_009.jpg'], { expansion: '3', outcome: 0, icm: 'B' });

    // Undo: the labels the grades sheet replaced or added are gone, the first sheet's are back.
    const undo = s.page.locator('[data-testid="learn-import-undo"]');
    assert.equal(await undo.textContent(), 'Undo the import of grades.csv');
    await undo.click();
    const undone = s.page.locator('[data-testid="learn-import-report"] p').first();
    await eventually(async () => assert.equal(await undone.textContent(), 'The import of grades.csv was undone: 0 examples it added removed, 2 examples put back as they were before it.'), 30_000);
    assert.deepEqual(await storedExamples(s.page), beforeGrades);
    assert.equal(await importedCount(s.page), 5);
    assert.equal(await undo.count(), 0, 'an undone import can be undone once only');
  });
});
