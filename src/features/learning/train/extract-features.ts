// Pooled trunk features of normalised model inputs: the graph run as far as the node the
// heads read, in batches, every tensor disposed, stoppable between batches.
import * as tf from '@tensorflow/tfjs';
import { toGraphModel, type LoadedModelPackage } from '../../inference/headless';
import { featureNodeForHeads } from './base-heads';

export interface ExtractOptions {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  batchSize?: number;
}

// One graph per package, kept between calls (a worker asks for one image at a time); its
// weights live in the backend, so a host that is done with a package releases it.
const graphs = new WeakMap<LoadedModelPackage, Promise<tf.GraphModel>>();

export async function releaseFeatureGraph(pkg: LoadedModelPackage): Promise<void> {
  const graph = graphs.get(pkg);
  graphs.delete(pkg);
  (await graph)?.dispose();
}

export async function extractFeatures(pkg: LoadedModelPackage, inputs: Float32Array[], options: ExtractOptions = {}): Promise<Float32Array[]> {
  const node = featureNodeForHeads(pkg);
  const [h, w] = pkg.card.input.size;
  const size = h * w * pkg.card.input.channels;
  const batchSize = options.batchSize ?? 8;
  if (!graphs.has(pkg)) graphs.set(pkg, toGraphModel(pkg));
  const model = await graphs.get(pkg)!;
  const out: Float32Array[] = [];
  for (let start = 0; start < inputs.length; start += batchSize) {
    options.signal?.throwIfAborted();
    const batch = inputs.slice(start, start + batchSize);
    const flat = new Float32Array(batch.length * size);
    batch.forEach((input, i) => {
      if (input.length !== size) throw new Error(`input ${start + i + 1} has ${input.length} values; the model needs ${h}x${w}x${pkg.card.input.channels}`);
      flat.set(input, i * size);
    });
    const x = tf.tensor4d(flat, [batch.length, h, w, pkg.card.input.channels]);
    const y = model.execute({ [model.inputs[0]!.name]: x }, node) as tf.Tensor;
    try {
      const values = (await y.data()) as Float32Array;
      const d = values.length / batch.length;
      for (let i = 0; i < batch.length; i++) out.push(values.slice(i * d, (i + 1) * d));
    } finally {
      tf.dispose([x, y]);
    }
    options.onProgress?.(out.length, inputs.length);
  }
  return out;
}
