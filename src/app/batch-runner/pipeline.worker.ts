// Decode → locate → crop, off the main thread: prepareImage is the function the Node
// CLI runs too, so the browser and the CLI crop identically. This worker adds only
// the thumbnail and crop PNG it shows on the page.
import * as Comlink from 'comlink';
import { prepareImage } from '../../features/pipeline';
import { loadOpenCv } from '../../features/preprocess';
import { demoBatch } from '../../features/phantom';
import type { RgbaImage } from '../../lib/types';
import type { PipelineWorkerApi, PrepareOptions, PrepareResult } from './worker-api';

const THUMBNAIL_SIDE = 512;

async function toBlob(image: RgbaImage, maxSide: number, type: string): Promise<Blob> {
  const source = new OffscreenCanvas(image.width, image.height);
  source.getContext('2d')!.putImageData(new ImageData(image.data as Uint8ClampedArray<ArrayBuffer>, image.width, image.height), 0, 0);
  const scale = Math.min(1, maxSide / Math.max(image.width, image.height));
  const target = new OffscreenCanvas(Math.max(1, Math.round(image.width * scale)), Math.max(1, Math.round(image.height * scale)));
  const ctx = target.getContext('2d')!;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(source, 0, 0, target.width, target.height);
  return target.convertToBlob({ type, quality: 0.85 });
}

const api: PipelineWorkerApi = {
  async warmUp() {
    await loadOpenCv();
  },

  async prepare(bytes: ArrayBuffer, options: PrepareOptions): Promise<PrepareResult> {
    const prepared = await prepareImage(new Uint8Array(bytes), { ...options, decoder: 'native-png' });
    if (!prepared.ok && prepared.stage === 'decode') return { ok: false, stage: prepared.stage, error: prepared.error, notes: prepared.notes };
    let mark = performance.now();
    const thumbnail = await toBlob(prepared.image, THUMBNAIL_SIDE, 'image/jpeg');
    const thumbnailMs = performance.now() - mark;
    if (!prepared.ok) {
      const { stage, error, width, height, notes, warnings } = prepared;
      return { ok: false, stage, error, width, height, notes: [...notes, ...warnings], thumbnail };
    }
    const { width, height, notes, localisation, input, timings } = prepared;
    mark = performance.now();
    // the browser's encoder: lossless like fast-png's, several times faster
    const cropPng = await toBlob(input, Infinity, 'image/png');
    const timingsMs = { decode: timings.decode, thumbnail: thumbnailMs, localise: timings.localise, crop: timings.crop + performance.now() - mark };
    const result: PrepareResult = { ok: true, width, height, notes, thumbnail, localisation, input, cropPng, timingsMs };
    return Comlink.transfer(result, [input.data.buffer as ArrayBuffer]);
  },

  async demoBatch(seed: number) {
    const files = demoBatch(seed).map(({ name, png }) => ({ name, png }));
    return Comlink.transfer(files, files.map((f) => f.png.buffer as ArrayBuffer));
  },
};

Comlink.expose(api);
