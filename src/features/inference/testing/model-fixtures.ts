// Test model packages, made on the fly in a temp folder (no weights in the repo).
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PYTHON = process.env.PYTHON ?? '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('../../../../training/tests/export_test_model.py', import.meta.url));

/** True when python3 with torch can run the training exporter. */
export const hasTorch = spawnSync(PYTHON, ['-c', 'import torch, torchvision'], { stdio: 'ignore' }).status === 0;

export interface TestModelOptions {
  inputSize?: number;
  width?: number;
  seed?: number;
  shardBytes?: number;
  id?: string;
  heads?: { name: string; classes: string[] }[];
  dtype?: 'float32' | 'float16';
  /** Also save a PyTorch checkpoint / ONNX file here (benchmarks, parity). */
  checkpoint?: string;
  onnx?: string;
}

/** Exports a random-weight model with training/'s exporter; returns its folder. */
export async function makeTestModel(options: TestModelOptions = {}, dir?: string): Promise<string> {
  const out = dir ?? (await mkdtemp(path.join(tmpdir(), 'blastograde-model-')));
  const run = spawnSync(PYTHON, [SCRIPT, out, JSON.stringify(options)], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`export_test_model.py failed: ${run.stderr}`);
  return out;
}

/** A copy of a model folder to damage in one test. */
export async function copyModel(dir: string): Promise<string> {
  const out = await mkdtemp(path.join(tmpdir(), 'blastograde-model-copy-'));
  await cp(dir, out, { recursive: true });
  return out;
}
