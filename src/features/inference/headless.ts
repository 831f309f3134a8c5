// Second public entry of the model core, for headless hosts (Node CLI, the adapt and
// learning workers, tests, benchmarks): loading a package and running it in this realm.
// Kept out of index.ts so the page's bundle never includes tfjs.
export { createInProcessGrader, type InProcessOptions } from './in-process-grader';
export type { Grader } from './grader';
export { loadModelPackage, computeModelHash, manifestBytes, type LoadedModelPackage, type ModelJson, type WeightSpecJson } from './load-model';
export { parseModelCard, type ModelCard } from './model-card';
export { type ModelFileSource, filesSource, memorySource, urlSource } from './model-source';
export { folderSource, nodeWasmDir } from './node-model-source';
export { chooseBackend } from './backend';
export { toGraphModel } from './graph-model';
export { normaliseInput } from './normalise-input';
export { modelInput } from './model-input';
export { prepareModelInput, type PreparedModelInput, type PrepareModelInputOptions } from './prepare-model-input';
export { orientationBatch, orientationCount, orientationViews } from './orientations';
export { sha256Hex } from './sha256';
