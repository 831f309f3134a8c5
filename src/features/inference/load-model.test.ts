import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ModelPackageError, type ModelPackageErrorCode } from './errors';
import { loadModelPackage } from './load-model';
import { sha256Hex } from './sha256';
import { folderSource } from './node-model-source';
import { copyModel, hasTorch, makeTestModel } from './testing/model-fixtures';

async function rejection(dir: string): Promise<ModelPackageError> {
  try {
    await loadModelPackage(folderSource(dir));
  } catch (error) {
    expect(error).toBeInstanceOf(ModelPackageError);
    return error as ModelPackageError;
  }
  throw new Error('the loader accepted a broken package');
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests damage arbitrary JSON
type LooseJson = Record<string, any>;

async function editJson(file: string, edit: (json: LooseJson) => void): Promise<void> {
  const json = JSON.parse(await readFile(file, 'utf8'));
  edit(json);
  await writeFile(file, JSON.stringify(json));
}

describe.skipIf(!hasTorch)('loadModelPackage (packages from training/ exporter)', () => {
  let good: string;
  beforeAll(async () => {
    // Small shards so the package has several (a tensor straddles two).
    good = await makeTestModel({ inputSize: 32, width: 0.125, shardBytes: 64 * 1024 });
  });

  it('accepts a good package, verifies every shard and reports progress to the total', async () => {
    const seen: number[] = [];
    const pkg = await loadModelPackage(folderSource(good), { onProgress: (p) => seen.push(p.loadedBytes / p.totalBytes) });
    const shards = pkg.modelJson.weightsManifest[0]!.paths;
    expect(shards.length).toBeGreaterThan(2);
    expect(seen[0]).toBe(0);
    expect(seen.at(-1)).toBe(1);
    expect(pkg.card.heads.map((h) => h.name)).toEqual(['expansion', 'icm', 'te']);
    expect(pkg.modelHash).toMatch(/^[0-9a-f]{64}$/);
    // Same bytes -> same hash; the hash covers the shard hashes.
    expect((await loadModelPackage(folderSource(good))).modelHash).toBe(pkg.modelHash);
    for (const shard of shards) expect(await sha256Hex(pkg.files[shard]!)).toBe(pkg.card.weights[shard]);
  });

  const cases: [string, ModelPackageErrorCode, RegExp, (dir: string) => Promise<void>][] = [
    ['model.json missing', 'model-json-missing', /model\.json is missing/, (d) => rm(path.join(d, 'model.json'))],
    ['a shard missing', 'shard-missing', /weight shard "group1-shard2of\d+\.bin" is missing/, async (d) => {
      const shard = (await import('node:fs/promises')).readdir(d).then((f) => f.find((n) => n.startsWith('group1-shard2of'))!);
      await rm(path.join(d, await shard));
    }],
    ['a shard corrupted', 'shard-corrupted', /weight shard "group1-shard1of\d+\.bin" is corrupted: its sha256 is/, async (d) => {
      const name = (await (await import('node:fs/promises')).readdir(d)).find((n) => n.startsWith('group1-shard1of'))!;
      const bytes = await readFile(path.join(d, name));
      bytes[100] = bytes[100]! ^ 0xff; // one flipped byte
      await writeFile(path.join(d, name), bytes);
    }],
    ['grading.json invalid', 'card-invalid', /grading\.json is invalid: \/input\/normalization must be equal to one of the allowed values/, (d) =>
      editJson(path.join(d, 'grading.json'), (c) => {
        c.input.normalization = 'per-channel';
      })],
    ['grading.json not JSON', 'card-invalid', /grading\.json is not valid JSON/, (d) => writeFile(path.join(d, 'grading.json'), '{"id": ')],
    ['head count not matching the outputs', 'head-mismatch', /head count mismatch: model\.json has 3 outputs \(expansion, icm, te\), grading\.json lists 2 heads/, (d) =>
      editJson(path.join(d, 'grading.json'), (c) => {
        c.heads = c.heads.slice(0, 2);
      })],
    ['class count not matching an output', 'class-count-mismatch', /class count mismatch for head "icm": model\.json output "icm" has 3 classes, grading\.json lists 4/, (d) =>
      editJson(path.join(d, 'grading.json'), (c) => {
        c.heads[1].classes = ['D', 'C', 'B', 'A'];
      })],
    ['input size mismatch', 'input-size-mismatch', /input size mismatch: model\.json input "input" has shape \[-1, 32, 32, 3\], grading\.json says 64x64x3/, (d) =>
      editJson(path.join(d, 'grading.json'), (c) => {
        c.input.size = [64, 64];
      })],
    ['not a graph model', 'not-graph-model', /not a TensorFlow\.js graph model \(format "layers-model"/, (d) =>
      editJson(path.join(d, 'model.json'), (m) => {
        m.format = 'layers-model';
      })],
  ];

  it.each(cases)('rejects %s with its own message', async (_label, code, message, damage) => {
    const dir = await copyModel(good);
    await damage(dir);
    const error = await rejection(dir);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it('gives each failure a different message', async () => {
    const messages = new Set<string>();
    for (const [, , , damage] of cases) {
      const dir = await copyModel(good);
      await damage(dir);
      messages.add((await rejection(dir)).message);
    }
    expect(messages.size).toBe(cases.length);
  });
});
