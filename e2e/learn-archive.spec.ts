// Learning from an archive-sized label sheet in the built app (issue 23 acceptance), as a lab would:
// COUNT phantom-microscope images (320×240, expansion/ICM/TE from the generator's truth) are made
// at the start by `blastograde phantoms`, with a CSV sheet naming them, three junk files the sheet
// also names (text under an image's name, a truncated PNG, a blank frame with no embryo to locate)
// and two rows naming files the folder lacks. The lab view imports it all: the COUNT usable images
// become examples, each junk file and each absent row is named with its own reason, and nothing
// stops. Training ends with a learning curve (four points) for each grade, the within-expansion
// ROC AUC beside the overall one for ICM and TE, and the model in the model list; "Grade with it"
// makes it current, a few phantoms the sheet never named are graded in the batch view, and the
// exported CSV carries the learned model's id and weights hash on every row.
// Measured on the shared 2-core machine under the heavy lock: COUNT = 300 took 423 s in all (1-min load ~11:
// phantoms 33 s, import 50 s, learning 336 s); COUNT = 80 took 102 s (load ~5-8; learning 59 s). With the faster
// head fits (matMulFastGrad) COUNT = 300 took 146 s (load 3.4 -> 1.3: import 49 s, learning 85 s). So 80 is the
// default, to keep the spec near 120 s; BLASTOGRADE_E2E_ARCHIVE_COUNT=300 runs the archive-sized case.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Papa from 'papaparse';
import { encodePngFast } from '../src/cli/commands/phantoms';
import { dropFiles, exportDownload, openApp, openBatchView, openModelSettings, repoRoot, stopServer, tempDir, waitForBatch, waitForModelReady, type Session, type TestFile } from './harness';
import { importedCount, importFiles, openLearnPanel } from './helpers/learn-panel';

/** Labelled phantoms in the sheet (BLASTOGRADE_E2E_ARCHIVE_COUNT overrides, to measure another size). */
const COUNT = Number(process.env.BLASTOGRADE_E2E_ARCHIVE_COUNT ?? 80);
/** The per-image limit of a batch's preparing and an import's locating (the app's setting). */
const TIME_LIMIT_KEY = 'blastograde:image-time-limit-ms';
/** Phantoms made with the rest but on no sheet: graded with the learned model at the end. */
const TO_GRADE = 3;
const WIDTH = 320;
const HEIGHT = 240;
const defaultModel = join(repoRoot, 'public', 'models', 'default');
const skip = existsSync(join(defaultModel, 'grading.json')) ? false : 'public/models/default has no model: archive learning e2e skipped';

interface Archive {
  sheet: TestFile;
  labelled: TestFile[];
  junk: { notAnImage: TestFile; truncated: TestFile; blank: TestFile };
  absent: string[];
  toGrade: TestFile[];
  rows: number;
}

