// Runs the app's own input normalisation (TypeScript, via tsx) on a raw RGBA crop, so
// a Python test can compare it with blastograde_train.normalization on the same pixels.
// node_modules/.bin/tsx training/js/normalize_input.mts --rgba crop.rgba --width W --height H --out x.f32
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';

// The model's input normalisation lives with the model contract, in the inference feature.
import { normaliseInput } from '../../src/features/inference/normalise-input.ts';

const { values } = parseArgs({
  options: { rgba: { type: 'string' }, width: { type: 'string' }, height: { type: 'string' }, out: { type: 'string' } },
});
const bytes = await readFile(values.rgba!);
const image = { width: Number(values.width), height: Number(values.height), data: new Uint8ClampedArray(bytes) };
const out = normaliseInput(image, 'samplewise');
await writeFile(values.out!, Buffer.from(out.buffer, out.byteOffset, out.byteLength));
