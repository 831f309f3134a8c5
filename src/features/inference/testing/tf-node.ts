// tfjs in Node for tests: the WASM backend (what the CLI uses) read from node_modules.
import { createRequire } from 'node:module';
import path from 'node:path';
import { chooseBackend, type BackendChoice } from '../backend';

const require = createRequire(import.meta.url);

/** Folder (with trailing separator) holding tfjs-backend-wasm's .wasm binaries. */
export function nodeWasmDir(): string {
  return path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + path.sep;
}

let started: Promise<BackendChoice> | undefined;
export function startNodeBackend(preference: 'wasm' | 'cpu' = 'wasm'): Promise<BackendChoice> {
  started ??= chooseBackend(preference, { paths: nodeWasmDir() });
  return started;
}
