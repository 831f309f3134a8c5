#!/usr/bin/env node
// Runs an exported graph model in Node TensorFlow.js (wasm backend) on raw input and
// prints what each requested node produced. The Python tests use it to prove that the
// hand-written graph computes what the PyTorch network computes.
//
// node training/js/run_graph_model.mjs --model DIR --input x.f32 --shape 2,64,64,3 \
//   [--feed input] [--outputs expansion,icm,te] [--backend wasm|cpu] --out result.json
// result.json: {"backend": "...", "outputs": {name: {"shape": [...], "data": [...]}}}
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';

import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

// The lookup the CLI uses (plain JS, so bare `node` runs it here too).
import { nodeWasmDir } from '../../src/features/inference/node-wasm-dir.mjs';

/** An IOHandler that reads model.json and its shards from disk (no tfjs-node here). */
function fileHandler(modelDir) {
  return {
    async load() {
      const modelJson = JSON.parse(await readFile(path.join(modelDir, 'model.json'), 'utf8'));
      const weightSpecs = [];
      const buffers = [];
      for (const group of modelJson.weightsManifest) {
        weightSpecs.push(...group.weights);
        for (const p of group.paths) buffers.push(await readFile(path.join(modelDir, p)));
      }
      const all = Buffer.concat(buffers);
      return {
        modelTopology: modelJson.modelTopology,
        format: modelJson.format,
        generatedBy: modelJson.generatedBy,
        convertedBy: modelJson.convertedBy,
        signature: modelJson.signature,
        weightSpecs,
        weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength),
      };
    },
  };
}

async function main() {
  const { values } = parseArgs({
    options: {
      model: { type: 'string' },
      input: { type: 'string' },
      shape: { type: 'string' },
      feed: { type: 'string', default: 'input' },
      outputs: { type: 'string' },
      backend: { type: 'string', default: 'wasm' },
      out: { type: 'string' },
    },
  });
  if (!values.model || !values.input || !values.shape || !values.out) {
    process.stderr.write('usage: run_graph_model.mjs --model DIR --input F --shape N,H,W,C --out F\n');
    return 2;
  }
  if (values.backend === 'wasm') {
    setWasmPaths(nodeWasmDir());
  }
  await tf.setBackend(values.backend);
  await tf.ready();
  const model = await tf.loadGraphModel(fileHandler(values.model));
  const raw = await readFile(values.input);
  const shape = values.shape.split(',').map(Number);
  const data = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  const x = tf.tensor(data, shape, 'float32');
  const outputNames = values.outputs ? values.outputs.split(',') : model.outputs.map((o) => o.name);
  const started = performance.now();
  const results = model.execute({ [values.feed]: x }, outputNames);
  const list = Array.isArray(results) ? results : [results];
  const outputs = {};
  for (let i = 0; i < list.length; i++) {
    outputs[outputNames[i]] = { shape: list[i].shape, data: Array.from(await list[i].data()) };
  }
  const ms = performance.now() - started;
  await writeFile(values.out, JSON.stringify({ backend: tf.getBackend(), ms, outputs }));
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`${err?.stack ?? err}\n`);
    process.exit(1);
  },
);