/** The phantoms, junk and sheet in a fresh folder; the generator's own labels.csv is not the lab's sheet (it has truth columns the sheet refuses). */
function makeArchive(): Archive {
  const dir = tempDir();
  const made = spawnSync(
    process.execPath,
    [join(repoRoot, 'bin', 'blastograde.mjs'), 'phantoms', '--n', String(COUNT + TO_GRADE), '--seed', 'archive-23', '--size', `${WIDTH}x${HEIGHT}`, '--sheet', '0', '--jobs', '2', '--out', dir],
    { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
  );
  assert.equal(made.status, 0, made.stderr);
  const truth = readFileSync(join(dir, 'labels.csv'), 'utf8').trim().split('\n').slice(1).map((line) => line.split(',').slice(0, 4));
  const image = (name: string): TestFile => ({ name, path: join(dir, 'images', name) });
  const labelled = truth.slice(0, COUNT).map(([file]) => image(file!));
  const toGrade = truth.slice(COUNT).map(([file]) => image(file!));

  // Junk a real archive holds: a text file under an image's name, a PNG cut short by a failed copy,
  // and a frame with nothing on it (a capture before the dish was in place).
  const notAnImage = image('capture-notes.jpg');
  writeFileSync(notAnImage.path, 'Dish 4, well 7: re-imaged on day 6, see the lab book.\n');
  const truncated = image('cut-short.png');
  const whole = readFileSync(toGrade[0]!.path);
  writeFileSync(truncated.path, whole.subarray(0, Math.floor(whole.length / 3)));
  const blank = image('empty-well.png');
  writeFileSync(blank.path, encodePngFast(WIDTH, HEIGHT, 3, new Uint8Array(WIDTH * HEIGHT * 3).fill(128)));

  const absent = ['lost-on-backup.png', 'renamed-later.png'];
  const rows = [
    ...truth.slice(0, COUNT).map((r) => r.join(',')),
    ...[notAnImage, truncated, blank].map((f, i) => `${f.name},${4 + i},${'ABC'[i]},${'CBA'[i]}`),
    ...absent.map((name) => `${name},4,B,B`),
  ];
  const sheet = { name: 'archive.csv', path: join(dir, 'archive.csv') };
  writeFileSync(sheet.path, `file,expansion,icm,te\n${rows.join('\n')}\n`);
  return { sheet, labelled, junk: { notAnImage, truncated, blank }, absent, toGrade, rows: rows.length };
}

const figureOf = (label: string, figure: string) => `[data-testid="learn-report-label"][data-label="${label}"] [data-testid="learn-figure"][data-figure="${figure}"]`;

describe(`learning from an archive of ${COUNT} labelled phantoms with junk mixed in`, { skip }, () => {
  let s: Session;
  let archive: Archive;
  const started = Date.now();
  const seconds = () => ((Date.now() - started) / 1000).toFixed(0);
  before(async () => {
    archive = makeArchive();
    console.log(`  ${COUNT + TO_GRADE} phantoms and the junk made at ${seconds()} s`);
    s = await openApp();
  });
  after(async () => {
    await s?.close();
    await stopServer();
    console.log(`  whole spec: ${seconds()} s`);
  });

  let modelId = '';

  it('imports the sheet and images, naming each junk file and absent row with its reason, and stops for none', { timeout: 300_000 }, async () => {
    const { page } = s;
    await openLearnPanel(page);
    const { sheet, labelled, junk, absent } = archive;
    const report = await importFiles(page, [sheet, ...labelled, junk.notAnImage, junk.truncated, junk.blank]);
    console.log(`  imported at ${seconds()} s: ${report.headline}`);
    assert.equal(report.ok, true, report.text);
    assert.match(report.headline, new RegExp(`^archive\\.csv: ${COUNT + 3} of ${archive.rows} rows matched an image; 2 rows did not; 0 images had no row\\. ${COUNT} examples imported\\.`));
    console.log(`  import problems: ${JSON.stringify(report.problems)}`);
    const problem = (name: string) => {
      const found = report.problems.filter((p) => p.includes(`"${name}"`));
      assert.equal(found.length, 1, `${name}: ${JSON.stringify(report.problems)}`);
      return found[0]!;
    };
    // Each junk file by name, with the pipeline's own reason (the row numbers are the sheet's: the junk follows the phantoms).
    assert.match(problem(junk.notAnImage.name), new RegExp(`^Row ${COUNT + 2}: "capture-notes\\.jpg" was not imported: not an image: the content is not JPEG, PNG, BMP or TIFF`));
    assert.match(problem(junk.truncated.name), new RegExp(`^Row ${COUNT + 3}: "cut-short\\.png" was not imported: .*(PNG|decode|truncat|end)`, 'i'));
    assert.equal(problem(junk.blank.name), `Row ${COUNT + 4}: "empty-well.png" was not imported: no embryo found: the image has no visible structure (blank or extremely low contrast).`);
    absent.forEach((name, i) => assert.equal(problem(name), `Row ${COUNT + 5 + i}: no image named "${name}" in the folder.`));
    assert.equal(await importedCount(page), COUNT);
  });

  it('learns, showing the learning curve, the within-expansion figures for ICM and TE, and the model to choose', { timeout: 900_000 }, async () => {
    const { page } = s;
    const trainStarted = Date.now();
    await page.locator('[data-testid="learn-train"]').click();
    await page.waitForSelector('[data-testid="learn-report"], [data-testid="learn-error"]', { timeout: 600_000 });
    const error = page.locator('[data-testid="learn-error"]');
    assert.equal(await error.count(), 0, (await error.textContent().catch(() => '')) ?? '');
    console.log(`  learned from ${COUNT} examples in ${((Date.now() - trainStarted) / 1000).toFixed(0)} s (at ${seconds()} s)`);
    const report = page.locator('[data-testid="learn-report"]');
    modelId = (await report.getAttribute('data-model-id'))!;
    console.log(`  ${(await report.locator('p').first().textContent())?.trim()}`);
    // Every example was usable (the junk never got in), so the run lists no skipped image.
    assert.equal(await report.locator('[data-testid="learn-skipped"]').count(), 0);

    for (const label of ['expansion', 'icm', 'te']) {
      const curve = page.locator(`[data-testid="learn-report-label"][data-label="${label}"] [data-testid="learn-curve"]`);
      await curve.waitFor();
      const points = await curve.locator('[data-testid="learn-curve-point"]').evaluateAll((gs) => gs.map((g) => [Number(g.getAttribute('data-examples')), Number(g.getAttribute('data-estimate'))] as const));
      // 25/50/75/100 % of the labels; at small counts the 25 % point can be too few for the folds (said in a note).
      assert.ok(points.length >= 3, `${label}: ${JSON.stringify(points)}`);
      assert.deepEqual(points.map(([n]) => n), [...points.map(([n]) => n)].sort((a, b) => a - b), `${label}: points not in order of examples`);
      assert.ok(points.every(([, f]) => f >= 0 && f <= 1), `${label}: ${JSON.stringify(points)}`);
      console.log(`  ${label} learning curve: ${points.map(([n, f]) => `${n}: ${f.toFixed(3)}`).join(', ')}`);
      // The features its head reads, chosen by cross-validation (on every fold below 500 labels, else on the first folds that hold out 200), with both sets' figures.
      const featureSet = page.locator(`[data-testid="learn-report-label"][data-label="${label}"] [data-testid="learn-feature-set"]`);
      assert.match((await featureSet.getAttribute('data-chosen')) ?? '', /^(gap|blocks345-mean)$/);
      assert.match((await featureSet.textContent()) ?? '', /^Features: .+ chosen (by cross-validation|on [1-4] of the 5 cross-validation folds \(\d+ held-out examples\)): macro-F1 \d\.\d\d; .+ \d\.\d\d\.$/);
      console.log(`  ${label}: ${(await featureSet.textContent())?.trim()}`);
    }
    // Expansion is learned from every example (a phantom of any stage has one).
    const lastExpansion = await page.locator('[data-testid="learn-report-label"][data-label="expansion"] [data-testid="learn-curve-point"]').last().getAttribute('data-examples');
    assert.equal(Number(lastExpansion), COUNT);

    for (const label of ['icm', 'te']) {
      const overall = page.locator(figureOf(label, 'ROC AUC A vs rest'));
      const within = page.locator(figureOf(label, 'ROC AUC A vs rest, same expansion'));
      const [all, same] = [Number(await overall.getAttribute('data-learned')), Number(await within.getAttribute('data-learned'))];
      assert.ok(all > 0 && all <= 1 && same > 0 && same <= 1, `${label}: overall ${all}, within expansion ${same}`);
      assert.match((await within.textContent()) ?? '', /\d\.\d\d \(\d\.\d\d–\d\.\d\d\)/);
      const verdict = page.locator(`[data-testid="learn-report-label"][data-label="${label}"] [data-testid="learn-within-expansion"]`);
      assert.match((await verdict.getAttribute('data-verdict')) ?? '', /^(within-expansion|expansion-only|no-signal)$/);
      console.log(`  ${label}: ROC AUC A vs rest ${all.toFixed(3)}, same expansion ${same.toFixed(3)} (${await verdict.getAttribute('data-verdict')})`);
    }

    // In the model list, to choose.
    const options = await page.locator('[data-testid="model-select"] option').evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value));
    assert.ok(options.includes(`user:${modelId}`), JSON.stringify(options));
  });

  it('grades a few phantoms the sheet never named with the learned model: its id and hash on the exported sheet', { timeout: 300_000 }, async () => {
    const { page } = s;
    await openModelSettings(page);
    const hashShown = () => page.getByTestId('about-model').locator('dt:text-is("Weights hash") + dd code').getAttribute('title');
    const defaultHash = await hashShown();
    await page.getByTestId('learn-select-model').click();
    await page.waitForSelector(`[data-testid="model-status"][data-state="ready"] [data-testid="model-id"]:text-is("${modelId}")`, { timeout: 180_000 });
    await waitForModelReady(page);
    assert.equal(await page.getByTestId('about-model-id').textContent(), modelId);
    const learnedHash = await hashShown();
    assert.ok(learnedHash && learnedHash !== defaultHash, `learned ${learnedHash}, default ${defaultHash}`);

    await openBatchView(page);
    await dropFiles(page, archive.toGrade);
    await waitForBatch(page, TO_GRADE, 180_000);
    const csv = await exportDownload(page, 'csv');
    const parsed = Papa.parse<Record<string, string>>(readFileSync(csv.path, 'utf8').replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true });
    assert.deepEqual(parsed.errors, []);
    assert.deepEqual(parsed.data.map((r) => r.file).sort(), archive.toGrade.map((f) => f.name).sort());
    for (const row of parsed.data) {
      assert.equal(row.model_id, modelId, JSON.stringify(row));
      assert.equal(row.model_hash, learnedHash, JSON.stringify(row));
      // Graded by the learned heads: a class, or "–" where the grading rule says an embryo this little expanded has no ICM/TE grade.
      assert.match(row.ai_grade ?? '', /^[1-6]/, `${row.file}: ai_grade "${row.ai_grade}"`);
      assert.match(row.icm ?? '', /^[ABC–]$/, `${row.file}: icm "${row.icm}"`);
      assert.match(row.te ?? '', /^[ABC–]$/, `${row.file}: te "${row.te}"`);
    }
    console.log(`  graded with ${modelId}: ${parsed.data.map((r) => `${r.file} ${r.final_grade}`).join(', ')}`);
    assert.deepEqual(s.pageErrors, []);
  });

  it('an image whose locating runs past the per-image limit is named with why and the import finishes; the next import locates on fresh workers', { timeout: 300_000 }, async () => {
    const { page } = s;
    const picked = archive.labelled.slice(0, 3);
    const stored = await importedCount(page);
    // A limit no image can meet stands in for a file that stalls decoding (the batch's own setting).
    await page.evaluate((key) => localStorage.setItem(key, '5'), TIME_LIMIT_KEY);
    try {
      await page.reload();
      await openLearnPanel(page);
      const report = await importFiles(page, [archive.sheet, ...picked]);
      assert.equal(report.ok, false, report.text);
      assert.match(report.headline, /No image could be used\. Nothing was imported\.$/);
      for (const f of picked) {
        assert.ok(
          report.problems.some((p) => p.endsWith(`"${f.name}" was not imported: locating this image took longer than 5 ms and was stopped; the file may be crafted or damaged.`)),
          `${f.name}: ${JSON.stringify(report.problems)}`,
        );
      }
      assert.equal(await importedCount(page), stored, 'the examples already stored are untouched');
    } finally {
      await page.evaluate((key) => localStorage.removeItem(key), TIME_LIMIT_KEY);
    }
    await page.reload();
    await openLearnPanel(page);
    const again = await importFiles(page, [archive.sheet, ...picked]);
    assert.equal(again.ok, true, again.text);
    assert.match(again.headline, / 3 examples imported\.$/);
    assert.ok(!again.problems.some((p) => p.includes('took longer')), JSON.stringify(again.problems));
    assert.equal(await importedCount(page), stored);
    assert.deepEqual(s.pageErrors, []);
  });
});
