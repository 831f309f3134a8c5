// The source statistics a model package may ship (the card's adaptationSource names the
// file and its sha256): measured once on the base model's phantoms, so adapting renders
// none. The file records the hash of the weights it was measured with and the convolution
// nodes it covers; a file that does not describe this package's weights, or another seed,
// phantom count or style, is never used (the job renders instead and says why).
// Pure: no tfjs, so the page, the worker and the CLI share it.
import type { LoadedModelPackage } from '../inference/headless';
import type { ModelCard, ModelAdaptationSource } from '../inference';
import { convSteps, convTrunk } from './conv-chain';
import { trainedStyles } from './source-phantoms';
import type { ChannelStats, SourceStatistics } from './statistics';

/** The file's name unless a card names another. */
export const ADAPTATION_SOURCE_FILE = 'adaptation-source.json';
const FORMAT = 'blastograde-adaptation-source';
const FORMAT_VERSION = 1;

/** What the file holds; statistics are float64 numbers written as JSON (which round-trips them exactly). */
export interface AdaptationSourceFile {
  format: typeof FORMAT;
  formatVersion: typeof FORMAT_VERSION;
  /** The package's modelHash (load-model's computeModelHash) when the statistics were measured. */
  modelHash: string;
  seed: string;
  phantoms: number;
  /** Phantoms located and measured. */
  images: number;
  styles: string[];
  /** One per convolution from the first, in graph order. */
  layers: { node: string; mean: number[]; std: number[] }[];
}

export interface SourceMeasurement {
  modelHash: string;
  seed: string;
  phantoms: number;
  styles: readonly string[];
  /** Convolution node names, in order, one per statistic. */
  nodes: string[];
  source: SourceStatistics;
}

/** What the job measured for this package, named as the file records it. */
export function sourceMeasurement(pkg: LoadedModelPackage, seed: string, phantoms: number, source: SourceStatistics): SourceMeasurement {
  const nodes = convSteps(convTrunk(pkg.modelJson)).slice(0, source.stats.length).map((c) => c.node);
  return { modelHash: pkg.modelHash, seed, phantoms, styles: trainedStyles(pkg.card), nodes, source };
}

/** The file's bytes and the card entry naming it (sha256 of exactly those bytes). */
export async function writeAdaptationSource(
  m: SourceMeasurement,
  sha256: (bytes: Uint8Array) => Promise<string>,
  file = ADAPTATION_SOURCE_FILE,
): Promise<{ bytes: Uint8Array; entry: ModelAdaptationSource }> {
  if (m.nodes.length !== m.source.stats.length) throw new Error(`${m.nodes.length} nodes named for ${m.source.stats.length} statistics`);
  const content: AdaptationSourceFile = {
    format: FORMAT,
    formatVersion: FORMAT_VERSION,
    modelHash: m.modelHash,
    seed: m.seed,
    phantoms: m.phantoms,
    images: m.source.images,
    styles: [...m.styles],
    layers: m.source.stats.map((s, i) => ({ node: m.nodes[i]!, mean: Array.from(s.mean), std: Array.from(s.std) })),
  };
  const bytes = new TextEncoder().encode(`${JSON.stringify(content)}\n`);
  const entry: ModelAdaptationSource = {
    file,
    sha256: await sha256(bytes),
    seed: m.seed,
    phantoms: m.phantoms,
    images: m.source.images,
    styles: [...m.styles],
    layers: m.source.stats.length,
  };
  return { bytes, entry };
}

export interface SourceWanted {
  modelHash: string;
  seed: string;
  phantoms: number;
  styles: readonly string[];
  /** The package's convolution nodes, in order (at least `layers` of them). */
  nodes: string[];
  layers: number;
}

export type ShippedSource = { use: SourceStatistics } | { ignore: string } | null;

const isNumbers = (values: unknown, length: number): values is number[] =>
  Array.isArray(values) && values.length === length && values.every((v) => typeof v === 'number' && Number.isFinite(v));

/**
 * The shipped statistics' first `layers` when they were measured on exactly these weights,
 * seed, phantom count and styles; `ignore` with the reason when the package ships a file
 * that does not fit; null when it ships none. The loader has already checked its sha256.
 */
export function shippedSource(card: ModelCard, files: Record<string, ArrayBuffer>, wanted: SourceWanted): ShippedSource {
  const entry = card.adaptationSource;
  if (!entry) return null;
  const bytes = files[entry.file];
  if (!bytes) return { ignore: `${entry.file} is not among the package's files` };
  let content: Partial<AdaptationSourceFile>;
  try {
    content = JSON.parse(new TextDecoder().decode(bytes)) as Partial<AdaptationSourceFile>;
  } catch (error) {
    return { ignore: `${entry.file} is not valid JSON (${(error as Error).message})` };
  }
  if (content.format !== FORMAT || content.formatVersion !== FORMAT_VERSION) return { ignore: `${entry.file} is not a ${FORMAT} file of version ${FORMAT_VERSION}` };
  if (content.modelHash !== wanted.modelHash) {
    return { ignore: `${entry.file} was measured on other weights (model hash ${String(content.modelHash).slice(0, 12)}…, this package's is ${wanted.modelHash.slice(0, 12)}…)` };
  }
  // The card describes the file; both must agree, or one of them was edited by hand.
  if (content.seed !== entry.seed || content.phantoms !== entry.phantoms || content.images !== entry.images || content.layers?.length !== entry.layers) {
    return { ignore: `${entry.file} does not match the card's adaptationSource (seed, phantoms, images or layers differ)` };
  }
  if (content.seed !== wanted.seed || content.phantoms !== wanted.phantoms) {
    return { ignore: `${entry.file} holds ${content.phantoms} phantoms of seed ${content.seed}; ${wanted.phantoms} of seed ${wanted.seed} were asked for` };
  }
  if (!Array.isArray(content.styles) || content.styles.join('+') !== wanted.styles.join('+')) {
    return { ignore: `${entry.file} was measured on ${String(content.styles)} phantoms; the card's training styles are ${wanted.styles.join('+')}` };
  }
  const layers = content.layers ?? [];
  if (layers.length < wanted.layers) return { ignore: `${entry.file} covers ${layers.length} layers; ${wanted.layers} are to be adapted` };
  if (!Number.isInteger(content.images) || content.images! < 1) return { ignore: `${entry.file} has no image count` };
  const stats: ChannelStats[] = [];
  for (let i = 0; i < wanted.layers; i++) {
    const layer = layers[i]!;
    if (layer.node !== wanted.nodes[i]) return { ignore: `${entry.file} layer ${i + 1} is ${layer.node}, the model's is ${wanted.nodes[i]}` };
    const channels = Array.isArray(layer.mean) ? layer.mean.length : 0;
    if (channels === 0 || !isNumbers(layer.mean, channels) || !isNumbers(layer.std, channels)) return { ignore: `${entry.file} layer ${i + 1} (${layer.node}) has malformed statistics` };
    stats.push({ mean: Float64Array.from(layer.mean), std: Float64Array.from(layer.std) });
  }
  return { use: { stats, images: content.images! } };
}
