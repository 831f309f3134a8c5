// The base package's grade heads as plain arrays, the pooled node they all read (gap, or the
// multi-depth node that ends with it), and the features the learner takes from that package.
import type { LoadedModelPackage } from '../../inference/headless';
import { denseHeadNodes, readWeights, type DenseHeadNodes } from './graph';
import { type ModelCard } from '../../inference';
import type { DenseHead } from './dense-head';
import { featureLayoutOf, channelsOf, gapNodeOf, setReadBy, type FeatureLayout } from './feature-layout';
import { LearnError, type FeatureSetName, type GradeLabel } from './types';

export interface BaseHead {
  label: GradeLabel;
  classes: string[];
  nodes: DenseHeadNodes;
  head: DenseHead;
  /** The feature set its first layer reads (a head of a learned model may read blocks345-mean). */
  reads: FeatureSetName;
}

type CardHead = ModelCard['heads'][number];

function nodesOf(pkg: LoadedModelPackage, head: CardHead): DenseHeadNodes {
  if (head.logits) return denseHeadNodes(pkg.modelJson, head.logits);
  // No logits named: step back from the output through Identity and Softmax.
  const byName = new Map(pkg.modelJson.modelTopology.node.map((n) => [n.name, n]));
  let node = byName.get(head.output.replace(/:\d+$/, ''));
  while (node && (node.op === 'Identity' || node.op === 'Softmax')) node = byName.get(node.input![0]!.replace(/:\d+$/, ''));
  if (!node) throw new LearnError(`The model's head "${head.name}" is not a chain of dense layers this learner can re-fit.`);
  return denseHeadNodes(pkg.modelJson, node.name);
}

export function baseHeads(pkg: LoadedModelPackage): BaseHead[] {
  const found = pkg.card.heads
    .filter((h): h is CardHead & { name: GradeLabel } => h.name === 'expansion' || h.name === 'icm' || h.name === 'te')
    .map((h) => {
      let nodes: DenseHeadNodes;
      try {
        nodes = nodesOf(pkg, h);
      } catch (error) {
        throw new LearnError(`The model's head "${h.name}" cannot be re-fitted: ${(error as Error).message}.`);
      }
      return { h, nodes };
    });
  const weights = readWeights(pkg, found.flatMap(({ nodes }) => nodes.layers.flatMap((l) => [l.kernel, l.bias])));
  return found.map(({ h, nodes }) => ({
    label: h.name,
    classes: [...h.classes],
    nodes,
    reads: setReadBy(nodes.featureNode),
    head: { layers: nodes.layers.map((l) => ({ kernel: weights.get(l.kernel)!, bias: weights.get(l.bias)!, inputs: l.inputs, units: l.units, relu: l.relu })) },
  }));
}

function headReadings(pkg: LoadedModelPackage): DenseHeadNodes[] {
  return pkg.card.heads.map((h) => {
    try {
      return nodesOf(pkg, h);
    } catch (error) {
      throw new LearnError(`The model's head "${h.name}" cannot be re-fitted: ${(error as Error).message}.`);
    }
  });
}

/** The pooled node every grade head reads (e.g. 'gap'; for a head reading the multi-depth node, the gap it ends with). */
export function featureNodeForHeads(pkg: LoadedModelPackage): string {
  try {
    return gapNodeOf(pkg.modelJson, headReadings(pkg).map((n) => n.featureNode));
  } catch (error) {
    throw new LearnError(`The model's heads cannot be re-fitted: ${(error as Error).message}.`);
  }
}

/** What the learner takes from this package's trunk per image, and the sets a head may read (see feature-layout.ts). */
export function featureLayout(pkg: LoadedModelPackage): FeatureLayout {
  const gapNode = featureNodeForHeads(pkg);
  const readingGap = headReadings(pkg).find((n) => n.featureNode === gapNode);
  const gapSize = readingGap?.layers[0]!.inputs ?? channelsOf(pkg.modelJson, gapNode);
  if (gapSize === undefined) throw new LearnError(`The size of the model's pooled features ("${gapNode}") could not be read from its graph.`);
  return featureLayoutOf(pkg.modelJson, gapNode, gapSize);
}

/** Probability-weighted expansion grade (1-6) per example: the base's unsupervised quality score. */
export function expectedGrade(classes: readonly string[], probabilities: readonly Float32Array[]): number[] {
  const values = classes.map(Number);
  return probabilities.map((p) => values.reduce((sum, v, k) => sum + v * p[k]!, 0));
}
