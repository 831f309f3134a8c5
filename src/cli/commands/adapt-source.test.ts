import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { folderSource, loadModelPackage, type LoadedModelPackage } from '../../features/inference/headless';
import { shippedSource, measureSourceStatistics, convSteps, DEFAULT_PHANTOM_SEED, convTrunk, type SourceStatistics, DEFAULT_SOURCE_PHANTOMS } from '../../features/adapt/headless';
import { startNodeBackend } from '../../features/inference/testing';
import { foldedGraphPackage } from '../../features/adapt/testing';
import { repoRoot } from '../../lib/testing/shared-data';
import { DEFAULT_MODEL_DIR } from '../default-model';
import { withAdaptationSource } from './adapt-source';

function cli(args: string[]) {
  const run = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'blastograde.mjs'), 'adapt-source', ...args], { cwd: repoRoot, encoding: 'utf8', timeout: 300_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Each layer's mean and spread equal within float32 rounding (the CLI measures in its own process). */
function expectSameStatistics(actual: SourceStatistics, expected: SourceStatistics) {
  expect(actual.images).toBe(expected.images);
  expect(actual.stats).toHaveLength(expected.stats.length);
  actual.stats.forEach((layer, i) => {
    const want = expected.stats[i]!;
    for (const key of ['mean', 'std'] as const) {
      expect(layer[key]).toHaveLength(want[key].length);
      layer[key].forEach((v, c) => expect(Math.abs(v - want[key][c]!)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(want[key][c]!))));
    }
  });
}

const wantedFor = (pkg: LoadedModelPackage, phantoms: number, layers?: number) => {
  const nodes = convSteps(convTrunk(pkg.modelJson)).map((c) => c.node);
  return { modelHash: pkg.modelHash, seed: DEFAULT_PHANTOM_SEED, phantoms, styles: ['default'], nodes, layers: layers ?? nodes.length };
};

describe('withAdaptationSource', () => {
  const entry = { file: 'adaptation-source.json', sha256: 'a'.repeat(64), seed: 's', phantoms: 8, images: 8, styles: ['default'], layers: 2 };

  it('adds the entry last and leaves every other byte of the card as it was (numbers such as 1.0 included)', () => {
    const text = '{\n  "id": "m",\n  "metrics": {\n    "f1": 1.0\n  },\n  "intendedUse": "x"\n}\n';
    const out = withAdaptationSource(text, entry);
    expect(out.startsWith('{\n  "id": "m",\n  "metrics": {\n    "f1": 1.0\n  },\n  "intendedUse": "x",\n  "adaptationSource": {\n    "file": "adaptation-source.json",')).toBe(true);
    expect(JSON.parse(out)).toEqual({ ...JSON.parse(text), adaptationSource: entry });
    // Written again (other statistics): replaced in place.
    const again = withAdaptationSource(out, { ...entry, layers: 13 });
    expect(again).toBe(out.replace('"layers": 2', '"layers": 13'));
  });

  it('rewrites a card formatted some other way whole rather than edit it wrongly', () => {
    const text = '{"id":"m","adaptationSource":{"file":"old.json"},"intendedUse":"x"}';
    expect(JSON.parse(withAdaptationSource(text, entry))).toEqual({ id: 'm', adaptationSource: entry, intendedUse: 'x' });
  });
});

describe('blastograde adapt-source (CLI)', () => {
  beforeAll(async () => {
    await startNodeBackend('wasm');
  });

  it('writes the statistics of every convolution into a package, which then loads and holds what the adapt job measures', async () => {
    const base = await foldedGraphPackage('float16');
    const dir = mkdtempSync(path.join(tmpdir(), 'adapt-source-'));
    for (const [name, bytes] of Object.entries(base.files)) writeFileSync(path.join(dir, name), new Uint8Array(bytes));
    const { code, stdout, stderr } = cli(['--model', dir, '--phantoms', '8']);
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/adapt-source: statistics of 2 layers measured on 8 phantoms/);
    const summary = JSON.parse(stdout) as { model: { hash: string }; adaptationSource: { file: string; layers: number } };
    expect(summary.model.hash).toBe(base.modelHash);
    expect(summary.adaptationSource).toMatchObject({ file: 'adaptation-source.json', layers: 2, phantoms: 8 });

    const shipped = await loadModelPackage(folderSource(dir));
    expect(shipped.modelHash).toBe(base.modelHash); // the weights and their hashes are untouched
    const read = shippedSource(shipped.card, shipped.files, wantedFor(shipped, 8));
    if (!read || !('use' in read)) throw new Error(`not usable: ${JSON.stringify(read)}`);
    expectSameStatistics(read.use, await measureSourceStatistics(base, { seed: DEFAULT_PHANTOM_SEED, phantoms: 8, layers: 2 }));
  }, 120_000);

  it('refuses an adapted package and bad arguments', async () => {
    const base = await foldedGraphPackage('float16');
    const dir = mkdtempSync(path.join(tmpdir(), 'adapt-source-adapted-'));
    const card = { ...base.card, adaptation: { method: 'adabn-folded', baseModel: { id: 'b', version: '1', hash: 'f'.repeat(64) }, images: 9, layers: ['conv1/Relu'], date: '2026-11-29' } };
    for (const [name, bytes] of Object.entries({ ...base.files, 'grading.json': new TextEncoder().encode(JSON.stringify(card)).buffer })) writeFileSync(path.join(dir, name), new Uint8Array(bytes));
    const adapted = cli(['--model', dir]);
    expect(adapted.code).toBe(1);
    expect(adapted.stderr).toMatch(/already adapted \(from b 1\); adapt its base model instead/);
    expect(cli(['--model', dir, '--phantoms', '3']).code).toBe(2);
  }, 60_000);
});

/** Re-measuring the default model's 96 phantoms takes 60-80 s on two cores: opt in with BLASTOGRADE_SLOW_TESTS=1. */
const slow = process.env.BLASTOGRADE_SLOW_TESTS === '1';

describe('the default model package', () => {
  let pkg: LoadedModelPackage;
  let shipped: SourceStatistics;
  beforeAll(async () => {
    await startNodeBackend('wasm');
    pkg = await loadModelPackage(folderSource(DEFAULT_MODEL_DIR));
    const read = shippedSource(pkg.card, pkg.files, wantedFor(pkg, DEFAULT_SOURCE_PHANTOMS));
    if (!read || !('use' in read)) throw new Error(`public/models/default/${pkg.card.adaptationSource?.file} is not usable (rerun npx blastograde adapt-source): ${JSON.stringify(read)}`);
    shipped = read.use;
  });

  it('ships source statistics of every convolution for the default seed and phantom count, bound to its weights', () => {
    expect(pkg.card.adaptationSource).toMatchObject({ seed: DEFAULT_PHANTOM_SEED, phantoms: DEFAULT_SOURCE_PHANTOMS, layers: 13 });
    expect(shipped.stats).toHaveLength(13);
    expect(shipped.images).toBe(pkg.card.adaptationSource!.images);
    expect(readFileSync(path.join(DEFAULT_MODEL_DIR, 'grading.json'), 'utf8')).toMatch(/"adaptationSource": \{/);
  });

  it.runIf(slow)('ships what the adapt job measures now (phantoms rendered or prepared differently would make them stale)', async () => {
    const fresh = await measureSourceStatistics(pkg, { seed: DEFAULT_PHANTOM_SEED, phantoms: DEFAULT_SOURCE_PHANTOMS, layers: 13 });
    expectSameStatistics(shipped, fresh);
  }, 240_000);
});
