// A hand-written 3-node-deep graph model whose Grad-CAM answer is known: features are
// ReLU(1x1 conv) that copy the R and G channels; the "icm" head is a linear layer on
// their spatial mean. Class 0 reads channel 0 (R), class 1 channel 1 (G), class 2 -R.
import { computeModelHash, type LoadedModelPackage, type ModelJson } from '../load-model';
import type { ModelCard } from '../model-card';

const b64 = (s: string) => Buffer.from(s, 'ascii').toString('base64');
const shape = (dims: number[]) => ({ dim: dims.map((d) => ({ size: String(d) })) });
const ints = (v: number[]) => ({ list: { i: v.map(String) } });
const floatT = { type: 'DT_FLOAT' };

export async function syntheticGradCamPackage(size = 8): Promise<LoadedModelPackage> {
  const convKernel = [1, 0, 0, 1, 0, 0]; // [1,1,3,2]: out0 <- R, out1 <- G
  const headKernel = [1, 0, -1, 0, 1, 0]; // [2,3]
  const headBias = [0, 0, 0];
  const node = [
    { name: 'input', op: 'Placeholder', attr: { dtype: floatT, shape: { shape: shape([-1, size, size, 3]) } } },
    { name: 'conv/kernel', op: 'Const', attr: { dtype: floatT, value: { tensor: { dtype: 'DT_FLOAT', tensorShape: shape([1, 1, 3, 2]) } } } },
    {
      name: 'conv/Conv2D', op: 'Conv2D', input: ['input', 'conv/kernel'],
      attr: { T: floatT, strides: ints([1, 1, 1, 1]), dilations: ints([1, 1, 1, 1]), padding: { s: b64('VALID') }, data_format: { s: b64('NHWC') } },
    },
    { name: 'conv/Relu', op: 'Relu', input: ['conv/Conv2D'], attr: { T: floatT } },
    { name: 'features', op: 'Identity', input: ['conv/Relu'], attr: { T: floatT } },
    { name: 'gap/axes', op: 'Const', attr: { dtype: { type: 'DT_INT32' }, value: { tensor: { dtype: 'DT_INT32', tensorShape: shape([2]) } } } },
    { name: 'gap', op: 'Mean', input: ['features', 'gap/axes'], attr: { T: floatT, Tidx: { type: 'DT_INT32' }, keep_dims: { b: false } } },
    { name: 'icm/kernel', op: 'Const', attr: { dtype: floatT, value: { tensor: { dtype: 'DT_FLOAT', tensorShape: shape([2, 3]) } } } },
    { name: 'icm/bias', op: 'Const', attr: { dtype: floatT, value: { tensor: { dtype: 'DT_FLOAT', tensorShape: shape([3]) } } } },
    { name: 'icm/MatMul', op: 'MatMul', input: ['gap', 'icm/kernel'], attr: { T: floatT, transpose_a: { b: false }, transpose_b: { b: false } } },
    { name: 'icm/BiasAdd', op: 'BiasAdd', input: ['icm/MatMul', 'icm/bias'], attr: { T: floatT, data_format: { s: b64('NHWC') } } },
    { name: 'icm/logits', op: 'Identity', input: ['icm/BiasAdd'], attr: { T: floatT } },
    { name: 'icm/Softmax', op: 'Softmax', input: ['icm/logits'], attr: { T: floatT } },
    { name: 'icm', op: 'Identity', input: ['icm/Softmax'], attr: { T: floatT } },
  ];
  const weights = [
    { name: 'conv/kernel', shape: [1, 1, 3, 2], dtype: 'float32' },
    { name: 'gap/axes', shape: [2], dtype: 'int32' },
    { name: 'icm/kernel', shape: [2, 3], dtype: 'float32' },
    { name: 'icm/bias', shape: [3], dtype: 'float32' },
  ];
  const data = new Uint8Array(4 * (convKernel.length + 2 + headKernel.length + headBias.length));
  const view = new DataView(data.buffer);
  let offset = 0;
  const put = (v: number, int = false) => {
    if (int) view.setInt32(offset, v, true);
    else view.setFloat32(offset, v, true);
    offset += 4;
  };
  convKernel.forEach((v) => put(v));
  [1, 2].forEach((v) => put(v, true));
  [...headKernel, ...headBias].forEach((v) => put(v));
  const modelJson: ModelJson = {
    format: 'graph-model',
    modelTopology: { node, library: {}, versions: { producer: 1482 } },
    signature: {
      inputs: { input: { name: 'input:0', tensorShape: shape([-1, size, size, 3]) } },
      outputs: { icm: { name: 'icm:0', tensorShape: shape([-1, 3]) } },
    },
    weightsManifest: [{ paths: ['w.bin'], weights }],
  };
  const card: ModelCard = {
    id: 'synthetic-gradcam',
    version: '0',
    architecture: 'test',
    input: { size: [size, size], channels: 3, normalization: 'none', resize: 'bilinear' },
    heads: [{ name: 'icm', output: 'icm', logits: 'icm/logits', classes: ['R', 'G', 'notR'] }],
    featureNode: 'features',
    weights: { 'w.bin': '0'.repeat(64) },
    intendedUse: 'test',
  };
  return { card, modelJson, weightSpecs: weights, weightData: data.buffer, files: {}, modelHash: await computeModelHash(modelJson, card) };
}
