// Node timing of locateEmbryo + cropToInput + normaliseInput (median of N runs)
// for a 720x480 and a 2048x1536 image (a real micrograph resized when
// ../shared/data exists, else a phantom). Run: npx tsx bench/preprocess-node.ts
import { readFileSync } from 'node:fs';
import { decodeImage } from '../src/features/ingest';
import { normaliseInput } from '../src/features/inference/headless';
import { cropToInput, loadOpenCv, locateEmbryo } from '../src/features/preprocess';
import { hasSharedData, sharedDataPath } from '../src/lib/testing/shared-data';
import type { RgbaImage } from '../src/lib/types';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);

function resizeNearest(image: RgbaImage, width: number, height: number): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const sx = Math.min(image.width - 1, Math.floor((x * image.width) / width));
      const sy = Math.min(image.height - 1, Math.floor((y * image.height) / height));
      data.set(image.data.subarray((sy * image.width + sx) * 4, (sy * image.width + sx) * 4 + 4), (y * width + x) * 4);
    }
  return { width, height, data };
}

async function sourceImage(): Promise<RgbaImage> {
  if (hasSharedData) return decodeImage(new Uint8Array(readFileSync(sharedDataPath('real/pcrm-lockhart/input/test1.BMP'))));
  const { renderPhantom } = await import('../src/features/phantom');
  return renderPhantom({ seed: 'bench', width: 720, height: 480 }).image;
}

const cv = await loadOpenCv();
const source = await sourceImage();
for (const [width, height] of [[720, 480], [2048, 1536]] as const) {
  const image = resizeNearest(source, width, height);
  const times: number[] = [];
  for (let i = 0; i < RUNS + 2; i++) {
    const start = performance.now();
    const located = locateEmbryo(cv, image);
    if (!located.ok) throw new Error(`bench image not located: ${located.error}`);
    normaliseInput(cropToInput(image, located.crop, { size: [320, 320], resize: 'bilinear' }), 'samplewise');
    if (i >= 2) times.push(performance.now() - start); // 2 warm-up runs
  }
  times.sort((a, b) => a - b);
  console.log(JSON.stringify({ bench: 'preprocess-node', width, height, runs: RUNS, medianMs: Math.round(times[times.length >> 1]), minMs: Math.round(times[0]) }));
}
