// Reads a classification head out of a graph model: the chain of dense layers from the
// pooled feature node to the head's logits, e.g. gap -> dense1 (relu) -> dense2 (relu)
// -> out -> logits. Learning re-fits these weights in place, so the graph keeps its nodes.
import type { ModelJson } from '../../../inference/headless';

export interface DenseLayerNodes {
  /** Const node names of the weights (also their names in the weights manifest). */
  kernel: string;
  bias: string;
  /** Units in and out (the kernel's shape). */
  inputs: number;
  units: number;
  relu: boolean;
}

export interface DenseHeadNodes {
  /** The node the first layer reads: the pooled trunk features. */
  featureNode: string;
  /** First layer first. */
  layers: DenseLayerNodes[];
}

type Node = ModelJson['modelTopology']['node'][number];

const stripPort = (name: string) => name.replace(/^\^/, '').replace(/:\d+$/, '');

function fusedOps(node: Node): string[] {
  const list = (node.attr?.fused_ops as { list?: { s?: string[] } } | undefined)?.list?.s ?? [];
  return list.map((s) => atob(s));
}

function shapeOf(model: ModelJson, name: string): number[] {
  const spec = model.weightsManifest.flatMap((g) => g.weights).find((w) => w.name === name);
  if (!spec) throw new Error(`weight "${name}" is not in model.json's weights manifest`);
  return spec.shape;
}

/**
 * The dense layers behind `logitsNode` (a head's `logits` in the card), walked back through
 * Identity, _FusedMatMul (BiasAdd[, Relu]) or MatMul + BiasAdd [+ Relu] until a node that is
 * not a dense layer: that one is the feature node.
 */
export function denseHeadNodes(model: ModelJson, logitsNode: string): DenseHeadNodes {
  const nodes = new Map(model.modelTopology.node.map((n) => [n.name, n]));
  const get = (name: string): Node => {
    const node = nodes.get(stripPort(name));
    if (!node) throw new Error(`node "${name}" is not in model.json's graph`);
    return node;
  };
  const layers: DenseLayerNodes[] = [];
  let entry = get(logitsNode);
  for (;;) {
    let node = entry;
    while (node.op === 'Identity') node = get(node.input![0]!);
    let relu = false;
    if (node.op === 'Relu' && ['_FusedMatMul', 'BiasAdd'].includes(get(node.input![0]!).op)) {
      relu = true;
      node = get(node.input![0]!);
    }
    let kernel: string;
    let bias: string;
    let input: string;
    if (node.op === '_FusedMatMul') {
      const ops = fusedOps(node);
      if (ops[0] !== 'BiasAdd' || ops.length > 2 || (ops[1] !== undefined && ops[1] !== 'Relu')) break;
      relu = relu || ops[1] === 'Relu';
      [input, kernel, bias] = node.input!.map(stripPort) as [string, string, string];
    } else if (node.op === 'BiasAdd' && get(node.input![0]!).op === 'MatMul') {
      const matMul = get(node.input![0]!);
      bias = stripPort(node.input![1]!);
      [input, kernel] = matMul.input!.map(stripPort) as [string, string];
    } else {
      break;
    }
    if (get(kernel).op !== 'Const' || get(bias).op !== 'Const') break;
    const [inputs, units] = shapeOf(model, kernel) as [number, number];
    layers.unshift({ kernel, bias, inputs, units, relu });
    entry = get(input);
  }
  if (layers.length === 0) throw new Error(`"${logitsNode}" is not fed by dense layers this learner can re-fit`);
  if (layers[layers.length - 1]!.relu) throw new Error(`"${logitsNode}" ends in a ReLU; expected linear logits`);
  return { featureNode: entry.name, layers };
}
