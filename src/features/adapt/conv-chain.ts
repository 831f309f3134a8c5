// The convolutional trunk of a TF.js graph model as a list of steps AdaBN can replay:
// the single chain of nodes from the image input to the last convolution, each a
// batch-norm-folded convolution (_FusedConv2D with BiasAdd, optionally Relu), a pooling
// or a pass-through node. Anything else in that chain, or a convolution off it, means
// the model is not in the form this adaptation understands, and it says so.
import type { ModelJson } from '../inference/headless';

export class AdaptError extends Error {}

type Padding = 'same' | 'valid';

export interface ConvStep {
  kind: 'conv';
  node: string;
  kernel: string;
  bias: string;
  strides: [number, number];
  dilations: [number, number];
  padding: Padding;
  relu: boolean;
}
export interface PoolStep {
  kind: 'maxPool' | 'avgPool';
  node: string;
  size: [number, number];
  strides: [number, number];
  padding: Padding;
}
export interface ReluStep {
  kind: 'relu';
  node: string;
}
export type TrunkStep = ConvStep | PoolStep | ReluStep;

interface NodeJson {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, { s?: string; list?: { i?: string[]; s?: string[] } }>;
}

const CONV_OPS = new Set(['Conv2D', '_FusedConv2D', 'DepthwiseConv2dNative', 'FusedDepthwiseConv2dNative', 'Conv2DBackpropInput']);
const decode = (s: string | undefined) => (s === undefined ? undefined : atob(s));
const bare = (input: string) => input.replace(/^\^/, '').replace(/:\d+$/, '');

function spatial(node: NodeJson, attr: string, fallback: [number, number]): [number, number] {
  const list = node.attr?.[attr]?.list?.i?.map(Number);
  if (!list || list.length === 0) return fallback;
  if (list.length !== 4 || list[0] !== 1 || list[3] !== 1) throw new AdaptError(`${node.name}: ${attr} [${list.join(', ')}] is not in NHWC form`);
  return [list[1]!, list[2]!];
}

function padding(node: NodeJson): Padding {
  const value = decode(node.attr?.padding?.s);
  if (value === 'SAME') return 'same';
  if (value === 'VALID') return 'valid';
  throw new AdaptError(`${node.name}: padding "${value ?? 'none'}" is not supported (SAME or VALID)`);
}

function nhwc(node: NodeJson): void {
  const format = decode(node.attr?.data_format?.s);
  if (format !== undefined && format !== 'NHWC') throw new AdaptError(`${node.name}: data format ${format} is not supported (NHWC)`);
}

function convStep(node: NodeJson, consts: Set<string>): ConvStep {
  const fused = (node.attr?.fused_ops?.list?.s ?? []).map((s) => atob(s));
  const [, kernel, bias] = (node.input ?? []).map(bare);
  const form = fused.length >= 1 && fused[0] === 'BiasAdd' && (fused.length === 1 || (fused.length === 2 && fused[1] === 'Relu'));
  if (node.op !== '_FusedConv2D' || !form || !kernel || !bias || !consts.has(kernel) || !consts.has(bias)) {
    throw new AdaptError(
      `convolution "${node.name}" (${node.op}${fused.length ? ` with ${fused.join('+')}` : ''}) is not a batch-norm-folded convolution (_FusedConv2D with BiasAdd[+Relu] and constant kernel and bias)`,
    );
  }
  nhwc(node);
  return {
    kind: 'conv',
    node: node.name,
    kernel,
    bias,
    strides: spatial(node, 'strides', [1, 1]),
    dilations: spatial(node, 'dilations', [1, 1]),
    padding: padding(node),
    relu: fused.length === 2,
  };
}

/** The trunk's steps up to and including its last convolution. */
export function convTrunk(model: ModelJson): TrunkStep[] {
  const nodes = model.modelTopology.node as NodeJson[];
  const consts = new Set(nodes.filter((n) => n.op === 'Const').map((n) => n.name));
  const consumers = new Map<string, NodeJson[]>();
  for (const node of nodes) {
    for (const input of node.input ?? []) {
      const name = bare(input);
      if (!consumers.has(name)) consumers.set(name, []);
      consumers.get(name)!.push(node);
    }
  }
  const inputs = nodes.filter((n) => n.op === 'Placeholder');
  if (inputs.length !== 1) throw new AdaptError(`the model has ${inputs.length} inputs; adaptation needs exactly one image input`);

  const steps: TrunkStep[] = [];
  let current = inputs[0]!;
  for (;;) {
    const next = consumers.get(current.name) ?? [];
    if (next.length !== 1) break;
    const node = next[0]!;
    if (bare(node.input![0]!) !== current.name) break;
    if (CONV_OPS.has(node.op)) steps.push(convStep(node, consts));
    else if (node.op === 'MaxPool' || node.op === 'AvgPool') {
      nhwc(node);
      steps.push({
        kind: node.op === 'MaxPool' ? 'maxPool' : 'avgPool',
        node: node.name,
        size: spatial(node, 'ksize', [1, 1]),
        strides: spatial(node, 'strides', [1, 1]),
        padding: padding(node),
      });
    } else if (node.op === 'Relu') steps.push({ kind: 'relu', node: node.name });
    else if (node.op !== 'Identity') break;
    current = node;
  }
  const lastConv = steps.map((s) => s.kind).lastIndexOf('conv');
  if (lastConv < 0) throw new AdaptError('the model has no convolution layers in the expected form (a chain of _FusedConv2D layers from the input)');
  const trunk = steps.slice(0, lastConv + 1);
  const inTrunk = new Set(trunk.map((s) => s.node));
  const outside = nodes.filter((n) => CONV_OPS.has(n.op) && !inTrunk.has(n.name));
  if (outside.length > 0) {
    throw new AdaptError(`convolution "${outside[0]!.name}" (${outside[0]!.op}) is not on the single chain from the input that adaptation can follow`);
  }
  return trunk;
}

export function convSteps(trunk: TrunkStep[]): ConvStep[] {
  return trunk.filter((s): s is ConvStep => s.kind === 'conv');
}
