// `blastograde adapt-source [--model DIR] [--phantoms N] [--seed S] [--layers N|all] [--backend auto|wasm|cpu]`
// Measures a model's source (training-domain) statistics on its phantoms once, with the
// adapt job's own code, and ships them in the package: writes adaptation-source.json into
// the model folder and names it (with its sha256) in grading.json's adaptationSource. An
// adaptation of that package with the same seed and phantom count then renders no phantom.
// Every convolution is measured by default: layer k's statistics use the base weights
// whatever the number adapted, so any --layers takes a prefix. The weights are not touched.
// JSON summary on stdout, progress on stderr.
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { chooseBackend, folderSource, loadModelPackage, nodeWasmDir, sha256Hex, type LoadedModelPackage } from '../../features/inference/headless';
import { adaptableLayers, ADAPTATION_SOURCE_FILE, measureSourceStatistics, sourceMeasurement, AdaptError, writeAdaptationSource, DEFAULT_SOURCE_PHANTOMS } from '../../features/adapt/headless';
import { defineCommand } from '../command';
import { DEFAULT_MODEL_DIR } from '../default-model';
import { modelLoadRefusal } from '../model-options';
import { packageIdentity } from '../write-package-folder';
import { parseSourceOptions, SOURCE_OPTIONS } from './source-options';

const USAGE = `usage: blastograde adapt-source [--model DIR] [--phantoms N (default ${DEFAULT_SOURCE_PHANTOMS})] [--seed S] [--layers N|all (default all)] [--backend auto|wasm|cpu]`;


/**
 * grading.json's text with adaptationSource set and every other byte as it was (the training
 * code writes numbers such as 1.0 that a JSON round trip would rewrite): a new entry goes last,
 * an entry this command wrote before is replaced in place.
 */
export function withAdaptationSource(text: string, entry: object): string {
  const card = JSON.parse(text) as Record<string, unknown>;
  const block = `"adaptationSource": ${JSON.stringify(entry, null, 2).replace(/\n/g, '\n  ')}`;
  let out: string | null = null;
  if (!('adaptationSource' in card)) {
    const end = text.lastIndexOf('}');
    out = `${text.slice(0, end).trimEnd()},\n  ${block}\n}\n`;
  } else {
    const existing = /\n {2}"adaptationSource": \{[\s\S]*?\n {2}\}/;
    if (existing.test(text)) out = text.replace(existing, `\n  ${block}`);
  }
  const expected = JSON.stringify({ ...card, adaptationSource: entry });
  const sameFields = (candidate: string) => {
    try {
      const parsed = JSON.parse(candidate) as Record<string, unknown>;
      return JSON.stringify({ ...card, ...parsed }) === expected && Object.keys(parsed).length === Object.keys({ ...card, adaptationSource: entry }).length;
    } catch {
      return false;
    }
  };
  // Formatted some other way: rewrite it whole rather than risk a wrong edit.
  return out !== null && sameFields(out) ? out : `${JSON.stringify({ ...card, adaptationSource: entry }, null, 2)}\n`;
}

const SOURCE_COMMAND_OPTIONS = {
  model: { type: 'string', default: DEFAULT_MODEL_DIR },
  ...SOURCE_OPTIONS,
  layers: { type: 'string', default: 'all' },
} as const;

// Positionals are allowed only to be refused with the usage (exit 2), as before the frame.
export const run = defineCommand({ name: 'adapt-source', usage: USAGE, options: SOURCE_COMMAND_OPTIONS, positionals: true }, async ({ values, positionals }, { say, refuse, usageError, json }) => {
  const layersAsked = values.layers === 'all' ? 'all' : Number(values.layers);
  const options = parseSourceOptions(values);
  if (positionals.length > 0 || !options) return usageError();
  const { phantoms, backend: backendName } = options;
  const dir = resolve(values.model);
  const started = Date.now();
  let pkg: LoadedModelPackage;
  let layers: number;
  try {
    pkg = await loadModelPackage(folderSource(dir));
    layers = adaptableLayers(pkg, layersAsked); // an adapted package is refused: its statistics are not a base's
  } catch (error) {
    return refuse(error instanceof AdaptError ? error.message : modelLoadRefusal(error));
  }
  const backend = await chooseBackend(backendName, { paths: nodeWasmDir() });
  say(`model ${pkg.card.id} ${pkg.card.version} on ${backend.name}: ${phantoms} phantoms, seed ${values.seed}, ${layers} layers`);
  const source = await measureSourceStatistics(pkg, {
    seed: values.seed,
    phantoms,
    layers,
    onPhantom: (done, of) => done < of && done % 16 === 0 && say(`phantoms ${done + 1}/${of}`),
    onMeasured: (done, of) => done === of && say(`statistics of ${layers} layers measured on ${of} phantoms`),
  });
  const file = pkg.card.adaptationSource?.file ?? ADAPTATION_SOURCE_FILE;
  const { bytes, entry } = await writeAdaptationSource(sourceMeasurement(pkg, values.seed, phantoms, source), sha256Hex, file);
  await writeFile(join(dir, file), bytes);
  const cardPath = join(dir, 'grading.json');
  await writeFile(cardPath, withAdaptationSource(await readFile(cardPath, 'utf8'), entry));
  // Loaded back as any package is (schema, sha256 of every file), so a bad write fails here.
  const check = await loadModelPackage(folderSource(dir));
  if (check.modelHash !== pkg.modelHash) return refuse('the model hash changed while writing the statistics');
  say(`wrote ${join(dir, file)} and grading.json adaptationSource`);
  return json({ model: packageIdentity(pkg), dir, backend: backend.name, adaptationSource: entry, seconds: Math.round((Date.now() - started) / 100) / 10 });
});
