// tfjs in Node for tests: the WASM backend (what the CLI uses) read from node_modules.
import { chooseBackend, type BackendChoice } from '../backend';
import { nodeWasmDir } from '../node-model-source';

export { nodeWasmDir };

let started: Promise<BackendChoice> | undefined;
export function startNodeBackend(preference: 'wasm' | 'cpu' = 'wasm'): Promise<BackendChoice> {
  started ??= chooseBackend(preference, { paths: nodeWasmDir() });
  return started;
}
