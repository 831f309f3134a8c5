// Learning from the lab in the built app: bad sheets are refused whole; the clinic's 140
// labelled day-5 images (139 distinct) (`good` = outcome) are imported and trained on in the learning worker; a run above the memory ceiling is refused; a reload mid-training loses no example and adds no model; the report shows the
// outcome AUC and its learning curve (points, dashed fit, the 2x estimate); the new model is listed (not selected), selected, ranks by lab outcome, and its
// exported zip loads in the CLI with the same outcome probabilities as the browser, and the CLI's
// `learn` on the same examples with the same seed gives the same weights and cross-validated figures.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { compareFigures, compareValues, readPackageWeights, type Tolerance } from './helpers/package-weights';
import { dropFiles, eventually, openApp, openBatchView, openLab, openModelSettings, repoRoot, sharedData, stopServer, storedImages, tempDir, waitForBatch, type Session, type TestFile } from './harness';
import { importedCount, importFiles, openLearnPanel as openPanel } from './helpers/learn-panel';

const labelled = join(sharedData, 'real-signal', 'embryo-classification-d5', 'labelled');
const unlabelled = join(sharedData, 'real-signal', 'embryo-classification-d5', 'unlabelled');
const defaultModel = join(repoRoot, 'public', 'models', 'default');

const skip = !existsSync(join(labelled, 'labels.csv'))
  ? `${labelled} not found: learning e2e skipped`
  : !existsSync(join(defaultModel, 'grading.json'))
    ? 'public/models/default has no model: learning e2e skipped'
    : false;

/** The labelled set's rows, with the sheet written as the clinic's (file,good) in a folder of its own. */
function archive(): { rows: [string, string][]; dir: string; files: TestFile[] } {
  const rows = readFileSync(join(labelled, 'labels.csv'), 'utf8').trim().split(/\r?\n/).slice(1).map((l) => l.split(',') as [string, string]);
  const dir = tempDir();
  writeFileSync(join(dir, 'labels.csv'), `file,good\n${rows.map((r) => r.join(',')).join('\n')}\n`);
  return { rows, dir, files: [{ name: 'labels.csv', path: join(dir, 'labels.csv') }, ...rows.map(([f]) => ({ name: f, path: join(labelled, f) }))] };
}

/**
 * The app's engine settings (learn-controller's LEARN_FOLDS and LEARN_SEED; no positive label is
 * passed, so the engine's default 'good'), given to the CLI as flags so a change shows here.
 */
const APP_RUN = { folds: 5, seed: 1, positiveLabel: 'good' };

/**
 * How far the app's and the CLI's learned weights may be apart. Both run the same engine on the
 * tfjs WASM backend, so the float32 fits agree to ~1e-6; the package stores them as float16, where
 * a float32 difference that straddles a rounding boundary becomes one float16 step (2^-10 of the
 * value, ~1e-3 relative). Two steps (2e-3 relative), plus 1e-4 absolute for weights near zero,
 * where float16's relative steps are coarser. The cross-validated figures get the same tolerance:
 * a fold prediction that crossed the threshold would move a confusion count by a whole 1.
 */
const SAME_WEIGHTS: Tolerance = { absolute: 1e-4, relative: 2e-3 };

/**
 * The examples the app trains on, as a sheet and image folder for the CLI: one per image content
 * (the app keeps byte-identical files once) in the app's order (one import shares a timestamp, so
 * IndexedDB lists them by key, the content hash). The order matters: the stratified folds are
 * drawn over example positions, so another order gives other folds (the weights, fitted on all
 * examples, do not change).
 */
function appExamplesForCli(rows: [string, string][]): { sheet: string; images: string } {
  const byHash = new Map<string, [string, string]>();
  for (const row of rows) {
    const hash = createHash('sha256').update(readFileSync(join(labelled, row[0]))).digest('hex');
    if (!byHash.has(hash)) byHash.set(hash, row);
  }
  const kept = [...byHash.keys()].sort().map((hash) => byHash.get(hash)!);
  const dir = tempDir();
  const images = join(dir, 'images');
  mkdirSync(images);
  for (const [file] of kept) symlinkSync(join(labelled, file), join(images, file));
  // Named as the app's import names its source, so the cards' sources agree too.
  const sheet = join(dir, 'labels.csv');
  writeFileSync(sheet, `file,good\n${kept.map((r) => r.join(',')).join('\n')}\n`);
  return { sheet, images };
}

