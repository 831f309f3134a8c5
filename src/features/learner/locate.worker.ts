// A locate worker of an archive import (locator-pool.ts): the import's own function
// (locateArchiveImage), one image at a time; the import runs one such worker per core.
import * as Comlink from 'comlink';
import { loadOpenCv } from '../preprocess';
import { locateArchiveImage } from './locate-archive-image';

const api = {
  /** OpenCV's runtime loaded, before an image's time limit starts. */
  async warmUp() {
    await loadOpenCv();
  },
  locate: locateArchiveImage,
};
export type LocateWorkerApi = typeof api;

Comlink.expose(api);
