// The model running in this realm (the inference worker, or Node for the CLI): one
// loaded package, one backend, and the calls the app needs. Every tensor made here is
// disposed; memory() lets tests prove it.
import * as tf from '@tensorflow/tfjs';
import type { BackendChoice } from './backend-types';
import type { Grader } from './grader';
import { gradCam } from './grad-cam';
import { toGraphModel } from './graph-model';
import type { LoadedModelPackage } from './load-model';
import type { ModelCard } from './model-card';
import { realSignalWarning } from './model-figures';
import { modelInput } from './model-input';
import { orientationCount } from './orientations';
import { DEFAULT_THRESHOLDS, gradingOutputs, predictGrades, type ConfidenceThresholds } from './predict';


/** Compiles kernels/shaders once so the first real image is not the slow one. */
async function warmUp(model: tf.GraphModel, card: ModelCard, backend: BackendChoice): Promise<void> {
  const [h, w] = card.input.size;
  const n = orientationCount(card.input.size); // the batch every grade runs, so its kernels are the ones compiled
  const outputs = gradingOutputs(card);
  if (backend.name === 'webgl' || backend.name === 'webgpu') {
    // Parallel shader compilation (tfjs ENGINE_COMPILE_ONLY): compile every program
    // without running it, then wait for all compiles at once.
    const flag = backend.name === 'webgl' ? 'ENGINE_COMPILE_ONLY' : 'WEBGPU_ENGINE_COMPILE_ONLY';
    try {
      tf.env().set(flag, true);
      const compiled = tf.tidy(() => model.execute(tf.zeros([n, h, w, 3]), outputs));
      tf.env().set(flag, false);
      tf.dispose(compiled);
      const gpu = tf.backend() as unknown as { checkCompileCompletionAsync?: () => Promise<unknown>; getUniformLocations?: () => void };
      await gpu.checkCompileCompletionAsync?.();
      gpu.getUniformLocations?.();
    } catch {
      tf.env().set(flag, false); // the flag is an optimisation; the real run below compiles anyway
    }
  }
  const x = tf.zeros([n, h, w, 3]);
  const result = model.execute(x, outputs);
  const list = Array.isArray(result) ? result : [result];
  await Promise.all(list.map((t) => t.data()));
  list.forEach((t, i) => {
    const classes = t.shape[t.shape.length - 1];
    const head = card.heads[i];
    if (!head) {
      if (classes !== 1) throw new Error(`outcome output "${card.outcome!.output}" gives ${classes} values per image; it must give one probability`);
    } else if (classes !== head.classes.length) {
      throw new Error(`head "${head.name}": the model outputs ${classes} classes, grading.json lists ${head.classes.length}`);
    }
  });
  tf.dispose([x, ...list]);
}

export async function createLocalGrader(
  pkg: LoadedModelPackage,
  backend: BackendChoice,
  options: { thresholds?: ConfidenceThresholds; loadMs?: number } = {},
): Promise<Grader> {
  const { card, modelHash } = pkg;
  const model = await toGraphModel(pkg);
  const started = performance.now();
  try {
    await warmUp(model, card, backend);
  } catch (error) {
    model.dispose();
    throw error;
  }
  const warmUpMs = performance.now() - started;
  let thresholds = options.thresholds ?? DEFAULT_THRESHOLDS;
  const realSignal = realSignalWarning(card);
  return {
    card,
    modelHash,
    backend,
    loadMs: options.loadMs ?? 0,
    warmUpMs,
    async grade(image) {
      const normalised = modelInput(image, card);
      const t0 = performance.now();
      const { heads, outcome } = await predictGrades(model, card, normalised, thresholds);
      const inferenceMs = performance.now() - t0;
      return { heads, ...(outcome ? { outcome } : {}), modelId: card.id, modelVersion: card.version, modelHash, intendedUse: card.intendedUse, ...(realSignal ? { realSignalWarning: realSignal } : {}), backend: backend.name, inferenceMs };
    },
    async gradCam(image, head, camOptions) {
      return gradCam(model, card, modelInput(image, card), head, camOptions);
    },
    async setThresholds(next) {
      thresholds = next;
    },
    async memory() {
      const m = tf.memory();
      return { numTensors: m.numTensors, numBytes: m.numBytes };
    },
    dispose() {
      model.dispose();
    },
  };
}
