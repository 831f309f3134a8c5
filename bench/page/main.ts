// Bench page: exposes the app's own inference (and preprocess) code to the bench driver.
import { createGrader, registerOfflineSupport, type ModelGrader } from '../../src/features/inference';

let grader: ModelGrader | null = null;

const api = {
  async load(url: string, backend: 'auto' | 'wasm' | 'cpu' | 'webgl' | 'webgpu', wasmThreads?: number) {
    grader?.dispose();
    const t0 = performance.now();
    grader = await createGrader({ kind: 'url', url, cacheName: 'bench-models' }, { backend, wasmThreads });
    return { ms: performance.now() - t0, backend: grader.backend, warmUpMs: grader.warmUpMs, crossOriginIsolated };
  },
  async gradeRandom(n: number) {
    if (!grader) throw new Error('load first');
    const [h, w] = grader.input.size;
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      const data = new Uint8ClampedArray(h * w * 4).map((_, j) => (j * 7 + i * 13) % 256);
      const t0 = performance.now();
      await grader.grade({ width: w, height: h, data });
      times.push(performance.now() - t0);
    }
    return times;
  },
};

(globalThis as unknown as { bench: typeof api }).bench = api;
await registerOfflineSupport();
document.getElementById('status')!.textContent = 'ready';
