// Writes docs/phantoms.png: real micrographs from ../shared/data/real (top
// row) beside phantoms rendered in the same style (second row), then a
// spread of expansion stages and of ICM/TE grades. Run from the repository:
//   npx tsx scripts/make-phantoms-figure.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { decodeImage } from '../src/features/ingest';
import { contactSheet, gradeCode, renderPhantom, type PhantomOptions } from '../src/features/phantom';
import { encodePngRgba } from '../src/lib/image/png';
import { hasSharedData, repoRoot, sharedDataPath } from '../src/lib/testing/shared-data';
import type { RgbaImage } from '../src/lib/types';

const REAL = [
  'pcrm-lockhart/input/test1.BMP',
  'pcrm-lockhart/input/test2.BMP',
  'pcrm-saeedi/images/Blast_PCRM_1202041.bmp',
  'pcrm-saeedi/images/Blast_PCRM_1201754.bmp',
  'blastscoringnet/fig3_sample1_focus1.jpg',
  'blastscoringnet/fig4_sample2_focus2.jpg',
];

// Phantoms matched to the real row's look (size, colour, optics), not to its grades.
const pcrm = { preset: 'default', tint: 'pcrm', optics: 'brightfield', scaleBar: true, border: 0.006, neighbours: 1, jpegQuality: 0 } as const;
const saeedi = { preset: 'default', tint: 'gray', optics: 'hoffman', scaleBar: false, border: 0, neighbours: 0, jpegQuality: 0, debris: 3 } as const;
const bsn = { preset: 'default', tint: 'gray', optics: 'hoffman', scaleBar: false, border: 0, neighbours: 0, jpegQuality: 85, debris: 0 } as const;
const MATCHED: PhantomOptions[] = [
  { seed: 'fig-1', grades: { expansion: 4, icm: 'A', te: 'B' }, nuisance: pcrm, width: 720, height: 479 },
  { seed: 'fig-2', grades: { expansion: 3, icm: 'B', te: 'A' }, nuisance: pcrm, width: 640, height: 479 },
  { seed: 'fig-3', grades: { expansion: 3, icm: 'B', te: 'B' }, nuisance: saeedi, width: 450, height: 351 },
  { seed: 'fig-4', grades: { expansion: 3, icm: 'A', te: 'C' }, nuisance: saeedi, width: 436, height: 392 },
  { seed: 'fig-5', grades: { expansion: 4, icm: 'A', te: 'A' }, nuisance: bsn, width: 500, height: 500 },
  { seed: 'fig-6', grades: { expansion: 5, icm: 'B', te: 'A' }, nuisance: bsn, width: 500, height: 500 },
];

const EXPANSION_SPREAD: PhantomOptions[] = ([1, 2, 3, 4, 5, 6] as const).map((expansion, k) => ({
  seed: `fig-exp-${k}`,
  grades: { expansion, icm: 'A', te: 'A' },
  nuisance: { preset: 'default', jpegQuality: 0 },
  width: 640,
  height: 480,
}));

const CELL_SPREAD: PhantomOptions[] = (['AA', 'BB', 'CC', 'AC', 'CA', 'BC'] as const).map((code, k) => ({
  seed: `fig-cells-${k}`,
  grades: { expansion: 4, icm: code[0] as 'A', te: code[1] as 'A' },
  nuisance: k < 3 ? 'none' : 'high',
  width: 640,
  height: 480,
}));

function main(): void {
  const images: RgbaImage[] = [];
  const labels: string[] = [];
  if (hasSharedData) {
    for (const file of REAL) {
      images.push(decodeImage(new Uint8Array(readFileSync(sharedDataPath('real', file)))));
      labels.push('');
    }
  } else {
    process.stderr.write('../shared/data not found: the figure has no real-image row\n');
  }
  for (const options of [...MATCHED, ...EXPANSION_SPREAD, ...CELL_SPREAD]) {
    const phantom = renderPhantom(options);
    images.push(phantom.image);
    labels.push(gradeCode(phantom.truth.grades));
  }
  const sheet = contactSheet(images, labels, { columns: 6, cellWidth: 240, cellHeight: 180 });
  const out = resolve(repoRoot, 'docs/phantoms.png');
  writeFileSync(out, encodePngRgba(sheet));
  process.stderr.write(`wrote ${out} (${sheet.width}x${sheet.height})\n`);
}

main();
