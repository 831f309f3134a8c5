// onnxruntime-web (WASM) on the same network's ONNX export, for the comparison.
import * as Comlink from 'comlink';
import * as ort from 'onnxruntime-web/wasm';
import wasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';

let session: ort.InferenceSession | null = null;

const api = {
  async load(url: string, threads: number) {
    ort.env.wasm.wasmPaths = { wasm: new URL(wasmUrl, self.location.href).href };
    ort.env.wasm.numThreads = threads;
    ort.env.wasm.simd = true;
    const bytes = await (await fetch(url)).arrayBuffer();
    const t0 = performance.now();
    session = await ort.InferenceSession.create(new Uint8Array(bytes), { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
    return { ms: performance.now() - t0, inputs: session.inputNames, threads: ort.env.wasm.numThreads };
  },
  /** n timed runs of a batch of `batch` images (the views one grade takes). */
  async infer(n: number, size: number, batch = 1) {
    if (!session) throw new Error('load first');
    const times: number[] = [];
    for (let i = 0; i < n + 1; i++) {
      const data = new Float32Array(batch * size * size * 3).map((_, j) => Math.sin(j * 0.001 + i));
      const t0 = performance.now();
      const out = await session.run({ [session.inputNames[0]!]: new ort.Tensor('float32', data, [batch, size, size, 3]) });
      Object.values(out).forEach((t) => t.dispose());
      if (i > 0) times.push(performance.now() - t0); // the first run compiles
    }
    return times;
  },
};

export type OrtBenchApi = typeof api;
Comlink.expose(api);
