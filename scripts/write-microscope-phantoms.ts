// Writes N labelled phantoms from the unfamiliar "microscope" (microscope-phantoms.ts) as PNGs
// with a labels.csv (file, expansion, icm, te; ICM/TE only from expansion 3, as Gardner grades
// them), so tools outside the app (training/scripts/multi_depth_probe.py, `blastograde learn`)
// see the same set the learning measurements use. Crop them with `blastograde preprocess`.
//   npx tsx scripts/write-microscope-phantoms.ts --out DIR [--count 300] [--seed 1]
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { phantomPng } from '../src/features/phantom';
import { microscopePhantom } from './microscope-phantoms';

const { values } = parseArgs({ options: { out: { type: 'string' }, count: { type: 'string', default: '300' }, seed: { type: 'string', default: '1' } } });
if (!values.out) throw new Error('usage: write-microscope-phantoms.ts --out DIR [--count N] [--seed S]');
await mkdir(values.out, { recursive: true });
const rows = ['file,expansion,icm,te'];
for (let i = 0; i < Number(values.count); i++) {
  const { phantom, grades } = microscopePhantom(i, `curve/${values.seed}`);
  const file = `mp-${String(i).padStart(4, '0')}.png`;
  await writeFile(join(values.out, file), phantomPng(phantom));
  rows.push(grades.expansion >= 3 ? `${file},${grades.expansion},${grades.icm},${grades.te}` : `${file},${grades.expansion},,`);
}
await writeFile(join(values.out, 'labels.csv'), `${rows.join('\n')}\n`);
process.stderr.write(`wrote ${values.count} phantoms and labels.csv to ${values.out}\n`);
