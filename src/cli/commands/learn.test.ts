import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { chooseBackend, folderSource, loadModelPackage, nodeWasmDir, prepareModelInput, toGraphModel } from '../../features/inference/headless';
import { extractFeatures, outcomeProbabilities } from '../../features/learner/headless';
import { phantomPng, renderPhantom, type CellGrade } from '../../features/phantom';
import { hasSharedData, repoRoot, sharedDataPath, sharedDataSkipReason } from '../../lib/testing/shared-data';

function cli(args: string[]) {
  const run = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'blastograde.mjs'), 'learn', ...args], { cwd: repoRoot, encoding: 'utf8', timeout: 300_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const GRADES: CellGrade[] = ['A', 'B', 'C'];
const outFolder = () => path.join(mkdtempSync(path.join(tmpdir(), 'learn-cli-out-')), 'learned');

describe('blastograde learn (CLI) on phantoms', () => {
  let images: string;
  const sheet = (name: string, text: string | Uint8Array) => {
    const file = path.join(images, '..', name);
    writeFileSync(file, text);
    return file;
  };
  beforeAll(() => {
    // 18 phantoms: ICM A/B/C six each, every other one an outcome of 1.
    images = path.join(mkdtempSync(path.join(tmpdir(), 'learn-cli-')), 'images');
    spawnSync('mkdir', ['-p', images]);
    for (let i = 0; i < 18; i++) {
      const icm = GRADES[i % 3]!;
      writeFileSync(path.join(images, `p${i}.png`), phantomPng(renderPhantom({ seed: `learn-cli/${i}`, grades: { expansion: 4, icm, te: 'B' }, nuisance: 'none', width: 320, height: 240 })));
    }
  });
  const rows = (outcome: (i: number) => string) => ['file,icm,outcome', ...Array.from({ length: 18 }, (_, i) => `p${i}.png,${GRADES[i % 3]},${outcome(i)}`)].join('\n');

  it('learns ICM and outcome, prints the cross-validated report and writes a package whose outcome output equals the engine', async () => {
    const out = outFolder();
    const { code, stdout, stderr } = cli(['--labels', sheet('good.csv', rows((i) => String(i % 2))), '--images', images, '--out', out, '--seed', '3']);
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/learn: 18 of 18 rows matched an image/);
    expect(stderr).toMatch(/learn: cross-validation outcome fold 5/);
    const summary = JSON.parse(stdout);
    expect(summary.examples).toBe(18);
    expect(summary.report.labels).toEqual(['icm', 'outcome']);
    const outcome = summary.report.perLabel.find((r: { label: string }) => r.label === 'outcome');
    expect(outcome.learned.auc).toMatchObject({ estimate: expect.any(Number), low: expect.any(Number), high: expect.any(Number) });
    expect(outcome.base.auc.estimate).toEqual(expect.any(Number));

    const pkg = await loadModelPackage(folderSource(out));
    expect(pkg.modelHash).toBe(summary.model.hash);
    expect(pkg.card.outcome?.positiveLabel).toBe('good');
    expect(pkg.card.learning?.sources).toEqual(['good.csv']);
    await chooseBackend('wasm', { paths: nodeWasmDir() });
    const inputs: Float32Array[] = [];
    for (const name of ['p0.png', 'p1.png', 'p5.png']) {
      const prepared = await prepareModelInput(new Uint8Array(readFileSync(path.join(images, name))), pkg.card);
      if (!prepared.ok) throw new Error(prepared.error);
      inputs.push(prepared.modelInput);
    }
    // One view each: the graph's outcome output for these exact inputs.
    const engine = outcomeProbabilities(pkg, await extractFeatures(pkg, inputs, { orientations: 'as-given' }));
    const graph = await toGraphModel(pkg);
    const x = tf.tensor4d(Float32Array.from(inputs.flatMap((i) => [...i])), [3, 128, 128, 3]);
    const y = graph.execute({ [graph.inputs[0]!.name]: x }, 'outcome') as tf.Tensor;
    const fromGraph = [...((await y.data()) as Float32Array)];
    engine.forEach((p, i) => expect(Math.abs(p - fromGraph[i]!)).toBeLessThan(1e-5));
    tf.dispose([x, y]);
    graph.dispose();
  }, 300_000);

  it('keeps one example per image content in content-hash order: shuffled rows and a twin image give byte-identical shards', () => {
    // The same 18 images plus p18.png, a byte-identical copy of p3.png with the same labels.
    const folder = path.join(images, '..', 'with-twin');
    spawnSync('cp', ['-r', images, folder]);
    copyFileSync(path.join(folder, 'p3.png'), path.join(folder, 'p18.png'));
    const lines = rows((i) => String(i % 2)).split('\n').slice(1);
    const twin = 'p18.png,A,1';
    const inOrder = ['file,icm,outcome', ...lines, twin];
    // Shuffled, and the twin listed before p3.png, so it is the one kept this time.
    const shuffled = ['file,icm,outcome', twin, ...lines.filter((_, i) => i % 2 === 1).reverse(), ...lines.filter((_, i) => i % 2 === 0)];
    const learnFrom = (name: string, text: string[]) => {
      const dir = mkdtempSync(path.join(tmpdir(), `learn-cli-${name}-`));
      writeFileSync(path.join(dir, 'labels.csv'), text.join('\n'));
      const out = outFolder();
      const result = cli(['--labels', path.join(dir, 'labels.csv'), '--images', folder, '--out', out, '--seed', '2', '--folds', '3']);
      expect(result.code, result.stderr).toBe(0);
      return { out, ...result, summary: JSON.parse(result.stdout) };
    };
    const first = learnFrom('in-order', inOrder);
    const second = learnFrom('shuffled', shuffled);
    expect(first.stderr).toContain('learn: p18.png: same image as p3.png, kept once');
    expect(second.stderr).toContain('learn: p3.png: same image as p18.png, kept once');
    expect(first.summary.examples).toBe(18);
    expect(first.summary.twins).toEqual([{ image: 'p18.png', sameAs: 'p3.png', leftOut: [], unused: false, message: 'p18.png: same image as p3.png, kept once' }]);
    expect(first.summary.report.perLabel.find((r: { label: string }) => r.label === 'outcome').classCounts).toEqual({ '0': 9, '1': 9 });
    const files = readdirSync(first.out).filter((f) => f !== 'grading.json').sort();
    expect(files.some((f) => f.endsWith('.bin'))).toBe(true);
    expect(readdirSync(second.out).filter((f) => f !== 'grading.json').sort()).toEqual(files);
    for (const file of files) expect(Buffer.compare(readFileSync(path.join(first.out, file)), readFileSync(path.join(second.out, file))), file).toBe(0);
  }, 300_000);

  it('leaves out a label twins disagree on, with the sentence the app shows', () => {
    // p18.png: p3.png's bytes, the same ICM (A) but the other outcome.
    const folder = path.join(images, '..', 'with-disputed-twin');
    spawnSync('cp', ['-r', images, folder]);
    copyFileSync(path.join(folder, 'p3.png'), path.join(folder, 'p18.png'));
    const text = `${rows((i) => String(i % 2))}\np18.png,A,0`;
    const out = outFolder();
    const { code, stdout, stderr } = cli(['--labels', sheet('disputed.csv', text), '--images', folder, '--out', out, '--folds', '3']);
    expect(code, stderr).toBe(0);
    expect(stderr).toContain('learn: p18.png: same image as p3.png with outcome 0 vs 1; its outcome is left out\n');
    const summary = JSON.parse(stdout);
    expect(summary.examples).toBe(18);
    const counts = (label: string) => summary.report.perLabel.find((r: { label: string }) => r.label === label).classCounts;
    // p3's ICM is kept (both say A); its outcome is in neither class.
    expect(counts('icm')).toEqual({ A: 6, B: 6, C: 6 });
    expect(counts('outcome')).toEqual({ '0': 9, '1': 8 });
  }, 300_000);

  it('leaves out an image it cannot decode and a file it cannot read, listing them, and learns from the rest; --strict refuses; --cache reads the features back', () => {
    // bad.png is not a PNG; folder.png is a folder (cannot be read as a file).
    const withBad = path.join(images, '..', 'with-bad');
    spawnSync('cp', ['-r', images, withBad]);
    writeFileSync(path.join(withBad, 'bad.png'), 'not a png');
    mkdirSync(path.join(withBad, 'folder.png'));
    const cache = mkdtempSync(path.join(tmpdir(), 'learn-cli-cache-'));
    // gone.png is on the sheet, not in the folder: its row is noted and left out, not refused.
    const both = sheet('bad-images.csv', `${rows((i) => String(i % 2))}\nbad.png,A,1\nfolder.png,B,0\ngone.png,C,1`);
    const out = outFolder();
    const first = cli(['--labels', both, '--images', withBad, '--out', out, '--folds', '3', '--cache', cache]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain('learn: 20 of 21 rows matched an image; 1 row did not; 0 images had no row.\n');
    expect(first.stderr).toContain('learn: Row 22: no image named "gone.png" in the folder.\n');
    expect(first.stderr).toContain('learn: skipped 2 of 20 labelled images that could not be used (learned from the rest; --strict refuses instead):\n');
    expect(first.stderr).toMatch(/learn: {3}skipped bad\.png: \S/);
    // Said as it happens too, before the cross-validation.
    expect(first.stderr).toMatch(/learn: cannot use folder\.png: this is a folder, not an image file\n[\s\S]*learn: cross-validation/);
    expect(first.stderr).toContain('learn:   skipped folder.png: this is a folder, not an image file\n');
    const summary = JSON.parse(first.stdout);
    expect(summary.examples).toBe(18);
    expect(summary.skipped).toEqual([{ name: 'bad.png', error: expect.stringMatching(/\S/) }, { name: 'folder.png', error: 'this is a folder, not an image file' }]);
    expect(summary.features).toEqual({ computed: 18, cached: 0, cache: { dir: cache, corrupt: 0, failuresRead: 0, writeFailures: 0 } });
    expect(summary.report.skippedImages).toEqual(summary.skipped);
    const card = JSON.parse(readFileSync(path.join(out, 'grading.json'), 'utf8'));
    expect(card.learning.examples).toBe(18);
    expect(card.learning.validation.skippedImages).toEqual(summary.skipped);
    expect(card.intendedUse).toContain('(2 more labelled images could not be read, decoded or located and were left out)');

    // --strict: a file that cannot be read refuses before any image is prepared...
    const strictOut = outFolder();
    const strict = cli(['--labels', sheet('bad-present.csv', `${rows((i) => String(i % 2))}\nbad.png,A,1\nfolder.png,B,0`), '--images', withBad, '--out', strictOut, '--folds', '3', '--cache', cache, '--strict']);
    expect(strict.code, strict.stderr).toBe(1);
    expect(strict.stderr).toContain('blastograde learn: 1 labelled image could not be read (nothing was written):\n  folder.png: this is a folder, not an image file\n');
    // ...and an image that cannot be decoded refuses once every image has been tried (the others from the cache).
    const strictBad = cli(['--labels', sheet('bad-image.csv', `${rows((i) => String(i % 2))}\nbad.png,A,1`), '--images', withBad, '--out', strictOut, '--folds', '3', '--cache', cache, '--strict']);
    expect(strictBad.code, strictBad.stderr).toBe(1);
    expect(strictBad.stderr).toMatch(/blastograde learn: 1 labelled image could not be prepared \(nothing was written\):\n {2}bad\.png: /);
    expect(existsSync(strictOut)).toBe(false);

    // The 18 good images again: every feature from the cache, the same weights.
    const againOut = outFolder();
    const again = cli(['--labels', sheet('good-only.csv', rows((i) => String(i % 2))), '--images', withBad, '--out', againOut, '--folds', '3', '--cache', cache]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('learn: features of 18 images taken (18 from the cache)');
    const againSummary = JSON.parse(again.stdout);
    expect(againSummary.skipped).toEqual([]);
    expect(againSummary.features).toMatchObject({ computed: 0, cached: 18 });
    expect(Buffer.compare(readFileSync(path.join(out, 'group1-shard1of1.bin')), readFileSync(path.join(againOut, 'group1-shard1of1.bin')))).toBe(0);

    // The first sheet again, warm: bad.png's failure comes from the cache (not decoded again) and
    // is listed as before; the folder is tried again (a read failure is not remembered).
    const warm = cli(['--labels', both, '--images', withBad, '--out', outFolder(), '--folds', '3', '--cache', cache]);
    expect(warm.code, warm.stderr).toBe(0);
    const warmSummary = JSON.parse(warm.stdout);
    expect(warmSummary.skipped).toEqual(summary.skipped);
    expect(warmSummary.features).toEqual({ computed: 0, cached: 18, cache: { dir: cache, corrupt: 0, failuresRead: 1, writeFailures: 0 } });
    expect(warm.stderr).toContain('learn: cache: 1 image known from an earlier run not to be usable: listed, not decoded again');
  }, 300_000);

  it('refuses every bad input with its own sentence, writing nothing', () => {
    const cases: [string, string | Uint8Array, RegExp][] = [
      ['one-class.csv', ['file,outcome', ...Array.from({ length: 18 }, (_, i) => `p${i}.png,1`)].join('\n'), /outcome: all 18 rows are "1"; learning outcome needs examples of at least two classes/],
      ['few.csv', rows((i) => (i < 3 ? '1' : '0')), /Outcome needs at least 5 examples of each class for 5-fold cross-validation: "1" has 3 \(2 more needed\)/],
      ['unknown.csv', ['file,icm,colour', 'p0.png,A,red', 'p1.png,B,blue'].join('\n'), /column C "colour" is not one of file, expansion, icm, te, outcome; rename it or remove it/],
      ['bad-grade.csv', `${rows((i) => String(i % 2))}\np17.png,D,1`, /learn: 18 of 19 rows matched an image; 1 row was invalid; 0 images had no row\.\n[\s\S]*bad-grade\.csv: The sheet has a problem; fix it and run learn again\. Nothing was written\.\n {2}Row 20: icm "D" is not a grade A, B or C/],
      ['scale.csv', rows((i) => String(i % 2)).replace('p4.png,B,', 'p4.png,D,'), /Row 6: icm "D" is not a grade A, B or C/],
      ['twice.csv', `${rows((i) => String(i % 2))}\np2.png,C,0`, /Row 20: "p2\.png" is also on row 4; both rows are left out/],
      ['empty.csv', '', /empty\.csv: The sheet is empty/],
      ['no-file.csv', 'image_name,icm\np0.png,A', /no-file\.csv: The sheet has no "file" column \(found: "image_name", "icm"\)/],
      ['picture.csv', readFileSync(path.join(images, 'p0.png')), /picture\.csv: This is a PNG image, not a label sheet/],
    ];
    for (const [name, text, message] of cases) {
      const out = outFolder();
      const { code, stderr } = cli(['--labels', sheet(name, text), '--images', images, '--out', out]);
      expect(code, `${name}: ${stderr}`).toBe(1);
      expect(stderr, name).toMatch(message);
      expect(existsSync(out), name).toBe(false);
    }
    // A row naming no image is only left out (an archive loses files), unless --strict.
    const strictOut = outFolder();
    const strict = cli(['--labels', sheet('missing.csv', `${rows((i) => String(i % 2))}\nnot-there.png,A,1`), '--images', images, '--out', strictOut, '--strict']);
    expect(strict.stderr).toMatch(/missing\.csv: The sheet has a problem; fix it and run learn again\. Nothing was written\.\n {2}Row 20: no image named "not-there\.png" in the folder\./);
    expect([strict.code, existsSync(strictOut)]).toEqual([1, false]);
    // A sheet or an image folder that is not there.
    const out = outFolder();
    const noFolder = cli(['--labels', sheet('fine.csv', rows((i) => String(i % 2))), '--images', path.join(images, 'not-there'), '--out', out]);
    expect(noFolder.stderr).toMatch(/cannot read the image folder .*not-there/);
    const noSheet = cli(['--labels', path.join(images, 'not-there.csv'), '--images', images, '--out', out]);
    expect(noSheet.stderr).toMatch(/cannot read the label sheet .*not-there\.csv/);
    expect([noFolder.code, noSheet.code, existsSync(out)]).toEqual([1, 1, false]);
    expect(cli(['--labels', 'x.csv', '--out', outFolder()]).code).toBe(2);
    // --jobs is a whole number of worker threads, at least 1 (1: in process).
    for (const jobs of ['0', '1.5', 'two']) expect(cli(['--labels', 'x.csv', '--images', images, '--out', outFolder(), '--jobs', jobs]).code, jobs).toBe(2);
  }, 300_000);
});

describe.skipIf(!hasSharedData)(`blastograde learn on the labelled clinic set ${sharedDataSkipReason}`, () => {
  it("reports a cross-validated outcome AUC with its interval from the sheet's good column", () => {
    const dir = sharedDataPath('real-signal', 'embryo-classification-d5', 'labelled');
    const out = outFolder();
    const { code, stdout, stderr } = cli(['--labels', path.join(dir, 'labels.csv'), '--images', dir, '--out', out]);
    expect(code, stderr).toBe(0);
    const summary = JSON.parse(stdout);
    // D5_324.jpg is a byte-identical copy of D5_323.jpg (both 0): one example, as in the app.
    expect(summary.examples).toBe(139);
    expect(stderr).toContain('learn: D5_324.jpg: same image as D5_323.jpg, kept once');
    expect(summary.twins).toMatchObject([{ image: 'D5_324.jpg', sameAs: 'D5_323.jpg', leftOut: [] }]);
    const outcome = summary.report.perLabel[0];
    expect(outcome).toMatchObject({ label: 'outcome', classCounts: { '0': 88, '1': 51 }, positiveLabel: 'good' });
    expect(outcome.learned.auc.estimate).toBeGreaterThan(0.7);
    expect(outcome.learned.auc.low).toBeLessThan(outcome.learned.auc.estimate);
    expect(outcome.learned.auc.high).toBeGreaterThan(outcome.learned.auc.estimate);
    // The base's expected expansion from features averaged over the 8 orientations, as the app grades
    // (with LOCATOR_VERSION 1, whose outlines moved with a turn or mirror: 0.802; upright only: 0.791).
    expect(outcome.baseScoreAuc).toBeCloseTo(0.79, 2);
  }, 300_000);
});
