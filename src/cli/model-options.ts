// What the commands that run a model share: the --backend option (auto, wasm or cpu: the
// tfjs backends Node has) and the sentence a command refuses with when its model cannot be loaded.
import { ModelPackageError } from '../features/inference';

export const BACKEND_OPTION = { backend: { type: 'string', default: 'auto' } } as const;

export type NodeBackendName = 'auto' | 'wasm' | 'cpu';

export function isNodeBackend(name: string): name is NodeBackendName {
  return name === 'auto' || name === 'wasm' || name === 'cpu';
}

/** The package's own sentence (schema, graph, hashes), else what kept it from loading. */
export function modelLoadRefusal(error: unknown): string {
  return error instanceof ModelPackageError ? error.message : `cannot load the model: ${(error as Error).message}`;
}
