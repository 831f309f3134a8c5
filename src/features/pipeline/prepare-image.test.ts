import { beforeAll, describe, expect, it } from 'vitest';
import { decodeImage, IngestError } from '../ingest';
import { renderPhantom, type Phantom } from '../phantom';
import { cropToInput, NO_EMBRYO } from '../preprocess';
import { encodePngRgba } from '../../lib/image/png';
import type { RgbaImage } from '../../lib/types';
import { DECODE_FAILED, decodeFailureMessage, prepareImage, type PrepareImageOptions, type PrepareStage } from '.';

const OPTIONS: PrepareImageOptions = { inputSize: [96, 96], resize: 'bilinear', logUnexpected: () => {} };

function uniform(width: number, height: number, value: number): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4).fill(value);
  for (let i = 3; i < data.length; i += 4) data[i] = 255;
  return { width, height, data };
}

let phantom: Phantom;
let png: Uint8Array;
beforeAll(() => {
  phantom = renderPhantom({ seed: 'prepare-image', width: 640, height: 480, nuisance: 'none' });
  png = encodePngRgba(phantom.image);
});

describe('prepareImage', () => {
  it('locates a phantom embryo and returns the crop at model input size', async () => {
    const result = await prepareImage(png, OPTIONS);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect([result.width, result.height]).toEqual([640, 480]);
    const { ellipse, crop, manual } = result.localisation;
    const truth = phantom.truth.ellipse;
    expect(manual).toBe(false);
    expect(Math.hypot(ellipse!.cx - truth.cx, ellipse!.cy - truth.cy)).toBeLessThan(0.1 * Math.max(truth.rx, truth.ry));
    expect(crop.size).toBeGreaterThan(2 * Math.max(truth.rx, truth.ry));
    expect([result.input.width, result.input.height]).toEqual([96, 96]);
    expect(result.input.data).toEqual(cropToInput(phantom.image, crop, { size: [96, 96], resize: 'bilinear' }).data);
    expect(result.warnings).toBe(result.localisation.warnings);
    expect(result.timings.localise).toBeGreaterThan(0);
  });

  it('crops the same with either decoder choice', async () => {
    const js = await prepareImage(png, { ...OPTIONS, decoder: 'js' });
    const native = await prepareImage(png, { ...OPTIONS, decoder: 'native-png' });
    expect(native.ok && js.ok && native.localisation).toEqual(js.ok && js.localisation);
  });

  it('takes a manual crop as given, without localising', async () => {
    const manualCrop = { x: 100, y: 50, size: 300 };
    const result = await prepareImage(png, { ...OPTIONS, manualCrop });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.localisation).toEqual({ ellipse: null, crop: manualCrop, quality: 1, warnings: [], manual: true });
    expect(result.input.data).toEqual(cropToInput(phantom.image, manualCrop, { size: [96, 96], resize: 'bilinear' }).data);
  });

  it('a file that is not an image fails at decode with the ingest sentence', async () => {
    const result = await prepareImage(new TextEncoder().encode('{"name": "not an image"}'), OPTIONS);
    expect(result).toMatchObject({ ok: false, stage: 'decode', notes: [], warnings: [] });
    expect(!result.ok && result.error).toMatch(/^not an image: /);
  });

  it('a damaged image fails with a fixed sentence, the technical detail only to the log', async () => {
    const truncated = png.subarray(0, Math.floor(png.length / 3));
    let expected = DECODE_FAILED;
    try {
      decodeImage(truncated);
    } catch (error) {
      if (error instanceof IngestError) expected = error.message;
    }
    const logged: PrepareStage[] = [];
    const result = await prepareImage(truncated, { ...OPTIONS, logUnexpected: (stage) => logged.push(stage) });
    expect(result).toMatchObject({ ok: false, stage: 'decode', error: expected });
    expect(logged).toEqual(expected === DECODE_FAILED ? ['decode'] : []);
    expect(!result.ok && result.error).not.toMatch(/Error|undefined|\bat\b.*:\d+/);
  });

  it('maps any exception that is not an IngestError to the fixed sentence', () => {
    expect(decodeFailureMessage(new TypeError("Cannot read properties of undefined (reading 'length')"))).toBe(DECODE_FAILED);
    expect(decodeFailureMessage(new RangeError('Offset is outside the bounds of the DataView'))).toBe(DECODE_FAILED);
    expect(decodeFailureMessage('a string')).toBe(DECODE_FAILED);
    expect(decodeFailureMessage(new IngestError('corrupt', 'PNG is truncated'))).toBe('PNG is truncated');
  });

  it('a blank image fails at localisation with the localiser sentence and keeps the image', async () => {
    const result = await prepareImage(encodePngRgba(uniform(200, 150, 128)), OPTIONS);
    expect(result.ok).toBe(false);
    if (result.ok || result.stage !== 'localise') throw new Error(`expected a localisation failure, got ${JSON.stringify(result)}`);
    expect(result.error).toMatch(new RegExp(`^${NO_EMBRYO}`));
    expect([result.width, result.height, result.image.width]).toEqual([200, 150, 200]);
  });
});
