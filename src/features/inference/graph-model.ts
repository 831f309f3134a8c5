// A verified model package -> a tfjs GraphModel, without another fetch.
import * as tf from '@tensorflow/tfjs';
import type { LoadedModelPackage } from './load-model';

export async function toGraphModel(pkg: LoadedModelPackage): Promise<tf.GraphModel> {
  const { modelJson } = pkg;
  return tf.loadGraphModel(
    tf.io.fromMemory({
      modelTopology: modelJson.modelTopology,
      format: modelJson.format,
      generatedBy: modelJson.generatedBy,
      convertedBy: modelJson.convertedBy,
      signature: modelJson.signature as tf.io.ModelArtifacts['signature'],
      weightSpecs: pkg.weightSpecs as tf.io.WeightsManifestEntry[],
      weightData: pkg.weightData,
    }),
  );
}
