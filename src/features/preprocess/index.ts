// Public entry of the preprocess feature: embryo localisation and model input.
export { loadOpenCv, type CV } from './load-opencv';
export { locateEmbryo, NO_EMBRYO, type Localisation, type LocateOptions, type LocalisationTrace } from './preprocess';
export { DEFAULT_MARGIN, squareCrop } from './steps/square-crop';
export { SECOND_EMBRYO_WARNING } from './steps/quality';
export { cropToInput, type InputSpec } from './steps/resize-input';
export { LOCATOR_VERSION } from './locator-version';
