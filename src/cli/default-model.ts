// The model the CLI uses without --model: the app's bundled default package.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const DEFAULT_MODEL_DIR = join(repoRoot, 'public', 'models', 'default');
