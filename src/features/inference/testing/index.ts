// Testing entry of the model core: model packages made on the fly, for other features' and
// the CLI's tests that need a real model (on disk or in memory), and the Node tfjs backend.
export { copyModel, hasTorch, makeTestModel, type TestModelOptions } from './model-fixtures';
export { outcomeModelFiles, writeOutcomeModel, type OutcomeModelOptions } from './outcome-model';
export { syntheticGradCamPackage } from './synthetic-graph';
export { startNodeBackend } from './tf-node';
