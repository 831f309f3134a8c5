// The options `adapt` and `adapt-source` share: where the source (training-domain)
// statistics come from and which tfjs backend measures them, parsed and checked once.
import { MIN_ADAPT_IMAGES, DEFAULT_SOURCE_PHANTOMS, DEFAULT_PHANTOM_SEED } from '../../features/adapt/headless';
import { BACKEND_OPTION, isNodeBackend, type NodeBackendName } from '../model-options';

export const SOURCE_OPTIONS = {
  phantoms: { type: 'string', default: String(DEFAULT_SOURCE_PHANTOMS) },
  seed: { type: 'string', default: DEFAULT_PHANTOM_SEED },
  ...BACKEND_OPTION,
} as const;

/** The phantom count and backend when both are valid (and the seed is not blank), else null: the caller prints its usage. */
export function parseSourceOptions(values: { phantoms: string; seed: string; backend: string }): { phantoms: number; backend: NodeBackendName } | null {
  const phantoms = Number(values.phantoms);
  const backend = values.backend;
  if (!isNodeBackend(backend)) return null;
  if (!(Number.isInteger(phantoms) && phantoms >= MIN_ADAPT_IMAGES) || !values.seed.trim()) return null;
  return { phantoms, backend };
}
