// Pooled trunk features of normalised model inputs: the graph run as far as the nodes of the
// package's feature layout (block3_pool, block4_pool and gap for the default model: 320 values,
// every feature set a slice of them), all in one execute per batch, each block's global mean
// taken as the graph's Mean takes gap; every tensor disposed, stoppable between batches. Each image's
// features are the mean over its 4 learning orientations (a square crop's quarter turns:
// orientations.ts), as a grade averages its outputs over the 8, so the heads learn from a view
// of the crop that no turn of the micrograph changes. 4 rather than 8 halves the trunk's work per
// image; what it costs in figures was measured (docs/learning.md "Orientations for learning").
import * as tf from '@tensorflow/tfjs';
import { orientationBatch, orientationCount, toGraphModel, type LoadedModelPackage } from '../../inference/headless';
import { featureLayout } from './base-heads';

export interface ExtractOptions {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  batchSize?: number;
  /** 'mean' (default): each image's mean over its learning orientations; 'as-given': the image as it is (tests reproducing one view of a grade). */
  orientations?: 'mean' | 'as-given';
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
  const layout = featureLayout(pkg);
  const nodes = layout.parts.map((p) => p.node);
  const [h, w] = pkg.card.input.size;
  const size = h * w * pkg.card.input.channels;
  const batchSize = options.batchSize ?? 2; // x4 orientations per image
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
    // orientationBatch is orientation-major (each orientation of the whole batch in turn).
    const y = tf.tidy(() => {
      const asGiven = options.orientations === 'as-given';
      const outputs = model.execute({ [model.inputs[0]!.name]: asGiven ? x : orientationBatch(x, 'learning') }, nodes) as tf.Tensor | tf.Tensor[];
      const pooled = (Array.isArray(outputs) ? outputs : [outputs]).map((t, i) => {
        const part = t.rank === 4 ? tf.mean(t, [1, 2]) : t;
        if (part.shape[1] !== layout.parts[i]!.size) throw new Error(`"${nodes[i]}" gave ${part.shape[1]} values; the feature layout expects ${layout.parts[i]!.size}`);
        return part;
      });
      const features = pooled.length === 1 ? pooled[0]! : tf.concat(pooled, 1);
      return asGiven ? features : features.reshape([orientationCount([h, w], 'learning'), batch.length, -1]).mean(0);
    });
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
