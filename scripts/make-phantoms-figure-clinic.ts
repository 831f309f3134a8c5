// Writes docs/phantoms-clinic.png: real day-5 captures of one clinic (top row, from
// ../shared/data/real-signal/embryo-classification-d5) beside phantoms of the 'clinic'
// style (second row: a mix of grades; third: expansion 1 to 6; fourth: ICM/TE grades at
// expansion 4; fifth: embryos at expansion 1 that are no blastocyst yet: morula, compacting,
// cleavage-stage, degenerating) and, last row, default-style phantoms (what the shipped model was trained
// on) at the same thumbnail size. docs/phantoms.png, the default style beside the
// ../shared/data/real sets, is kept as it is: it documents the phantoms of the shipped model.
//   npx tsx scripts/make-phantoms-figure-clinic.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { decodeImage } from '../src/features/ingest';
import { contactSheet, gradeCode, renderPhantom, type PhantomOptions } from '../src/features/phantom';
import { encode } from 'fast-png';
import { hasSharedData, repoRoot, sharedDataPath } from '../src/lib/testing/shared-data';
import type { RgbaImage } from '../src/lib/types';

// Chosen to show the range: expanded with a clear ICM, early, a morula-like mass, cut by the frame.
const REAL = ['labelled/D5_048.jpg', 'labelled/D5_242.jpg', 'labelled/D5_257.jpg', 'labelled/D5_096.jpg', 'unlabelled/D5_020.jpg', 'labelled/D5_268.jpg'];

const clinic = (seed: string, grades?: PhantomOptions['grades'], nuisance: PhantomOptions['nuisance'] = 'default'): PhantomOptions => ({ seed, grades, nuisance, style: 'clinic' });
const MIXED: PhantomOptions[] = ['4AA', '3BB', '5AB', '2CC', '4CC', '6BA'].map((code, k) =>
  clinic(`fig-clinic-${k}`, { expansion: Number(code[0]) as 1, icm: code[1] as 'A', te: code[2] as 'A' }),
);
const EXPANSION_SPREAD = ([1, 2, 3, 4, 5, 6] as const).map((expansion, k) => clinic(`fig-clinic-exp-${k}`, { expansion, icm: 'A', te: 'A' }));
const CELL_SPREAD = (['AA', 'BB', 'CC', 'AC', 'CA', 'BC'] as const).map((code, k) => clinic(`fig-clinic-cells-${k}`, { expansion: 4, icm: code[0] as 'A', te: code[1] as 'A' }, k < 3 ? 'none' : 'high'));
const DEFAULT_STYLE: PhantomOptions[] = ['4AA', '3BB', '5AB', '2CC', '4CC', '6BA'].map((code, k) => ({
  seed: `fig-default-${k}`,
  grades: { expansion: Number(code[0]) as 1, icm: code[1] as 'A', te: code[2] as 'A' },
  nuisance: 'default',
  width: 640,
  height: 480,
}));

/** The first expansion-1 clinic phantoms (seeds fig-clinic-stage-0, -1, ...) showing each of these stages, in order. */
function nonBlastocysts(stages: readonly string[]): RgbaImage[] {
  const found: RgbaImage[] = [];
  for (let i = 0, k = 0; k < stages.length && i < 500; i++) {
    const phantom = renderPhantom(clinic(`fig-clinic-stage-${i}`, { expansion: 1 }));
    if (phantom.truth.stage !== stages[k]) continue;
    found.push(phantom.image);
    k++;
  }
  return found;
}

function main(): void {
  const images: RgbaImage[] = [];
  const labels: string[] = [];
  if (hasSharedData) {
    for (const file of REAL) {
      images.push(decodeImage(new Uint8Array(readFileSync(sharedDataPath('real-signal/embryo-classification-d5', file)))));
      labels.push(''); // the thumbnail font has digits and grade letters only
    }
  } else {
    process.stderr.write('../shared/data not found: the figure has no real-image row\n');
  }
  const add = (list: PhantomOptions[]) => {
    for (const options of list) {
      const phantom = renderPhantom(options);
      images.push(phantom.image);
      labels.push(gradeCode(phantom.truth.grades));
    }
  };
  add([...MIXED, ...EXPANSION_SPREAD, ...CELL_SPREAD]);
  for (const image of nonBlastocysts(['morula', 'morula', 'compacting', 'cleavage', 'cleavage', 'degenerate'])) {
    images.push(image);
    labels.push('1');
  }
  add(DEFAULT_STYLE);
  const sheet = contactSheet(images, labels, { columns: 6, cellWidth: 180, cellHeight: 180 });
  const out = resolve(repoRoot, 'docs/phantoms-clinic.png');
  // RGB at deflate level 9: a photographic figure, kept as small as PNG allows
  const rgb = new Uint8Array(sheet.width * sheet.height * 3);
  for (let i = 0, j = 0; j < rgb.length; i += 4, j += 3) rgb.set(sheet.data.subarray(i, i + 3), j);
  writeFileSync(out, encode({ width: sheet.width, height: sheet.height, data: rgb, channels: 3, depth: 8 }, { zlib: { level: 9 } }));
  process.stderr.write(`wrote ${out} (${sheet.width}x${sheet.height})\n`);
}

main();
