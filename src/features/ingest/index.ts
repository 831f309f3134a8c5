export { decodeImage, decodeImageFast, MAX_MEGAPIXELS, type DecodedImage } from './decode-image';
export { IngestError, type IngestErrorCode } from './ingest-error';
export { sniffFormat, type ImageFormat } from './sniff';
export { contentHash } from './content-hash';
export { applyOrientation, orientationSource } from './orientation';
export { filesFromDataTransfer, filesFromInput, type PickedFile } from './read-dropped';
