import { mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { chooseBackend, folderSource, loadModelPackage, nodeWasmDir, type LoadedModelPackage } from '../features/inference/headless';
import { takeFeatures, type LearnJobExample } from '../features/learner/headless';
import { phantomPng, renderPhantom } from '../features/phantom';
import { LOCATOR_VERSION } from '../features/preprocess';
import { failureFilePath, featureFilePath, folderFeatureCache } from './folder-feature-cache';

const DEFAULT_MODEL = new URL('../../public/models/default/', import.meta.url).pathname;
const MODEL = 'a'.repeat(64);
const cacheDir = () => mkdtempSync(path.join(tmpdir(), 'feature-cache-'));
const example = (key: string): LearnJobExample => ({ key, name: `${key}.png`, labels: {}, read: async () => ({ ok: false, error: 'not read in this test' }) });
// The default model's feature set as the learner tags it (feature-layout.ts: the mean over 4 orientations).
const SET = 'blocks345-mean-views4';
const features = (seed: number, length = 320) => Float32Array.from({ length }, (_, i) => Math.sin(seed * 1000 + i) * 3.5);

describe('folderFeatureCache', () => {
  it('reads back exactly what it wrote, one file per model, image and locator version, written whole (no temporary file left)', async () => {
    const dir = cacheDir();
    const cache = folderFeatureCache(dir);
    await cache.put(MODEL, example('k1'), features(1), SET);
    await cache.put(MODEL, { ...example('k2'), crop: { x: 3, y: 4, size: 90 } }, features(2), SET);
    expect(readdirSync(path.join(dir, MODEL)).sort()).toEqual([`k1.locator${LOCATOR_VERSION}.mean.${SET}.f32`, `k2.locator${LOCATOR_VERSION}.crop3-4-90.mean.${SET}.f32`]);

    const again = folderFeatureCache(dir);
    const found = await again.get(MODEL, [example('k1'), { ...example('k2'), crop: { x: 3, y: 4, size: 90 } }, example('k3')], SET);
    expect([...found.keys()]).toEqual(['k1', 'k2']);
    expect(found.get('k1')).toEqual(features(1));
    expect(found.get('k2')).toEqual(features(2));
    // Another model, another crop: not found.
    expect((await again.get('b'.repeat(64), [example('k1')], SET)).size).toBe(0);
    expect((await again.get(MODEL, [{ ...example('k2'), crop: { x: 3, y: 4, size: 91 } }], SET)).size).toBe(0);
    expect(again.stats).toEqual({ corrupt: 0, failuresRead: 0, writeFailures: 0 });
  });

  it('never reads one feature set as another, nor a file written before sets were named (gap’s 128 values, `.mean.f32`)', async () => {
    const dir = cacheDir();
    const cache = folderFeatureCache(dir);
    await cache.put(MODEL, example('k1'), features(1, 128), 'gap');
    expect((await cache.get(MODEL, [example('k1')], SET)).size).toBe(0);
    // The old name, and the gap file renamed to this set's name (its digest names gap): not used.
    const old = path.join(dir, MODEL, `k1.locator${LOCATOR_VERSION}.mean.f32`);
    writeFileSync(old, readFileSync(featureFilePath(dir, MODEL, example('k1'), 'gap')!));
    renameSync(featureFilePath(dir, MODEL, example('k1'), 'gap')!, featureFilePath(dir, MODEL, example('k1'), SET)!);
    const again = folderFeatureCache(dir);
    expect((await again.get(MODEL, [example('k1')], SET)).size).toBe(0);
    expect(again.stats.corrupt).toBe(1);
    // The same 320 values taken over 8 orientations (written before learning took 4, tag 'blocks345-mean'): computed again, never read as these.
    await again.put(MODEL, example('k2'), features(2), 'blocks345-mean');
    expect((await again.get(MODEL, [example('k2')], SET)).size).toBe(0);
    expect((await again.get(MODEL, [example('k2')], 'blocks345-mean')).size).toBe(1);
  });

  it('misses features written under another locator version, even a file renamed to the current name', async () => {
    const dir = cacheDir();
    const older = folderFeatureCache(dir, { locatorVersion: LOCATOR_VERSION + 1 });
    await older.put(MODEL, example('k1'), features(1), SET);
    expect((await older.get(MODEL, [example('k1')], SET)).size).toBe(1);
    const current = folderFeatureCache(dir);
    expect((await current.get(MODEL, [example('k1')], SET)).size).toBe(0);
    renameSync(featureFilePath(dir, MODEL, example('k1'), SET, LOCATOR_VERSION + 1)!, featureFilePath(dir, MODEL, example('k1'), SET)!);
    expect((await current.get(MODEL, [example('k1')], SET)).size).toBe(0);
    expect(current.stats.corrupt).toBe(1);
  });

  it('does not use a truncated, overwritten or another image’s file (counted as corrupt), caches no key that is not a plain name, and keeps going when it cannot write', async () => {
    const dir = cacheDir();
    const cache = folderFeatureCache(dir);
    for (const key of ['k1', 'k2', 'k3', 'k4']) await cache.put(MODEL, example(key), features(Number(key[1])), SET);
    const file = (key: string) => featureFilePath(dir, MODEL, example(key), SET)!;
    const bytes = readFileSync(file('k1'));
    writeFileSync(file('k1'), bytes.subarray(0, bytes.length - 10));
    const flipped = Buffer.from(readFileSync(file('k2')));
    flipped[40] = flipped[40]! ^ 0xff;
    writeFileSync(file('k2'), flipped);
    writeFileSync(file('k3'), readFileSync(file('k4')));
    const found = await folderFeatureCache(dir).get(MODEL, [example('k1'), example('k2'), example('k3'), example('k4')], SET);
    expect([...found.keys()]).toEqual(['k4']);

    await cache.put(MODEL, example('unreadable:x.png'), features(5), SET);
    expect(featureFilePath(dir, MODEL, example('../escape'), SET)).toBeNull();
    expect(featureFilePath(dir, MODEL, example('k1'), '../set')).toBeNull();
    expect(readdirSync(path.join(dir, MODEL))).toHaveLength(4);

    // The cache "folder" is a file: nothing is written, nothing thrown, the failure counted.
    const blocked = path.join(dir, 'a-file');
    writeFileSync(blocked, 'x');
    const unwritable = folderFeatureCache(blocked);
    await expect(unwritable.put(MODEL, example('k1'), features(1), SET)).resolves.toBeUndefined();
    expect(unwritable.stats).toMatchObject({ writeFailures: 1, firstWriteError: expect.stringMatching(/\S/) });
  });

  it('remembers why an image could not be prepared, per model, image, crop and locator version; a changed file is not used', async () => {
    const dir = cacheDir();
    const cache = folderFeatureCache(dir);
    const reason = 'no embryo found: the largest round shape covers 3% of the image (needs 8%) — ünïcode kept';
    await cache.putFailure(MODEL, example('k1'), reason);
    await cache.putFailure(MODEL, { ...example('k2'), crop: { x: 1, y: 2, size: 50 } }, 'cannot decode this image');
    expect(readdirSync(path.join(dir, MODEL)).sort()).toEqual([`k1.locator${LOCATOR_VERSION}.failed`, `k2.locator${LOCATOR_VERSION}.crop1-2-50.failed`]);

    const again = folderFeatureCache(dir);
    const found = await again.getFailures(MODEL, [example('k1'), { ...example('k2'), crop: { x: 1, y: 2, size: 50 } }, example('k3')]);
    expect(Object.fromEntries(found)).toEqual({ k1: reason, k2: 'cannot decode this image' });
    expect(again.stats).toEqual({ corrupt: 0, failuresRead: 2, writeFailures: 0 });
    // Not features: the feature lookup does not see them.
    expect((await again.get(MODEL, [example('k1')], SET)).size).toBe(0);
    // Another model, another crop, another locator version (even renamed to this one's name): tried again.
    expect((await again.getFailures('b'.repeat(64), [example('k1')])).size).toBe(0);
    expect((await again.getFailures(MODEL, [example('k2')])).size).toBe(0);
    const newer = folderFeatureCache(dir, { locatorVersion: LOCATOR_VERSION + 1 });
    expect((await newer.getFailures(MODEL, [example('k1')])).size).toBe(0);
    renameSync(failureFilePath(dir, MODEL, example('k1'))!, failureFilePath(dir, MODEL, example('k1'), LOCATOR_VERSION + 1)!);
    expect((await newer.getFailures(MODEL, [example('k1')])).size).toBe(0);
    expect(newer.stats.corrupt).toBe(1);
    // Another image's failure copied over this one's: not used.
    await cache.putFailure(MODEL, example('k4'), 'x');
    writeFileSync(failureFilePath(dir, MODEL, example('k5'))!, readFileSync(failureFilePath(dir, MODEL, example('k4'))!));
    expect([...(await folderFeatureCache(dir).getFailures(MODEL, [example('k4'), example('k5')])).keys()]).toEqual(['k4']);
  });

  describe('with the learner (real model)', () => {
    let base: LoadedModelPackage;
    beforeAll(async () => {
      await chooseBackend('wasm', { paths: nodeWasmDir() });
      base = await loadModelPackage(folderSource(DEFAULT_MODEL));
    }, 120_000);

    it('computes each image once; a corrupt file is computed again and replaced', async () => {
      const dir = cacheDir();
      const phantoms = Array.from({ length: 3 }, (_, i): LearnJobExample => {
        const png = phantomPng(renderPhantom({ seed: `feature-cache/${i}`, grades: { expansion: 4, icm: 'A', te: 'B' }, nuisance: 'none', width: 200, height: 160 }));
        return { key: `c${i}`, name: `c${i}.png`, labels: {}, read: async () => ({ ok: true, bytes: png }) };
      });
      const first = await takeFeatures(base, phantoms, { cache: folderFeatureCache(dir) });
      expect([first.computed, first.cached]).toEqual([3, 0]);
      writeFileSync(featureFilePath(dir, base.modelHash, phantoms[1]!, SET)!, 'garbage');
      const cache = folderFeatureCache(dir);
      const second = await takeFeatures(base, phantoms, { cache });
      expect([second.computed, second.cached, cache.stats.corrupt]).toEqual([1, 2, 1]);
      second.features.forEach((f, i) => expect(f).toEqual(first.features[i]));
      const third = await takeFeatures(base, phantoms, { cache: folderFeatureCache(dir) });
      expect([third.computed, third.cached]).toEqual([0, 3]);
    }, 120_000);

    it('an image that cannot be prepared is not read again on a warm run and is listed with the same reason; another locator version tries it again; a read failure is not remembered', async () => {
      const dir = cacheDir();
      const reads: string[] = [];
      const png = phantomPng(renderPhantom({ seed: 'feature-cache/failure', grades: { expansion: 4, icm: 'A', te: 'B' }, nuisance: 'none', width: 200, height: 160 }));
      const examples: LearnJobExample[] = [
        { key: 'good', name: 'good.png', labels: {}, read: async () => (reads.push('good'), { ok: true, bytes: png }) },
        { key: 'bad', name: 'bad.png', labels: {}, read: async () => (reads.push('bad'), { ok: true, bytes: new TextEncoder().encode('not a png') }) },
        { key: 'gone', name: 'gone.png', labels: {}, read: async () => (reads.push('gone'), { ok: false, error: 'file not found' }) },
      ];
      const first = await takeFeatures(base, examples, { cache: folderFeatureCache(dir) });
      expect(first.unusable.map((u) => u.name)).toEqual(['bad.png', 'gone.png']);
      expect(reads).toEqual(['good', 'bad', 'gone']);

      reads.length = 0;
      const cache = folderFeatureCache(dir);
      const unusable: string[] = [];
      const warm = await takeFeatures(base, examples, { cache, onProgress: (p) => p.unusable && unusable.push(`${p.item}: ${p.unusable}`) });
      expect(reads).toEqual(['gone']);
      expect(warm.unusable).toEqual(first.unusable);
      expect(unusable).toEqual(first.unusable.map((u) => `${u.name}: ${u.error}`));
      expect([warm.computed, warm.cached, cache.stats.failuresRead]).toEqual([0, 1, 1]);

      reads.length = 0;
      await takeFeatures(base, examples, { cache: folderFeatureCache(dir, { locatorVersion: LOCATOR_VERSION + 1 }) });
      expect(reads).toEqual(['good', 'bad', 'gone']);
    }, 120_000);
  });
});
