// Public testing entry of the inference feature: test model packages made on the fly,
// for other parts' tests (the CLI's grade tests) that need a real model on disk.
// Tests inside this feature import the modules beside this file directly.
export { copyModel, hasTorch, makeTestModel, type TestModelOptions } from './model-fixtures';
export { outcomeModelFiles, writeOutcomeModel, type OutcomeModelOptions } from './outcome-model';
export { foldedGraphPackage } from '../adapt/folded-graph.testing';
export { startNodeBackend } from './tf-node';
