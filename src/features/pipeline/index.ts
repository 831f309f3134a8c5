// Public entry of the pipeline feature: one image from bytes to model input, shared
// by the browser worker and the CLI.
export {
  prepareImage,
  decodeFailureMessage,
  DECODE_FAILED,
  LOCALISE_FAILED,
  type PrepareImageOptions,
  type PrepareImageTimings,
  type PreparedImage,
  type PrepareStage,
  type ReadImageResult,
} from './prepare-image';
