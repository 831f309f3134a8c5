// A grader in this realm, without a worker: the Node CLI, tests and benchmarks.
import { chooseBackend, type WasmSetup } from './backend';
import type { BackendPreference } from './backend-types';
import { loadModelPackage, type LoadOptions } from './load-model';
import type { Grader } from './grader';
import { createLocalGrader } from './local-grader';
import type { ModelFileSource } from './model-source';
import type { ConfidenceThresholds } from './confidence';

export interface InProcessOptions extends LoadOptions {
  backend?: BackendPreference;
  wasm?: WasmSetup;
  thresholds?: ConfidenceThresholds;
}

export async function createInProcessGrader(source: ModelFileSource, options: InProcessOptions = {}): Promise<Grader> {
  const started = performance.now();
  const backend = await chooseBackend(options.backend ?? 'auto', options.wasm);
  const pkg = await loadModelPackage(source, options);
  return createLocalGrader(pkg, backend, { thresholds: options.thresholds, loadMs: performance.now() - started });
}
