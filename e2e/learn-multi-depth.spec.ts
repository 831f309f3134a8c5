// A learned package whose ICM and outcome heads chose blocks 3+4+5 (issue 23, point 2: the graph
// gains multidepth/* nodes, those heads' first kernels have 320 rows) loads in the app like any
// package ("Bring your own model" folder), grades, and gives what `grade --model` gives in the CLI.
// The package is written by the learning engine in this process from feature vectors where only
// block 3's part carries the labels, so cross-validation picks blocks 3+4+5 for both heads.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chooseBackend, folderSource, loadModelPackage, nodeWasmDir } from '../src/features/inference/headless';
import { learnFromExamples, type LearningExample } from '../src/features/learner/headless';
import { phantomPng, renderPhantom } from '../src/features/phantom';
import { dropFiles, openApp, openBatchView, openModelSettings, repoRoot, stopServer, storedImages, tempDir, waitForBatch, type Session, type TestFile } from './harness';

const defaultModel = join(repoRoot, 'public', 'models', 'default');
const skip = existsSync(join(defaultModel, 'grading.json')) ? false : 'public/models/default has no model: multi-depth package e2e skipped';
const ICM = ['A', 'B', 'C'] as const;
const EXPANSIONS = [3, 4, 5] as const;
const MODEL_ID = 'multi-depth-e2e';

/** The default model's layout (block 3 mean 64, block 4 mean 128, gap 128); ICM and outcome shift block-3 values only. */
function examples(): LearningExample[] {
  return Array.from({ length: 45 }, (_, i) => {
    const icm: string = ICM[i % 3]!;
    const outcome = (Math.floor(i / 3) % 2) as 0 | 1;
    const features = Float32Array.from({ length: 320 }, (_v, j) => ((i * 31 + j * 17) % 13) / 13 + (j < 6 ? 0.5 * (i % 3) : 0) + (j >= 10 && j < 16 && outcome ? 0.4 : 0));
    return { key: `e${i}`, features, labels: { icm, outcome } };
  });
}

describe('a learned package whose heads read blocks 3+4+5, in the browser', { skip }, () => {
  let s: Session;
  let packageDir = '';
  const images: TestFile[] = [];
  before(async () => {
    await chooseBackend('wasm', { paths: nodeWasmDir() });
    const base = await loadModelPackage(folderSource(defaultModel));
    const learned = await learnFromExamples(base, examples(), { folds: 3, seed: 3, curve: false, id: MODEL_ID, date: new Date('2026-12-07T00:00:00Z') });
    for (const label of learned.report.perLabel) assert.equal(label.featureSet?.chosen, 'blocks345-mean', `${label.label}: ${JSON.stringify(label.featureSet)}`);
    const dir = tempDir();
    packageDir = join(dir, MODEL_ID);
    mkdirSync(packageDir);
    for (const [name, bytes] of Object.entries(learned.files)) writeFileSync(join(packageDir, name), bytes);
    for (let i = 0; i < 3; i++) {
      const name = `multi-depth-${i}.png`;
      writeFileSync(join(dir, name), phantomPng(renderPhantom({ seed: `multi-depth/${i}`, grades: { expansion: EXPANSIONS[i]!, icm: ICM[i]!, te: 'B' }, nuisance: 'none', width: 320, height: 240 })));
      images.push({ name, path: join(dir, name) });
    }
    s = await openApp();
  });
  after(async () => {
    await s?.close();
    await stopServer();
  });

  it('loads as a folder, grades three phantoms, and matches the CLI’s grade --model', { timeout: 300_000 }, async () => {
    const { page } = s;
    await openModelSettings(page);
    await page.getByTestId('model-folder-input').setInputFiles(packageDir);
    await page.getByTestId('model-import-ok').waitFor({ timeout: 120_000 });
    await page.locator('[data-testid="model-select"]').selectOption(`user:${MODEL_ID}`);
    await page.waitForSelector(`[data-testid="model-status"][data-state="ready"] [data-testid="model-id"]:text-is("${MODEL_ID}")`, { timeout: 180_000 });
    assert.equal(await page.locator('[data-testid="learned-figures"] tr[data-row="icm"]').getAttribute('data-feature-set'), 'blocks345-mean');
    await openBatchView(page);
    await dropFiles(page, images);
    await waitForBatch(page, images.length, 300_000);
    const stored = await storedImages(page);

    const cli = spawnSync(process.execPath, [join(repoRoot, 'bin', 'blastograde.mjs'), 'grade', ...images.map((f) => f.path), '--model', packageDir, '--json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    assert.equal(cli.status, 0, cli.stderr);
    const records = JSON.parse(cli.stdout) as { file: string; heads: { name: string; probabilities: number[] }[]; outcome?: { probability: number } }[];
    for (const record of records) {
      const browser = stored[basename(record.file)]?.prediction;
      assert.ok(browser?.outcome && record.outcome, `${record.file}: no outcome (CLI ${JSON.stringify(record.outcome)}, browser ${JSON.stringify(browser?.outcome)})`);
      assert.ok(Math.abs(record.outcome.probability - browser.outcome.probability) <= 1e-3, `${record.file}: outcome CLI ${record.outcome.probability}, browser ${browser.outcome.probability}`);
      const icmCli = record.heads.find((h) => h.name === 'icm')!.probabilities;
      const icmBrowser = browser.heads.find((h) => h.name === 'icm')!.probabilities;
      icmCli.forEach((p, k) => assert.ok(Math.abs(p - icmBrowser[k]!) <= 1e-3, `${record.file}: ICM ${k} CLI ${p}, browser ${icmBrowser[k]}`));
    }
    console.log(`  graded with ${MODEL_ID} (ICM and outcome read multidepth/concat): ${records.map((r) => `${basename(r.file)} outcome ${r.outcome!.probability.toFixed(3)}`).join(', ')}`);
  });
});
