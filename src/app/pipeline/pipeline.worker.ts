// Decode → locate → crop, off the main thread. The same feature modules run
// in the Node CLI, so the browser and the CLI crop identically.
import * as Comlink from 'comlink';
import { decodeImageFast, IngestError } from '../../features/ingest';
import { cropToInput, loadOpenCv, locateEmbryo } from '../../features/preprocess';
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
    let mark = performance.now();
    const lap = () => {
      const now = performance.now();
      const ms = now - mark;
      mark = now;
      return ms;
    };
    let decoded;
    try {
      decoded = await decodeImageFast(new Uint8Array(bytes));
    } catch (error) {
      const message = error instanceof IngestError ? error.message : `could not decode: ${String(error)}`;
      return { ok: false, stage: 'decode', error: message, notes: [] };
    }
    const { width, height, notes } = decoded;
    const decodeMs = lap();
    const thumbnail = await toBlob(decoded, THUMBNAIL_SIDE, 'image/jpeg');
    const thumbnailMs = lap();
    let localisation;
    if (options.manualCrop) {
      localisation = { ellipse: null, crop: options.manualCrop, quality: 1, warnings: [], manual: true };
    } else {
      const located = locateEmbryo(await loadOpenCv(), decoded, { margin: options.margin });
      if (!located.ok) {
        return { ok: false, stage: 'localise', error: located.error, width, height, notes: [...notes, ...located.warnings], thumbnail };
      }
      localisation = { ellipse: located.ellipse, crop: located.crop, quality: located.quality, warnings: located.warnings, manual: false };
    }
    const localiseMs = lap();
    const input = cropToInput(decoded, localisation.crop, { size: options.inputSize, resize: options.resize });
    // the browser's encoder: lossless like fast-png's, several times faster
    const cropPng = await toBlob(input, Infinity, 'image/png');
    const timingsMs = { decode: decodeMs, thumbnail: thumbnailMs, localise: localiseMs, crop: lap() };
    const result: PrepareResult = { ok: true, width, height, notes, thumbnail, localisation, input, cropPng, timingsMs };
    return Comlink.transfer(result, [input.data.buffer as ArrayBuffer]);
  },

  async demoBatch(seed: number) {
    const files = demoBatch(seed).map(({ name, png }) => ({ name, png }));
    return Comlink.transfer(files, files.map((f) => f.png.buffer as ArrayBuffer));
  },
};

Comlink.expose(api);
