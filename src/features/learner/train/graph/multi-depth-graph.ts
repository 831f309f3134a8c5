// Graph surgery: the multi-depth features as nodes of the graph, so a head that learned from
// them reads them in the package as it did in the learner. The global mean of block3_pool and
// block4_pool (Mean over axes 1-2, as `gap` is of block5_pool) concatenated with `gap`:
// [block 3 mean, block 4 mean, gap], gap the last part. A package stays one model.json.
import type { ModelJson, WeightSpecJson } from '../../../inference/headless';

export const MULTI_DEPTH_PREFIX = 'multidepth';
/** The ConcatV2 a head reads when it learned from blocks 3+4+5. */
export const MULTI_DEPTH_NODE = `${MULTI_DEPTH_PREFIX}/concat`;
/** The trunk nodes pooled besides the base heads' own pooled node (gap), in order. */
export const MULTI_DEPTH_POOLS = ['block3_pool', 'block4_pool'] as const;

const REDUCTION = `${MULTI_DEPTH_PREFIX}/reduction_indices`;
const AXIS = `${MULTI_DEPTH_PREFIX}/axis`;
/** The int32 constants the added nodes read, by weight name (written into the shard). */
export const MULTI_DEPTH_CONSTANTS: ReadonlyMap<string, Int32Array> = new Map([
  [REDUCTION, Int32Array.of(1, 2)],
  [AXIS, Int32Array.of(1)],
]);

type Node = ModelJson['modelTopology']['node'][number];

const FLOAT = { type: 'DT_FLOAT' };
const INT32 = { type: 'DT_INT32' };
const meanName = (pool: string) => `${MULTI_DEPTH_PREFIX}/${pool}_mean`;
const isMultiDepthName = (name: string) => name.startsWith(`${MULTI_DEPTH_PREFIX}/`);
const intConst = (name: string, dims: number[]): Node => ({
  name,
  op: 'Const',
  attr: { dtype: INT32, value: { tensor: { dtype: 'DT_INT32', tensorShape: dims.length ? { dim: dims.map((size) => ({ size: String(size) })) } : {} } } },
});

/** The model without the multi-depth nodes (learning from a learned model adds them again where a head needs them). */
export function withoutMultiDepthNodes(model: ModelJson): ModelJson {
  return {
    ...model,
    modelTopology: { ...model.modelTopology, node: model.modelTopology.node.filter((n) => !isMultiDepthName(n.name)) },
    weightsManifest: model.weightsManifest.map((g) => ({ ...g, weights: g.weights.filter((w) => !isMultiDepthName(w.name)) })),
  };
}

/** The node the multi-depth concatenation ends with (the base heads' pooled node), when the graph has one. */
export function multiDepthGapNode(model: ModelJson): string | undefined {
  const concat = model.modelTopology.node.find((n) => n.name === MULTI_DEPTH_NODE);
  return concat?.input?.[MULTI_DEPTH_POOLS.length]?.replace(/:\d+$/, '');
}

/**
 * Adds (or replaces) multidepth/{block3_pool,block4_pool}_mean (Mean over axes 1-2) and
 * multidepth/concat (ConcatV2 of them and `gapNode` on axis 1), with their two int32
 * constants appended to the last manifest group.
 */
export function addMultiDepthNodes(model: ModelJson, gapNode: string): ModelJson {
  const base = withoutMultiDepthNodes(model);
  const names = new Set(base.modelTopology.node.map((n) => n.name));
  for (const needed of [...MULTI_DEPTH_POOLS, gapNode]) if (!names.has(needed)) throw new Error(`node "${needed}" is not in model.json's graph`);
  const nodes: Node[] = [
    intConst(REDUCTION, [2]),
    intConst(AXIS, []),
    ...MULTI_DEPTH_POOLS.map((pool) => ({ name: meanName(pool), op: 'Mean', input: [pool, REDUCTION], attr: { T: FLOAT, Tidx: INT32, keep_dims: { b: false } } })),
    {
      name: MULTI_DEPTH_NODE,
      op: 'ConcatV2',
      input: [...MULTI_DEPTH_POOLS.map(meanName), gapNode, AXIS],
      attr: { T: FLOAT, Tidx: INT32, N: { i: String(MULTI_DEPTH_POOLS.length + 1) } },
    },
  ];
  const specs: WeightSpecJson[] = [
    { name: REDUCTION, shape: [2], dtype: 'int32' },
    { name: AXIS, shape: [], dtype: 'int32' },
  ];
  const groups = base.weightsManifest.map((g, i) => (i === base.weightsManifest.length - 1 ? { ...g, weights: [...g.weights, ...specs] } : g));
  return { ...base, modelTopology: { ...base.modelTopology, node: [...base.modelTopology.node, ...nodes] }, weightsManifest: groups };
}

/**
 * Points a dense head's first layer at `input` with a kernel of `rows` x units: the layer node
 * that reads the kernel takes `input` as its first input, and the kernel's Const node and
 * manifest entry take the new shape.
 */
export function rewireFirstLayer(model: ModelJson, kernel: string, input: string, rows: number): ModelJson {
  const reader = model.modelTopology.node.find((n) => n.op !== 'Const' && n.input?.some((i) => i.replace(/:\d+$/, '') === kernel));
  if (!reader) throw new Error(`no node reads the kernel "${kernel}"`);
  const reshape = (shape: readonly number[]) => [rows, ...shape.slice(1)];
  const node = model.modelTopology.node.map((n) => {
    if (n === reader) return { ...n, input: [input, ...n.input!.slice(1)] };
    if (n.name !== kernel) return n;
    const tensor = (n.attr?.value as { tensor?: { tensorShape?: { dim?: { size: string }[] } } } | undefined)?.tensor;
    const dims = tensor?.tensorShape?.dim;
    if (!tensor || !dims) return n;
    return { ...n, attr: { ...n.attr, value: { tensor: { ...tensor, tensorShape: { dim: [{ size: String(rows) }, ...dims.slice(1)] } } } } };
  });
  const weightsManifest = model.weightsManifest.map((g) => ({ ...g, weights: g.weights.map((w) => (w.name === kernel ? { ...w, shape: reshape(w.shape) } : w)) }));
  return { ...model, modelTopology: { ...model.modelTopology, node }, weightsManifest };
}
