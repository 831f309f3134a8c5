import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_DIR } from '../default-model';
import { chooseBackend, folderSource, loadModelPackage, nodeWasmDir, normaliseInput, orientationViews } from '../../features/inference/headless';
import { copyModel, hasTorch, makeTestModel, writeOutcomeModel } from '../../features/inference/testing';
import { extractFeatures, learnFromExamples, outcomeProbabilities, type LearningExample } from '../../features/learner/headless';
import { prepareImage } from '../../features/pipeline';
import { phantomPng, renderPhantom } from '../../features/phantom';
import { hasSharedData, repoRoot, sharedDataPath } from '../../lib/testing/shared-data';
import type { GradeRecord } from './grade';

function cli(args: string[], cwd = repoRoot) {
  const run = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'blastograde.mjs'), 'grade', ...args], { cwd, encoding: 'utf8', timeout: 300_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

let sharedModel: Promise<string> | undefined;
/** One small random-weight model for every test here (exporting one takes seconds). */
const testModel = () => (sharedModel ??= makeTestModel({ inputSize: 96, width: 0.125, seed: 11, id: 'cli-test' }));

describe.skipIf(!hasTorch || !hasSharedData)('blastograde grade (CLI)', () => {
  let model: string;
  let images: string[];
  beforeAll(async () => {
    model = await testModel();
    const dir = sharedDataPath('real', 'pcrm-lockhart', 'input');
    images = (await readdir(dir)).sort().slice(0, 2).map((f) => path.join(dir, f));
  });

  it('grades real images to JSON on stdout and the same numbers to CSV', async () => {
    const csv = path.join(mkdtempSync(path.join(tmpdir(), 'grade-cli-')), 'out.csv');
    const notAnImage = path.join(repoRoot, 'package.json');
    const { code, stdout, stderr } = cli([...images, notAnImage, '--model', model, '--json', '--csv', csv]);
    expect(code, stderr).toBe(0);
    const records = JSON.parse(stdout) as GradeRecord[];
    expect(records.map((r) => r.file)).toEqual([...images, notAnImage]);
    for (const r of records.slice(0, 2)) {
      expect(r.ok).toBe(true);
      expect(r.modelId).toBe('cli-test');
      expect(r.modelHash).toMatch(/^[0-9a-f]{64}$/);
      expect(r.backend).toBe('wasm');
      expect(r.heads!.map((h) => h.name)).toEqual(['expansion', 'icm', 'te']);
      // The app's AI grade: below expansion 3 ICM and TE are not graded and read "–" (Gardner).
      const [e, i, t] = r.heads!.map((h) => h.argmax);
      expect(r.grade).toBe(Number(e) < 3 ? `${e}––` : `${e}${i}${t}`);
      // how many of the 8 orientation views make each head's call
      for (const h of r.heads!) expect(h.viewAgreement).toEqual({ agree: expect.any(Number), of: 8 });
      expect(r.crop!.size).toBeGreaterThan(100);
    }
    expect(records[2]!.ok).toBe(false);
    expect(records[2]!.error).toBeTruthy();
    expect(stderr).toMatch(/on wasm: no real GPU/);

    const rows = Papa.parse<Record<string, string>>(await readFile(csv, 'utf8'), { header: true, skipEmptyLines: true }).data;
    expect(rows).toHaveLength(3);
    // The app's grade sheet columns first, then the CLI's own.
    expect(Object.keys(rows[0]!).slice(0, 5)).toEqual(['rank', 'file', 'ai_grade', 'final_grade', 'decision']);
    expect(rows[0]!.ai_grade).toBe(records[0]!.grade);
    expect(rows.map((r) => r.ok)).toEqual(['true', 'true', 'false']);
    expect(rows[2]!.error).toBe(records[2]!.error);
    expect(Number(rows[0]!.p_icm_A)).toBeCloseTo(records[0]!.heads![1]!.probabilities[2]!, 5);
    const icmViews = records[0]!.heads![1]!.viewAgreement!;
    expect(rows[0]!.icm_view_agreement).toBe(`${icmViews.agree}/${icmViews.of}`);
    expect(rows[0]!.model_hash).toBe(records[0]!.modelHash);
  });

  it('refuses a broken model package with the loader message and exit code 1', async () => {
    const broken = await copyModel(model);
    await rm(path.join(broken, 'grading.json'));
    const { code, stdout, stderr } = cli([images[0]!, '--model', broken, '--json']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/grading\.json \(the model card\) is missing/);
  });

  it('needs --json or --csv', () => {
    expect(cli([images[0]!, '--model', model]).code).toBe(2);
  });
});

describe.skipIf(!hasTorch)('blastograde grade --csv: file names that look like formulas', () => {
  const FORMULA_NAMES = ['=1+1.png', '=HYPERLINK("x","a").png', '@SUM(1+1)cmd.png'];
  const NOT_IMAGE = '-2+3.png';
  const MISSING = '+missing.png';

  it('writes every file and error cell as text (a leading single quote), ranked', async () => {
    const model = await testModel();
    const dir = mkdtempSync(path.join(tmpdir(), 'grade-cli-formula-'));
    const png = path.join(dir, 'phantom.png');
    await writeFile(png, phantomPng(renderPhantom({ seed: 'csv-formula', width: 640, height: 480, nuisance: 'none' })));
    for (const name of FORMULA_NAMES) await copyFile(png, path.join(dir, name));
    await writeFile(path.join(dir, NOT_IMAGE), '{"not": "an image"}');
    // relative names, so the file cell is exactly the name (an absolute path starts with "/"),
    // after "--" so that "-2+3.png" is a file, not an option
    const files = [...FORMULA_NAMES, NOT_IMAGE, MISSING];
    const { code, stdout, stderr } = cli(['--model', model, '--csv', 'out.csv', '--json', '--rank', '--', ...files], dir);
    expect(code, stderr).toBe(0);
    const records = JSON.parse(stdout) as GradeRecord[];
    expect(records.map((r) => r.ok)).toEqual([true, true, true, false, false]);
    expect(records.map((r) => r.rank)).toEqual([1, 1, 1, null, null]);
    expect(records[3]!.error).toMatch(/^not an image: /);
    expect(records[4]!.error).toBe('file not found');

    const rows = Papa.parse<Record<string, string>>(await readFile(path.join(dir, 'out.csv'), 'utf8'), { header: true, skipEmptyLines: true }).data;
    expect(rows.map((r) => r.file)).toEqual(files.map((f) => `'${f}`));
    expect(rows.map((r) => r.error)).toEqual(['', '', '', records[3]!.error, 'file not found']);
    for (const row of rows) for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    expect(rows.map((r) => r.rank)).toEqual(['1', '1', '1', '', '']);
    expect(rows.map((r) => r.policy)).toEqual(Array(5).fill('Expected score (probabilities)'));
    expect(rows[4]!.flags).toMatch(/^file not found; No AI prediction/);
  });
});

describe('blastograde grade with a model that has an outcome head', () => {
  let dir: string;
  let files: string[];
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'grade-cli-outcome-'));
    files = [];
    for (const seed of [1, 2, 3, 4, 5]) {
      const file = path.join(dir, `phantom-${seed}.png`);
      await writeFile(file, phantomPng(renderPhantom({ seed: `outcome-${seed}`, width: 480, height: 360 })));
      files.push(file);
    }
    files.push(path.join(dir, 'missing.png'));
  });

  it('--rank --policy outcome ranks the phantoms in the order of their outcome probabilities', async () => {
    // outcome logit = mean(normalised R, G, B) - 1: brightness spreads the phantoms over the sigmoid
    const model = await writeOutcomeModel({ id: 'outcome-cli', outcomeWeights: [1 / 3, 1 / 3, 1 / 3], outcomeBias: -1, positiveLabel: 'fetal heart' });
    const csv = path.join(dir, 'out.csv');
    const { code, stdout, stderr } = cli([...files, '--model', model, '--json', '--csv', csv, '--rank', '--policy', 'outcome']);
    expect(code, stderr).toBe(0);
    const records = JSON.parse(stdout) as GradeRecord[];
    const graded = records.filter((r) => r.ok);
    expect(graded).toHaveLength(5);
    const probabilities = graded.map((r) => r.outcome!.probability);
    expect(graded.every((r) => r.outcome!.positiveLabel === 'fetal heart' && r.policy === 'outcome')).toBe(true);
    expect(new Set(probabilities.map((p) => p.toFixed(6))).size).toBe(5); // distinct, so the order below can be wrong
    const byProbability = [...graded].sort((a, b) => b.outcome!.probability - a.outcome!.probability);
    expect(byProbability.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5]);
    expect(graded.map((r) => r.score)).toEqual(probabilities);
    expect(records.at(-1)).toMatchObject({ ok: false, rank: null });
    expect(records.at(-1)).not.toHaveProperty('outcome');

    const rows = Papa.parse<Record<string, string>>(await readFile(csv, 'utf8'), { header: true, skipEmptyLines: true }).data;
    expect(rows.map((r) => r.p_outcome)).toEqual([...probabilities.map((p) => p.toFixed(6)), '']);
    expect(rows[0]!.outcome_label).toBe('fetal heart');
    expect(rows.map((r) => r.rank)).toEqual(records.map((r) => (r.rank == null ? '' : String(r.rank))));
  });

  it('grades and ranks with a package the learning engine wrote, the probabilities its own weights give', async () => {
    await chooseBackend('wasm', { paths: nodeWasmDir() });
    const base = await loadModelPackage(folderSource(DEFAULT_MODEL_DIR));
    // Pooled-feature-like examples (the default model's 320: block 3 mean, block 4 mean, gap) where
    // outcome 1 lifts a few block-3 features, so the head chooses blocks 3+4+5 and the package
    // carries the multi-depth nodes; what it learned is then read back through the graph by the CLI.
    const examples: LearningExample[] = Array.from({ length: 24 }, (_, i) => ({
      key: `e${i}`,
      features: Float32Array.from({ length: 320 }, (_v, j) => ((i * 31 + j * 17) % 13) / 13 + (j < 8 && i % 2 ? 0.4 : 0)),
      labels: { outcome: (i % 2) as 0 | 1 },
    }));
    const learned = await learnFromExamples(base, examples, { folds: 3, seed: 3, positiveLabel: 'fetal heart' });
    expect(learned.report.perLabel[0]!.featureSet!.chosen).toBe('blocks345-mean');
    const model = path.join(dir, 'learned');
    await mkdir(model);
    for (const [name, bytes] of Object.entries(learned.files)) await writeFile(path.join(model, name), bytes);

    const graded = files.slice(0, 3);
    const { code, stdout, stderr } = cli([...graded, '--model', model, '--json', '--rank', '--policy', 'outcome']);
    expect(code, stderr).toBe(0);
    const records = JSON.parse(stdout) as GradeRecord[];
    expect(records.map((r) => r.outcome?.positiveLabel)).toEqual(['fetal heart', 'fetal heart', 'fetal heart']);
    const pkg = await loadModelPackage(folderSource(model));
    const inputs = await Promise.all(graded.map(async (file) => {
      const prepared = await prepareImage(new Uint8Array(await readFile(file)), { inputSize: pkg.card.input.size, resize: pkg.card.input.resize });
      if (!prepared.ok) throw new Error(prepared.error);
      return normaliseInput(prepared.input, pkg.card.input.normalization);
    }));
    // A grade averages over the crop's orientations: the engine's probability of each view, averaged.
    const engine = await Promise.all(inputs.map(async (input) => {
      const perView = outcomeProbabilities(pkg, await extractFeatures(pkg, orientationViews(input, pkg.card.input.size), { orientations: 'as-given' }));
      return perView.reduce((sum, p) => sum + p, 0) / perView.length;
    }));
    records.forEach((r, i) => expect(r.outcome!.probability).toBeCloseTo(engine[i]!, 4));
    const order = [...records].sort((a, b) => b.outcome!.probability - a.outcome!.probability);
    expect(new Set(engine.map((p) => p.toFixed(6))).size).toBe(3); // distinct, so the order below can be wrong
    expect(order.map((r) => r.rank)).toEqual([1, 2, 3]);
  });

  it('--policy outcome with a model without an outcome head exits 2 and says why', () => {
    const { code, stdout, stderr } = cli([files[0]!, '--json', '--rank', '--policy', 'outcome']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/blastograde grade: --policy outcome: Lab outcome ranking needs a model with an outcome head, one learned from this lab's own outcomes; the current model "[^"]+" has none\./);
  });

  it('the default model grades as before: no outcome field or column', async () => {
    const csv = path.join(dir, 'plain.csv');
    const { code, stdout, stderr } = cli([files[0]!, '--json', '--csv', csv, '--rank']);
    expect(code, stderr).toBe(0);
    const [record] = JSON.parse(stdout) as GradeRecord[];
    expect(record!.ok).toBe(true);
    expect(record).not.toHaveProperty('outcome');
    expect((await readFile(csv, 'utf8')).split('\n')[0]).not.toMatch(/outcome/);
    // The app's header warning about grades without real signal, on stderr, in the card's figures.
    const card = JSON.parse(await readFile(path.join(DEFAULT_MODEL_DIR, 'grading.json'), 'utf8')) as { metrics: { realSignal: { rocAuc: { te: number } } } };
    expect(stderr).toContain(`trophectoderm inverted (ROC AUC ${card.metrics.realSignal.rocAuc.te.toFixed(2)})`);
  });
});
