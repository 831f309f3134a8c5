// The clinic's day-5 images (labelled + unlabelled), prepared once here exactly as the
// CLI prepares them for a model (decode, localise, crop, normalise): the PyTorch
// baselines and the browser learning run read these same model inputs.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { prepareModelInput, type ModelCard } from '../src/features/inference/headless';
import { parseLabelCsv } from '../src/features/learning';

export const D5_SET = 'real-signal/embryo-classification-d5';

export interface Crop {
  file: string;
  input: Float32Array;
  /** The lab's good (1) / not good (0) call, for labelled images. */
  outcome?: 0 | 1;
}

async function imagesIn(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((f) => /\.(jpe?g|png|bmp|tiff?)$/i.test(f)).sort().map((f) => path.join(dir, f));
}

/** null when the data set is not here. */
export function d5Folders(sharedData: string): { labelled: string; unlabelled: string; labels: string } | null {
  const root = path.join(sharedData, D5_SET);
  const folders = { labelled: path.join(root, 'labelled'), unlabelled: path.join(root, 'unlabelled'), labels: path.join(root, 'labelled', 'labels.csv') };
  return existsSync(folders.labels) && existsSync(folders.unlabelled) ? folders : null;
}

/** Every image of both folders that the localiser finds an embryo in, in file order. */
export async function prepareD5Crops(sharedData: string, card: Pick<ModelCard, 'id' | 'input'>): Promise<Crop[]> {
  const folders = d5Folders(sharedData);
  if (!folders) throw new Error(`${D5_SET} is not in ${sharedData}`);
  const sheet = parseLabelCsv(await readFile(folders.labels, 'utf8'), { columnAliases: { good: 'outcome' } });
  if (!sheet.ok) throw new Error(`${folders.labels}: ${sheet.refusal}`);
  const outcomes = new Map(sheet.rows.map((r) => [r.file, r.outcome]));
  const crops: Crop[] = [];
  for (const file of [...(await imagesIn(folders.labelled)), ...(await imagesIn(folders.unlabelled))]) {
    const prepared = await prepareModelInput(new Uint8Array(await readFile(file)), card);
    if (!prepared.ok) continue;
    const outcome = path.dirname(file) === folders.labelled ? outcomes.get(path.basename(file)) : undefined;
    crops.push({ file, input: prepared.modelInput, outcome });
  }
  return crops;
}

/** One raw float32 file, the crops one after the other (numpy.fromfile reads it). */
export async function writeInputs(file: string, inputs: Float32Array[]): Promise<void> {
  const all = new Float32Array(inputs.reduce((n, x) => n + x.length, 0));
  let offset = 0;
  for (const x of inputs) {
    all.set(x, offset);
    offset += x.length;
  }
  await writeFile(file, new Uint8Array(all.buffer));
}