const modelOptions = (page: Page) => page.locator('[data-testid="model-select"] option').evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value));

describe('learning from the lab in the browser', { skip }, () => {
  let s: Session;
  const data = skip ? null : archive();
  before(async () => { s = await openApp(); });
  after(async () => { await s?.close(); await stopServer(); });

  it('refuses bad sheets with their specific message and imports nothing', async () => {
    await openPanel(s.page);
    const dir = tempDir();
    const images = data!.rows.slice(0, 6).map(([f]) => ({ name: f, path: join(labelled, f) }));
    const [a, b, c] = images.map((i) => i.name);
    const sheets: [string, string, RegExp][] = [
      ['unknown.csv', 'name,score\nx,1\n', /no "file" column \(found: "name", "score"\)/],
      ['duplicate.csv', `file,good\n${a},1\n${b},0\n${a},1\n${c},0\n`, /Row 4: "[^"]+" is also on row 2; both rows are left out\./],
      ['scale.csv', `file,expansion\n${a},7\n${b},3\n${c},4\n`, /Row 2: expansion "7" is outside the Gardner scale 1-6/],
      ['oneclass.csv', `file,outcome\n${a},1\n${b},1\n${c},yes\n`, /outcome: all 3 rows are "1"; learning outcome needs examples of at least two classes/],
    ];
    for (const [name, text, expected] of sheets) {
      mkdirSync(join(dir, name.replace('.csv', '')));
      const path = join(dir, name.replace('.csv', ''), name);
      writeFileSync(path, text);
      const result = await importFiles(s.page, [{ name, path }, ...images]);
      assert.equal(result.ok, false, `${name} was accepted`);
      assert.match(result.text, expected);
      assert.match(result.text, /Nothing was imported/);
      assert.equal(await importedCount(s.page), 0, `${name} changed the examples`);
    }
  });

  it('imports the archive, survives a reload mid-training, trains, and the model it adds loads in the CLI with the same outcome probabilities', { timeout: 1_800_000 }, async () => {
    const page = s.page;
    await openPanel(page);
    const result = await importFiles(page, data!.files);
    assert.ok(result.ok, result.text);
    const rows = data!.rows.length;
    assert.match(result.text, new RegExp(`${rows} of ${rows} rows matched an image`));
    // One example per image content: the set holds two byte-identical files (same label), kept once and said so, in the CLI's words.
    const firstOfHash = new Map<string, string>();
    for (const [file] of data!.rows) {
      const hash = createHash('sha256').update(readFileSync(join(labelled, file))).digest('hex');
      if (firstOfHash.has(hash)) assert.ok(result.problems.includes(`${file}: same image as ${firstOfHash.get(hash)}, kept once`), result.text);
      else firstOfHash.set(hash, file);
    }
    const total = firstOfHash.size;
    assert.equal(await importedCount(page), total);
    const modelsBefore = await modelOptions(page);

    // A run above the memory ceiling is refused before any work, with the numbers.
    await page.evaluate(() => localStorage.setItem('blastograde:learning-memory-limit-mb', '1'));
    await page.locator('[data-testid="learn-train"]').click();
    await page.waitForSelector('[data-testid="learn-error"]', { timeout: 300_000 });
    assert.match((await page.locator('[data-testid="learn-error"]').textContent()) ?? '', new RegExp(String.raw`Training would need about \d+ MB of memory \(${total} examples × \d+ features, a \d+ MB model\), above this browser's limit of 1 MB`));
    await page.evaluate(() => localStorage.removeItem('blastograde:learning-memory-limit-mb'));
    assert.deepEqual(await modelOptions(page), modelsBefore);

    // Reload while features are being computed: the examples stay, no model is added.
    await page.locator('[data-testid="learn-train"]').click();
    await page.waitForSelector('[data-testid="learn-progress"][data-stage="features"]', { timeout: 300_000 });
    await page.waitForFunction(() => /: [2-9]\d* of/.test(document.querySelector('[data-testid="learn-progress"]')?.textContent ?? ''), null, { timeout: 300_000 });
    await page.reload();
    await openPanel(page);
    await eventually(async () => assert.equal(await importedCount(page), total));
    assert.deepEqual(await modelOptions(page), modelsBefore);

    // Cancel stops a run and adds nothing.
    await page.locator('[data-testid="learn-train"]').click();
    await page.waitForSelector('[data-testid="learn-progress"][data-stage="features"], [data-testid="learn-progress"][data-stage="cross-validation"]', { timeout: 300_000 });
    assert.match((await page.locator('[data-testid="learn-progress"]').textContent()) ?? '', /\d+ of \d+/);
    await page.locator('[data-testid="learn-cancel"]').click();
    await page.waitForSelector('[data-testid="learn-error"]', { timeout: 60_000 });
    assert.match((await page.locator('[data-testid="learn-error"]').textContent()) ?? '', /Training was cancelled; nothing was added to the model list/);
    assert.deepEqual(await modelOptions(page), modelsBefore);

    // Train to the end.
    const started = Date.now();
    await page.locator('[data-testid="learn-train"]').click();
    await page.waitForSelector('[data-testid="learn-error"]', { state: 'detached' }); // the cancelled run's message goes first
    // The job carries on while the batch is shown: switch to the batch and back mid-run.
    const progressText = () => page.locator('[data-testid="learn-progress"]').textContent({ timeout: 1_000 }).catch(() => null);
    await page.waitForSelector('[data-testid="learn-progress"], [data-testid="learn-report"]', { timeout: 300_000 });
    const beforeSwitch = await progressText();
    await openBatchView(page);
    await page.waitForTimeout(5_000);
    await openLab(page);
    const afterSwitch = await eventually(async () => {
      const now = await progressText();
      assert.ok(now === null ? (await page.locator('[data-testid="learn-report"], [data-testid="learn-error"]').count()) > 0 : now !== beforeSwitch,
        `the learning run did not move after a switch to the batch and back: "${beforeSwitch}" then "${now}"`);
      return now;
    }, 120_000);
    console.log(`  learning progress across a switch to the batch and back: "${beforeSwitch?.trim()}" -> "${afterSwitch?.trim() ?? 'done'}"`);
    await page.waitForSelector('[data-testid="learn-report"], [data-testid="learn-error"]', { timeout: 1_200_000 });
    const error = page.locator('[data-testid="learn-error"]');
    assert.equal(await error.count(), 0, (await error.textContent().catch(() => '')) ?? '');
    console.log(`  trained on ${total} examples in ${((Date.now() - started) / 1000).toFixed(0)} s (after the interrupted run cached some features)`);
    const modelId = (await page.locator('[data-testid="learn-report"]').getAttribute('data-model-id'))!;
    const auc = page.locator('[data-testid="learn-report-label"][data-label="outcome"] [data-testid="learn-figure"][data-figure="ROC AUC"]');
    const learnedAuc = Number(await auc.getAttribute('data-learned'));
    assert.ok(learnedAuc >= 0 && learnedAuc <= 1, `outcome AUC ${learnedAuc}`);
    assert.match((await auc.textContent()) ?? '', /\d\.\d\d \(\d\.\d\d–\d\.\d\d\)/);
    console.log(`  outcome ROC AUC shown: ${(await auc.textContent())?.trim()}`);
    // The learning curve: the figure at 25/50/75/100 % of the labels with interval bars, the fit
    // dashed, and twice the labels marked as an estimate.
    const curve = page.locator('[data-testid="learn-report-label"][data-label="outcome"] [data-testid="learn-curve"]');
    await curve.waitFor();
    const curvePoints = await curve.locator('[data-testid="learn-curve-point"]').evaluateAll((gs) => gs.map((g) => [Number(g.getAttribute('data-examples')), Number(g.getAttribute('data-estimate'))]));
    assert.equal(curvePoints.length, 4, JSON.stringify(curvePoints));
    assert.equal(curvePoints[3]![0], total);
    assert.ok(Math.abs(curvePoints[3]![1]! - learnedAuc) < 1e-9, `the curve's last point ${curvePoints[3]![1]} is not the report's AUC ${learnedAuc}`);
    assert.equal(await curve.locator('[data-testid="learn-curve-fit"]').count(), 1);
    assert.equal(await curve.locator('[data-testid="learn-curve-estimate"]').getAttribute('data-examples'), String(2 * total));
    assert.match((await curve.locator('[data-testid="learn-curve-doubled"]').textContent()) ?? '', /^Estimate, extrapolated: with about \d+ labelled examples/);
    console.log(`  learning curve shown: ${curvePoints.map(([n, f]) => `${n}: ${f!.toFixed(3)}`).join(', ')}; ${await curve.locator('[data-testid="learn-curve-doubled"]').textContent()}`);
    assert.ok((await page.locator('[data-testid="learn-report"] [data-testid="confusion-matrix"]').count()) > 0);

    // Listed, not made current.
    assert.deepEqual(await modelOptions(page), [...modelsBefore, `user:${modelId}`]);
    assert.equal(await page.locator('[data-testid="model-select"]').inputValue(), 'default');

    // Export the zip and unpack it as another workstation would.
    await page.locator('[data-testid="learn-export-select"]').selectOption(modelId);
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid="learn-export"]').click()]);
    const zip = unzipSync(new Uint8Array(readFileSync((await download.path())!)));
    const out = tempDir();
    for (const [name, bytes] of Object.entries(zip)) {
      if (name.endsWith('/')) continue;
      mkdirSync(join(out, name, '..'), { recursive: true });
      writeFileSync(join(out, name), bytes);
    }
    const packageDir = join(out, modelId);
    assert.ok(existsSync(join(packageDir, 'grading.json')), `zip holds ${Object.keys(zip).join(', ')}`);

    // The CLI learns from the same examples with the same seed: the same weights and figures.
    const cliInput = appExamplesForCli(data!.rows);
    const cliPackage = join(tempDir(), 'learned');
    const learn = spawnSync(
      process.execPath,
      [
        join(repoRoot, 'bin', 'blastograde.mjs'), 'learn', '--labels', cliInput.sheet, '--images', cliInput.images, '--model', defaultModel,
        '--folds', String(APP_RUN.folds), '--seed', String(APP_RUN.seed), '--positive-label', APP_RUN.positiveLabel, '--backend', 'wasm', '--out', cliPackage,
      ],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    assert.equal(learn.status, 0, learn.stderr);
    const appCard = JSON.parse(readFileSync(join(packageDir, 'grading.json'), 'utf8'));
    const cliCard = JSON.parse(readFileSync(join(cliPackage, 'grading.json'), 'utf8'));
    for (const field of ['examples', 'seed', 'folds', 'labels', 'trainedNodes', 'sources'] as const) {
      assert.deepEqual(cliCard.learning[field], appCard.learning[field], `card learning.${field}`);
    }
    assert.deepEqual(cliCard.outcome, appCard.outcome);
    const appWeights = await readPackageWeights(packageDir);
    const cliWeights = await readPackageWeights(cliPackage);
    const baseWeights = await readPackageWeights(defaultModel);
    assert.deepEqual([...cliWeights.keys()], [...appWeights.keys()], 'tensor names and order');
    const trained = new Set<string>(appCard.learning.trainedNodes);
    let trainedMax = 0;
    for (const [name, app] of appWeights) {
      const cli = cliWeights.get(name)!;
      assert.deepEqual(cli.shape, app.shape, `${name} shape`);
      if (!trained.has(name)) {
        // The trunk (and any head not learned) is not trained: the base's bytes, in both; the
        // multi-depth nodes' constants (present when a head chose blocks 3+4+5) are new, the same in both.
        assert.ok(Buffer.from(app.bytes).equals(Buffer.from(cli.bytes)), `${name}: the app's and the CLI's bytes differ`);
        if (name.startsWith('multidepth/')) continue;
        assert.ok(Buffer.from(app.bytes).equals(Buffer.from(baseWeights.get(name)!.bytes)), `${name}: differs from the base model`);
        continue;
      }
      const { maxAbs, outside } = compareValues(name, app.values, cli.values, SAME_WEIGHTS);
      trainedMax = Math.max(trainedMax, maxAbs);
      assert.deepEqual(outside, [], `${name}: app vs CLI weights outside the tolerance`);
    }
    const figures = compareFigures(appCard.learning.validation, cliCard.learning.validation, SAME_WEIGHTS, new Set(['seconds']));
    assert.deepEqual(figures.mismatches, [], 'cross-validated report: app vs CLI');
    assert.deepEqual(figures.outside, [], 'cross-validated figures: app vs CLI outside the tolerance');
    console.log(
      `  app vs CLI learn: ${appWeights.size - trained.size} untrained tensors byte-identical; trained (${[...trained].join(', ')}) max |difference| ${trainedMax.toExponential(2)}; ` +
        `${figures.numbers} cross-validated figures, max |difference| ${figures.maxAbs.toExponential(2)}`,
    );

    // Select it, grade 3 images the training never saw, rank by lab outcome.
    await openModelSettings(page);
    await page.locator('[data-testid="model-select"]').selectOption(`user:${modelId}`);
    await page.waitForSelector('[data-testid="model-status"][data-state="ready"]', { timeout: 180_000 });
    // About this model shows the learned model's own cross-validated figures, the report's.
    await page.waitForSelector(`[data-testid="model-status"][data-state="ready"] [data-testid="model-id"]:text-is("${modelId}")`, { timeout: 180_000 });
    const aboutAuc = (await page.getByTestId('learned-outcome').textContent())?.trim() ?? '';
    assert.ok(aboutAuc.startsWith(learnedAuc.toFixed(3)), `About this model shows outcome ROC AUC "${aboutAuc}", the report ${learnedAuc}`);
    // The clinic's unlabelled images: embryos the training never saw.
    const images = readdirSync(unlabelled).filter((f) => /\.jpe?g$/i.test(f)).sort().slice(0, 3).map((f) => ({ name: f, path: join(unlabelled, f) }));
    await openBatchView(page);
    await dropFiles(page, images);
    await waitForBatch(page, images.length, 300_000);
    const stored = await storedImages(page);

    const policy = page.locator('[data-testid="ranking-policy"] option[value="outcome"]');
    if ((await policy.count()) > 0) {
      await page.locator('[data-testid="ranking-policy"]').selectOption('outcome');
      const ranks = await page.locator('[data-testid="embryo"]').evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-file')!, Number(r.getAttribute('data-rank'))] as const));
      const byProbability = [...ranks].sort((x, y) => stored[y[0]]!.prediction!.outcome!.probability - stored[x[0]]!.prediction!.outcome!.probability);
      assert.deepEqual(byProbability.map(([, r]) => r), [1, 2, 3]);
    } else {
      console.log('  the "Lab outcome" ranking policy is not offered in this build: ranking step skipped');
    }

    const cli = spawnSync(process.execPath, [join(repoRoot, 'bin', 'blastograde.mjs'), 'grade', ...images.map((f) => f.path), '--model', packageDir, '--json'], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    assert.equal(cli.status, 0, cli.stderr);
    const records = JSON.parse(cli.stdout) as { file: string; ok: boolean; outcome?: { probability: number } }[];
    for (const record of records) {
      const browser = stored[basename(record.file)]?.prediction?.outcome?.probability;
      assert.ok(record.outcome && browser !== undefined, `${record.file}: no outcome probability (CLI ${JSON.stringify(record.outcome)}, browser ${browser})`);
      assert.ok(Math.abs(record.outcome.probability - browser) <= 1e-3, `${record.file}: CLI ${record.outcome.probability}, browser ${browser}`);
    }
  });
});
