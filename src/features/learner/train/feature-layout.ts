// What the learner takes from the trunk, and the feature sets a head may learn from. One
// extraction per image: the global means of block3_pool and block4_pool and the base heads'
// pooled node (gap), concatenated [block 3, block 4, gap] (320 values for the default model);
// each set is a slice of it: `gap` the last part, `blocks345-mean` all of it. A model without
// those blocks offers `gap` alone (its features are gap, as before).
import type { ModelJson } from '../../inference/headless';
import { FEATURE_SET_TITLES, type FeatureSetName } from '../../learning/headless';
import { MULTI_DEPTH_NODE, MULTI_DEPTH_POOLS, multiDepthGapNode } from './graph';
import { LearnError } from './types';

export interface FeatureSet {
  name: FeatureSetName;
  /** The graph node a head reads for this set (added to the graph for blocks345-mean). */
  node: string;
  /** Its slice of the extracted vector. */
  from: number;
  size: number;
}

export interface FeatureLayout {
  /** Nodes whose global means are extracted, in order; the last (the base heads' pooled node) is a mean already. */
  parts: { node: string; size: number }[];
  size: number;
  /** Offered sets, the preferred one (gap) first. */
  sets: FeatureSet[];
  /**
   * Names what is extracted, for the feature cache's key: entries of another layout, or taken over
   * other orientations (before `-views4`, the mean over all 8), are never read as these.
   */
  cacheTag: string;
}

/** The cache tag's mark of features that are the mean over the 4 learning orientations (extract-features.ts). */
const VIEWS_TAG = 'views4';

type Node = ModelJson['modelTopology']['node'][number];

/** Ops between a convolution and a pooled node that keep its channels. */
const CHANNEL_KEEPING = new Set(['MaxPool', 'AvgPool', 'Relu', 'Relu6', 'Identity', 'BiasAdd', 'FusedBatchNorm', 'FusedBatchNormV3', 'Mean']);
const CONVOLUTIONS = new Set(['Conv2D', '_FusedConv2D']);
const strip = (name: string) => name.replace(/^\^/, '').replace(/:\d+$/, '');

/** Output channels of `name`, walked back to the convolution that made them; undefined when the walk finds none. */
export function channelsOf(model: ModelJson, name: string): number | undefined {
  const nodes = new Map(model.modelTopology.node.map((n) => [n.name, n]));
  const shapes = new Map(model.weightsManifest.flatMap((g) => g.weights).map((w) => [w.name, w.shape]));
  let node: Node | undefined = nodes.get(name);
  for (let steps = 0; node && steps < 16; steps++) {
    if (CONVOLUTIONS.has(node.op)) {
      const shape = shapes.get(strip(node.input![1]!));
      return shape?.length === 4 ? shape[3] : undefined;
    }
    if (!CHANNEL_KEEPING.has(node.op)) return undefined;
    node = nodes.get(strip(node.input![0]!));
  }
  return undefined;
}

/** The base heads' pooled node (e.g. gap), given the nodes the heads read: gap itself, or the multi-depth node that ends with it. */
export function gapNodeOf(model: ModelJson, headNodes: readonly string[]): string {
  const gap = new Set(headNodes.map((n) => (n === MULTI_DEPTH_NODE ? multiDepthGapNode(model) ?? n : n)));
  if (gap.size !== 1) throw new Error(`the model's heads read different nodes (${[...gap].join(', ')}); learning needs one shared feature node`);
  return [...gap][0]!;
}

/**
 * The layout for a package whose heads read `gapNode` (of `gapSize` values) or the multi-depth
 * node: blocks 3+4+5 when the graph has block3_pool and block4_pool after convolutions, else gap alone.
 */
export function featureLayoutOf(model: ModelJson, gapNode: string, gapSize: number): FeatureLayout {
  const pools = MULTI_DEPTH_POOLS.map((node) => ({ node, size: channelsOf(model, node) }));
  const gapSet: Omit<FeatureSet, 'from'> = { name: 'gap', node: gapNode, size: gapSize };
  if (pools.some((p) => p.size === undefined)) {
    return { parts: [{ node: gapNode, size: gapSize }], size: gapSize, sets: [{ ...gapSet, from: 0 }], cacheTag: `gap-${VIEWS_TAG}` };
  }
  const parts = [...pools.map((p) => ({ node: p.node, size: p.size! })), { node: gapNode, size: gapSize }];
  const size = parts.reduce((n, p) => n + p.size, 0);
  return {
    parts,
    size,
    sets: [
      { ...gapSet, from: size - gapSize },
      { name: 'blocks345-mean', node: MULTI_DEPTH_NODE, from: 0, size },
    ],
    cacheTag: `blocks345-mean-${VIEWS_TAG}`,
  };
}

/**
 * The layout the examples were taken with: the package's, or gap alone when every example holds
 * only gap's values (features taken by hand, or before sets were offered); anything else is refused.
 */
export function examplesLayout(layout: FeatureLayout, examples: readonly { key: string; features: Float32Array }[]): FeatureLayout {
  const gap = layout.sets[0]!;
  const gapOnly: FeatureLayout = { parts: [layout.parts[layout.parts.length - 1]!], size: gap.size, sets: [{ ...gap, from: 0 }], cacheTag: `gap-${VIEWS_TAG}` };
  const chosen = examples.length > 0 && examples.every((e) => e.features.length === gap.size) ? gapOnly : layout;
  const wrong = examples.find((e) => e.features.length !== chosen.size);
  if (wrong) {
    throw new LearnError(
      `Example "${wrong.key}" has ${wrong.features.length} features; this model's are ${layout.size} (${layout.parts.map((p) => `${p.node} ${p.size}`).join(', ')})` +
        `${layout.size === gap.size ? '' : ` or ${gap.size} (${gap.node} alone)`}. Were its features taken with another model?`,
    );
  }
  return chosen;
}

/** The layout's set of that name (a head of a learned model may read a set this layout lacks: refused). */
export function setOf(layout: FeatureLayout, name: FeatureSetName): FeatureSet {
  const set = layout.sets.find((s) => s.name === name);
  if (!set) throw new LearnError(`The model has a head that reads ${FEATURE_SET_TITLES[name]}, which these features do not hold.`);
  return set;
}

/** Each example's slice for `set`. */
export function featuresOfSet(set: Pick<FeatureSet, 'from' | 'size'>, features: readonly Float32Array[]): Float32Array[] {
  return features.map((f) => (set.from === 0 && f.length === set.size ? f : f.subarray(set.from, set.from + set.size)));
}

/** The set a head reads, from the node its first layer reads. */
export const setReadBy = (node: string): FeatureSetName => (node === MULTI_DEPTH_NODE ? 'blocks345-mean' : 'gap');
