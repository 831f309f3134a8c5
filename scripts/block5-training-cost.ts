// What would fine-tuning the trunk's last block cost in the browser? The default model's block 5
// (3 convolutions 3x3, 128 -> 128 channels, on the 8 x 8 map a 128 px input leaves), its pool and
// mean, and a 128 -> 32 -> 8 -> 3 head, trained one step at a time (Adam) on random inputs of
// block 4's shape, on each tfjs backend Node has: the time per view of a training step and of a
// forward pass. A backend that cannot take the convolutions' gradients says so. docs/learning-features.md
// ("Fine-tuning the last block: what it would cost") has the figures and PyTorch's beside them.
//   npx tsx scripts/block5-training-cost.ts [--backends wasm,cpu] [--batch 16] [--steps 3]
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { parseArgs } from 'node:util';
import { nodeWasmDir } from '../src/features/inference/node-wasm-dir.mjs';

const { values } = parseArgs({ options: { backends: { type: 'string', default: 'wasm,cpu' }, batch: { type: 'string', default: '16' }, steps: { type: 'string', default: '3' } } });
const batch = Number(values.batch);
const steps = Number(values.steps);
setWasmPaths(nodeWasmDir());

function block5WithHead(): tf.Sequential {
  const conv = (first: boolean) => tf.layers.conv2d({ ...(first ? { inputShape: [8, 8, 128] } : {}), filters: 128, kernelSize: 3, padding: 'same', activation: 'relu' });
  const model = tf.sequential({
    layers: [conv(true), conv(false), conv(false), tf.layers.maxPooling2d({ poolSize: 2 }), tf.layers.globalAveragePooling2d({}),
      tf.layers.dense({ units: 32, activation: 'relu' }), tf.layers.dense({ units: 8, activation: 'relu' }), tf.layers.dense({ units: 3, activation: 'softmax' })],
  });
  model.compile({ optimizer: tf.train.adam(1e-4), loss: 'categoricalCrossentropy' });
  return model;
}

const perView = async (run: () => Promise<unknown>) => {
  await run(); // warm: kernels compiled, memory set up
  const started = performance.now();
  for (let i = 0; i < steps; i++) await run();
  return (performance.now() - started) / steps / batch;
};

for (const backend of values.backends.split(',')) {
  await tf.setBackend(backend);
  await tf.ready();
  const model = block5WithHead();
  const x = tf.randomNormal([batch, 8, 8, 128]);
  const y = tf.oneHot(tf.randomUniform([batch], 0, 3, 'int32'), 3);
  const forwardMs = await perView(async () => tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync()));
  let training: string;
  try {
    training = `${(await perView(() => model.trainOnBatch(x, y))).toFixed(1)} ms a view`;
  } catch (error) {
    training = `cannot train: ${(error as Error).message}`;
  }
  console.log(JSON.stringify({ backend, batch, forwardMsPerView: Number(forwardMs.toFixed(2)), trainingStep: training }));
  tf.dispose([x, y]);
  model.dispose();
}
