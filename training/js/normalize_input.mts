// Runs the app's own input normalisation (TypeScript, via tsx) on a raw RGBA crop, so
// a Python test can compare it with blastograde_train.normalization on the same pixels.
// node_modules/.bin/tsx training/js/normalize_input.mts --rgba crop.rgba --width W --height H --out x.f32
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';

type Normalize = (image: { width: number; height: number; data: Uint8ClampedArray }, mode: 'samplewise') => Float32Array;

/** The app's public entry first; the inference feature's module while it lives there. */
async function loadNormalize(): Promise<Normalize> {
  const candidates = ['../../src/features/preprocess/index.ts', '../../src/features/inference/normalize.ts'];
  for (const candidate of candidates) {
    try {
      const mod = (await import(candidate)) as { normalizeInput?: Normalize };
      if (typeof mod.normalizeInput === 'function') return mod.normalizeInput;
    } catch {
      // not there (yet): try the next place
    }
  }
  throw new Error('normalizeInput not found in the app sources');
}

const { values } = parseArgs({
  options: { rgba: { type: 'string' }, width: { type: 'string' }, height: { type: 'string' }, out: { type: 'string' } },
});
const normalize = await loadNormalize();
const bytes = await readFile(values.rgba!);
const image = { width: Number(values.width), height: Number(values.height), data: new Uint8ClampedArray(bytes) };
const out = normalize(image, 'samplewise');
await writeFile(values.out!, Buffer.from(out.buffer, out.byteOffset, out.byteLength));
