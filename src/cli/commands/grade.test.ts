import { spawnSync } from 'node:child_process';
import { readFile, readdir, rm } from 'node:fs/promises';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyModel, hasTorch, makeTestModel } from '../../features/inference/testing/model-fixtures';
import { hasSharedData, repoRoot, sharedDataPath } from '../../lib/testing/shared-data';
import type { GradeRecord } from './grade';

function cli(args: string[]) {
  const run = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'blastograde.mjs'), 'grade', ...args], { encoding: 'utf8', timeout: 300_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe.skipIf(!hasTorch || !hasSharedData)('blastograde grade (CLI)', () => {
  let model: string;
  let images: string[];
  beforeAll(async () => {
    model = await makeTestModel({ inputSize: 96, width: 0.125, seed: 11, id: 'cli-test' });
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
      expect(r.grade).toBe(r.heads!.map((h) => h.argmax).join(''));
      expect(r.crop!.size).toBeGreaterThan(100);
    }
    expect(records[2]!.ok).toBe(false);
    expect(records[2]!.error).toBeTruthy();
    expect(stderr).toMatch(/on wasm: no real GPU/);

    const rows = Papa.parse<Record<string, string>>(await readFile(csv, 'utf8'), { header: true, skipEmptyLines: true }).data;
    expect(rows).toHaveLength(3);
    expect(rows[0]!.grade).toBe(records[0]!.grade);
    expect(Number(rows[0]!.p_icm_A)).toBeCloseTo(records[0]!.heads![1]!.probabilities[2]!, 5);
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
