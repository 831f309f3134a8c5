// Decode → locate → crop → model input: the one image path the browser's pipeline
// worker and the Node CLI both run, so they crop (and fail) identically. Hosts add
// only what is theirs around it (the worker its thumbnail and PNG blobs, the CLI its
// files and JSON).
import { decodeImage, decodeImageFast, IngestError, type DecodedImage } from '../ingest';
import { cropToInput, DEFAULT_MARGIN, loadOpenCv, locateEmbryo, NO_EMBRYO } from '../preprocess';
import type { LocalisationRecord } from '../../lib/storage';
import type { CropBox, RgbaImage } from '../../lib/types';

/** What the user reads when decoding throws something other than an IngestError. */
export const DECODE_FAILED = 'could not decode this file: it is damaged or not a supported image';
/** ...and when the localiser itself throws (an OpenCV exception, not a "no embryo" verdict). */
export const LOCALISE_FAILED = `${NO_EMBRYO}: the image could not be analysed`;

/** An image file's bytes as a host read them (its disk, a Blob), or why they could not be read: one sentence. */
export type ReadImageResult = { ok: true; bytes: Uint8Array } | { ok: false; error: string };

export interface PrepareImageOptions {
  /** Model input size [h, w] and interpolation, from the model card. */
  inputSize: readonly [number, number];
  resize: 'bilinear' | 'nearest';
  /** Crop margin around the ellipse; DEFAULT_MARGIN when absent. */
  margin?: number;
  /** A crop the embryologist placed by hand: skips localisation. */
  manualCrop?: CropBox;
  /**
   * 'native-png': PNG through decodeImageFast (the browser's ImageDecoder for plain
   * 8-bit PNGs, else the platform's zlib under fast-png's arithmetic, the same pixels;
   * the workers: several times faster in Chromium);
   * 'js' (default): the reference decoders only (the CLI).
   */
  decoder?: 'native-png' | 'js';
  /** Where the technical detail of an unexpected failure goes (never to the user). */
  logUnexpected?: (stage: PrepareStage, error: unknown) => void;
}

export type PrepareStage = 'decode' | 'localise';

/** Milliseconds per stage; localise is zero for a manual crop. */
export interface PrepareImageTimings {
  decode: number;
  localise: number;
  /** Crop + resize to the model input. */
  crop: number;
}

export type PreparedImage =
  | {
      ok: true;
      width: number;
      height: number;
      /** Decoder notes (e.g. 16-bit scaled to 8). */
      notes: string[];
      /** Localiser warnings (same as localisation.warnings). */
      warnings: string[];
      localisation: LocalisationRecord;
      /** The crop at model input size. */
      input: RgbaImage;
      /** The whole decoded image, for hosts that show it (thumbnails). */
      image: DecodedImage;
      timings: PrepareImageTimings;
    }
  | {
      ok: false;
      /** Decoding failed: nothing to show. */
      stage: 'decode';
      /** One sentence for the user: the IngestError's, or DECODE_FAILED. */
      error: string;
      notes: string[];
      warnings: string[];
      timings: PrepareImageTimings;
    }
  | {
      ok: false;
      /** Localisation failed: the decoded image is there to place a crop on by hand. */
      stage: 'localise';
      /** One sentence for the user: the localiser's, or LOCALISE_FAILED. */
      error: string;
      width: number;
      height: number;
      notes: string[];
      warnings: string[];
      image: DecodedImage;
      timings: PrepareImageTimings;
    };

/** The sentence the user reads for a decode failure: the IngestError's own, else DECODE_FAILED. */
export function decodeFailureMessage(error: unknown): string {
  return error instanceof IngestError ? error.message : DECODE_FAILED;
}

const logToConsole = (stage: PrepareStage, error: unknown) => console.error(`prepareImage: unexpected ${stage} failure:`, error);

export async function prepareImage(bytes: Uint8Array, options: PrepareImageOptions): Promise<PreparedImage> {
  const log = options.logUnexpected ?? logToConsole;
  const timings: PrepareImageTimings = { decode: 0, localise: 0, crop: 0 };
  let mark = performance.now();
  const lap = () => {
    const now = performance.now();
    const ms = now - mark;
    mark = now;
    return ms;
  };

  let image: DecodedImage;
  try {
    image = options.decoder === 'native-png' ? await decodeImageFast(bytes) : decodeImage(bytes);
  } catch (error) {
    if (!(error instanceof IngestError)) log('decode', error);
    return { ok: false, stage: 'decode', error: decodeFailureMessage(error), notes: [], warnings: [], timings: { ...timings, decode: lap() } };
  }
  timings.decode = lap();
  const { width, height, notes } = image;

  let localisation: LocalisationRecord;
  if (options.manualCrop) {
    localisation = { ellipse: null, crop: options.manualCrop, quality: 1, warnings: [], manual: true };
  } else {
    const failed = (error: string, warnings: string[]): PreparedImage => {
      timings.localise = lap();
      return { ok: false, stage: 'localise', error, width, height, notes, warnings, image, timings };
    };
    let located;
    try {
      located = locateEmbryo(await loadOpenCv(), image, { margin: options.margin ?? DEFAULT_MARGIN });
    } catch (error) {
      log('localise', error);
      return failed(LOCALISE_FAILED, []);
    }
    if (!located.ok) return failed(located.error, located.warnings);
    localisation = { ellipse: located.ellipse, crop: located.crop, quality: located.quality, warnings: located.warnings, manual: false };
  }
  timings.localise = lap();
  const input = cropToInput(image, localisation.crop, { size: [options.inputSize[0], options.inputSize[1]], resize: options.resize });
  timings.crop = lap();
  return { ok: true, width, height, notes, warnings: localisation.warnings, localisation, input, image, timings };
}
