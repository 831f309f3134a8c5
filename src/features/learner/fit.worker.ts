// A head-fit worker of the app's learning worker: the learning job hands it independent fits
// (cross-validation folds, learning-curve subsets, final fits) so they run on more than one
// core. The same fit (runHeadFitTask) on the same WASM backend as the learning worker and the
// CLI, with no randomness: the heads come back bit for bit as fitted there.
import * as Comlink from 'comlink';
import { chooseBackend } from '../inference/headless';
import { wasmBinaryUrls } from '../inference/wasm-assets';
import { runHeadFitTask, type HeadFitTask } from './train/head-fitter';

// One WASM thread each: the parallelism is in the number of fit workers.
const backend = chooseBackend('wasm', { paths: wasmBinaryUrls, threads: 1 });

const api = {
  async fit(task: HeadFitTask) {
    await backend;
    const head = runHeadFitTask(task);
    return Comlink.transfer(head, head.layers.flatMap((l) => [l.kernel.buffer as ArrayBuffer, l.bias.buffer as ArrayBuffer]));
  },
};
export type FitWorkerApi = typeof api;

Comlink.expose(api);
