// The messages between the page and the pipeline worker (typed boundary).
import type { CropBox, RgbaImage } from '../../lib/types';
import type { LocalisationRecord } from '../../lib/storage';

export interface PrepareOptions {
  /** Model input size [h, w] and interpolation, from the model card. */
  inputSize: [number, number];
  resize: 'bilinear' | 'nearest';
  /** Crop margin around the ellipse; the preprocess default when absent. */
  margin?: number;
  /** A crop the embryologist placed by hand: skips localisation. */
  manualCrop?: CropBox;
}

export type PrepareResult =
  | {
      ok: true;
      width: number;
      height: number;
      notes: string[];
      thumbnail: Blob;
      localisation: LocalisationRecord;
      /** The crop at model input size, for the grader. */
      input: RgbaImage;
      /** The same crop as PNG, for display and the PDF sheet. */
      cropPng: Blob;
      /** Where the worker's time went (ms), for the benchmark. */
      timingsMs: PrepareTimings;
    }
  | {
      ok: false;
      /** Decoding failed: nothing to show. Localisation failed: a thumbnail to place the crop on. */
      stage: 'decode' | 'localise';
      error: string;
      width?: number;
      height?: number;
      notes: string[];
      thumbnail?: Blob;
    };

export interface PrepareTimings {
  decode: number;
  thumbnail: number;
  /** Zero for a manual crop. */
  localise: number;
  /** Crop + resize to the model input + the crop PNG. */
  crop: number;
}

export interface PipelineWorkerApi {
  warmUp(): Promise<void>;
  prepare(bytes: ArrayBuffer, options: PrepareOptions): Promise<PrepareResult>;
  /** The 12 synthetic demo micrographs (PNG), rendered off the main thread. */
  demoBatch(seed: number): Promise<{ name: string; png: Uint8Array }[]>;
}
