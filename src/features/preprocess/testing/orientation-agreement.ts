// Does the locator find the same embryo in every version of an image that shows the same
// pixels? An embryo has no up or down, and a lab's archive holds re-encoded copies: the 8
// orientations (quarter turns x mirror) and a JPEG re-encode at quality 92 are located,
// each result is mapped back onto the original pixels, and the versions must agree.
// Shared by scripts/localisation-agreement.ts (all clinic images) and the Vitest (a few).
import jpeg from 'jpeg-js';
import type { RgbaImage } from '../../../lib/types';
import { applyOrientation, decodeImage, orientationSource } from '../../ingest';
import type { CV } from '../load-opencv';
import { locateEmbryo } from '../preprocess';

export const REENCODE_QUALITY = 92;

export interface ImageVersion {
  /** 'exif1'..'exif8' (EXIF orientation applied to the original) or 'q92'. */
  name: string;
  image: RgbaImage;
  /** A point of this version -> the same point of the original. */
  toOriginal: (x: number, y: number) => [number, number];
}

/** The original's 8 orientations (EXIF 1-8, the identity first) and, when asked, its JPEG re-encode. */
export function imageVersions(image: RgbaImage, reencode = true): ImageVersion[] {
  const versions: ImageVersion[] = [];
  for (let orientation = 1; orientation <= 8; orientation++) {
    versions.push({ name: `exif${orientation}`, image: applyOrientation(image, orientation), toOriginal: orientationSource(orientation, image.width, image.height) });
  }
  if (reencode) {
    const bytes = jpeg.encode({ width: image.width, height: image.height, data: image.data }, REENCODE_QUALITY).data;
    versions.push({ name: `q${REENCODE_QUALITY}`, image: decodeImage(new Uint8Array(bytes)), toOriginal: (x, y) => [x, y] });
  }
  return versions;
}

export interface VersionOutcome {
  name: string;
  ok: boolean;
  /** Original pixels: the outline's centre and geometric-mean radius, when located. */
  cx?: number;
  cy?: number;
  radius?: number;
  error?: string;
}

export interface Agreement {
  versions: VersionOutcome[];
  located: number;
  /** Largest distance of a located centre from their mean, and max - min radius (original px); 0 when fewer than 2 located. */
  centreSpread: number;
  radiusSpread: number;
}

export function locateVersions(cv: CV, image: RgbaImage, reencode = true): Agreement {
  const versions = imageVersions(image, reencode).map((version): VersionOutcome => {
    const result = locateEmbryo(cv, version.image);
    if (!result.ok) return { name: version.name, ok: false, error: result.error };
    const [cx, cy] = version.toOriginal(result.ellipse.cx, result.ellipse.cy);
    return { name: version.name, ok: true, cx, cy, radius: Math.sqrt(result.ellipse.rx * result.ellipse.ry) };
  });
  const located = versions.filter((v) => v.ok);
  let centreSpread = 0;
  let radiusSpread = 0;
  if (located.length >= 2) {
    const mx = located.reduce((s, v) => s + v.cx!, 0) / located.length;
    const my = located.reduce((s, v) => s + v.cy!, 0) / located.length;
    centreSpread = Math.max(...located.map((v) => Math.hypot(v.cx! - mx, v.cy! - my)));
    const radii = located.map((v) => v.radius!);
    radiusSpread = Math.max(...radii) - Math.min(...radii);
  }
  return { versions, located: located.length, centreSpread, radiusSpread };
}
