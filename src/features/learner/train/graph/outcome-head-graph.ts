// Graph surgery: one more output of the same graph, the lab's binary outcome, read from the
// pooled features by a single dense unit and a sigmoid. It is part of the graph (not a second
// model) so one execute gives grades and outcome, and a package stays one model.json.
import type { ModelJson, WeightSpecJson } from '../../../inference/headless';

export const OUTCOME_OUTPUT = 'outcome';
export const OUTCOME_LOGITS = 'outcome/logits';
export const OUTCOME_KERNEL = 'outcome/out/kernel';
export const OUTCOME_BIAS = 'outcome/out/bias';

type Node = ModelJson['modelTopology']['node'][number];

const FLOAT = { type: 'DT_FLOAT' };
const constNode = (name: string, dims: number[]): Node => ({
  name,
  op: 'Const',
  attr: { dtype: FLOAT, value: { tensor: { dtype: 'DT_FLOAT', tensorShape: { dim: dims.map((size) => ({ size: String(size) })) } } } },
});
const identity = (name: string, input: string): Node => ({ name, op: 'Identity', input: [input], attr: { T: FLOAT } });
const isOutcomeName = (name: string) => name === OUTCOME_OUTPUT || name.startsWith(`${OUTCOME_OUTPUT}/`);

/** The model without any outcome head it had (learning from a learned model replaces it). */
export function withoutOutcomeHead(model: ModelJson): ModelJson {
  const outputs = { ...(model.signature?.outputs ?? {}) };
  delete outputs[OUTCOME_OUTPUT];
  return {
    ...model,
    modelTopology: { ...model.modelTopology, node: model.modelTopology.node.filter((n) => !isOutcomeName(n.name)) },
    ...(model.signature ? { signature: { ...model.signature, outputs } } : {}),
    weightsManifest: model.weightsManifest.map((g) => ({ ...g, weights: g.weights.filter((w) => !isOutcomeName(w.name)) })),
  };
}

/**
 * Adds outcome/out/{kernel,bias} (Const), outcome/out/BiasAdd (_FusedMatMul with BiasAdd, as the
 * converter writes dense layers), outcome/logits (Identity), outcome/Sigmoid and the output
 * `outcome` [-1, 1]. The two weights are appended to the last manifest group, stored like
 * `storedAs` (e.g. the base's float16-quantised float32).
 */
export function addOutcomeHead(model: ModelJson, featureNode: string, inputs: number, storedAs: Pick<WeightSpecJson, 'dtype' | 'quantization'>): ModelJson {
  const base = withoutOutcomeHead(model);
  if (!base.modelTopology.node.some((n) => n.name === featureNode)) throw new Error(`feature node "${featureNode}" is not in model.json's graph`);
  const nodes: Node[] = [
    constNode(OUTCOME_KERNEL, [inputs, 1]),
    constNode(OUTCOME_BIAS, [1]),
    {
      name: 'outcome/out/BiasAdd',
      op: '_FusedMatMul',
      input: [featureNode, OUTCOME_KERNEL, OUTCOME_BIAS],
      attr: {
        T: FLOAT,
        transpose_a: { b: false },
        transpose_b: { b: false },
        fused_ops: { list: { s: [btoa('BiasAdd')] } },
        num_args: { i: '1' },
        epsilon: { f: 0 },
      },
    },
    identity(OUTCOME_LOGITS, 'outcome/out/BiasAdd'),
    { name: 'outcome/Sigmoid', op: 'Sigmoid', input: [OUTCOME_LOGITS], attr: { T: FLOAT } },
    identity(OUTCOME_OUTPUT, 'outcome/Sigmoid'),
  ];
  const specs: WeightSpecJson[] = [
    { name: OUTCOME_KERNEL, shape: [inputs, 1], ...storedAs },
    { name: OUTCOME_BIAS, shape: [1], ...storedAs },
  ];
  const groups = base.weightsManifest.map((g, i) => (i === base.weightsManifest.length - 1 ? { ...g, weights: [...g.weights, ...specs] } : g));
  const output = { name: `${OUTCOME_OUTPUT}:0`, dtype: 'DT_FLOAT', tensorShape: { dim: [{ size: '-1' }, { size: '1' }] } };
  return {
    ...base,
    modelTopology: { ...base.modelTopology, node: [...base.modelTopology.node, ...nodes] },
    signature: { ...(base.signature ?? {}), outputs: { ...(base.signature?.outputs ?? {}), [OUTCOME_OUTPUT]: output } },
    weightsManifest: groups,
  };
}
