// The layering rules of eslint.config.js, proved on a small made-up tree: the repository's
// own config lints snippets placed (virtually) in that tree, whose imported files exist on
// disk so the resolver and the cycle check see real modules.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CONFIG_FILE = fileURLToPath(new URL('../eslint.config.js', import.meta.url));
const LAYERING_RULES = new Set(['boundaries/dependencies', 'import-x/no-cycle']);

const TREE: Record<string, string> = {
  'src/lib/types.ts': 'export type Id = string;\n',
  'src/features/alpha/index.ts': "export { alpha } from './inside';\n",
  'src/features/alpha/inside.ts': 'export const alpha = 1;\n',
  'src/features/beta/index.ts': 'export const beta = 2;\n',
  'src/features/inference/index.ts': 'export const page = 3;\n',
  'src/features/inference/headless.ts': 'export const headless = 4;\n',
  'src/features/gamma/index.ts': "export { one } from './one';\n",
  'src/features/gamma/one.ts': "import { two } from './two';\nexport const one = () => two;\n",
  'src/features/gamma/two.ts': "import { one } from './one';\nexport const two = () => one;\n",
  'src/app/App.tsx': 'export const App = 5;\n',
};

let root: string;
let eslint: ESLint;
const previousRoot = process.env.ESLINT_PLUGIN_BOUNDARIES_ROOT_PATH;

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'lint-boundaries-'));
  for (const [file, text] of Object.entries(TREE)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  // The config anchors element patterns at the repository; point them at this tree.
  process.env.ESLINT_PLUGIN_BOUNDARIES_ROOT_PATH = root;
  eslint = new ESLint({ cwd: root, overrideConfigFile: CONFIG_FILE });
});

afterAll(() => {
  if (previousRoot === undefined) delete process.env.ESLINT_PLUGIN_BOUNDARIES_ROOT_PATH;
  else process.env.ESLINT_PLUGIN_BOUNDARIES_ROOT_PATH = previousRoot;
  rmSync(root, { recursive: true, force: true });
});

/** Layering problems ESLint reports for `code` saved as `file` (relative to the tree). */
async function layeringProblems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  const fatal = result!.messages.filter((m) => m.fatal);
  expect(fatal, 'snippet must parse').toEqual([]);
  return result!.messages.filter((m) => m.ruleId && LAYERING_RULES.has(m.ruleId)).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('eslint layering: lib <- features <- app/cli, features only through their public entries', () => {
  it("rejects a deep import from one feature into another's insides", async () => {
    const problems = await layeringProblems('src/features/beta/probe.ts', "export { alpha } from '../alpha/inside';\n");
    expect(problems).toEqual([expect.stringMatching(/^boundaries\/dependencies: .*"alpha" through its public index\.ts/)]);
  });

  it('holds test files to the same rule', async () => {
    const problems = await layeringProblems('src/features/beta/probe.test.ts', "export { alpha } from '../alpha/inside';\n");
    expect(problems).toHaveLength(1);
  });

  it('accepts the same import through the public index', async () => {
    expect(await layeringProblems('src/features/beta/probe.ts', "export { alpha } from '../alpha';\n")).toEqual([]);
    expect(await layeringProblems('src/features/beta/probe.ts', "export { alpha } from '../alpha/index';\n")).toEqual([]);
  });

  it('rejects any import of a feature from src/lib, even through its index', async () => {
    expect(await layeringProblems('src/lib/probe.ts', "export { alpha } from '../features/alpha';\n")).toEqual([
      expect.stringMatching(/^boundaries\/dependencies: src\/lib must not import src\/feature/),
    ]);
    expect(await layeringProblems('src/lib/probe.ts', "export { headless } from '../features/inference/headless';\n")).toHaveLength(1);
  });

  it('rejects an import of the app from a feature or from src/lib', async () => {
    expect(await layeringProblems('src/features/beta/probe.ts', "export { App } from '../../app/App';\n")).toEqual([
      expect.stringMatching(/^boundaries\/dependencies: src\/feature must not import src\/app/),
    ]);
    expect(await layeringProblems('src/lib/probe.ts', "export { App } from '../app/App';\n")).toHaveLength(1);
  });

  it('rejects a dynamic import that breaks the same rules', async () => {
    const code = "export const load = () => import('../alpha/inside');\n";
    expect(await layeringProblems('src/features/beta/probe.ts', code)).toHaveLength(1);
  });

  it('rejects an import cycle', async () => {
    const code = "import { two } from './two';\nexport const one = () => two;\n";
    expect(await layeringProblems('src/features/gamma/one.ts', code)).toEqual([expect.stringMatching(/^import-x\/no-cycle: /)]);
  });

  it('lets the app and the CLI use features through their public entries, and lib', async () => {
    const viaEntries = "export { alpha } from '../features/alpha';\nexport type { Id } from '../lib/types';\n";
    expect(await layeringProblems('src/app/probe.ts', viaEntries)).toEqual([]);
    expect(await layeringProblems('src/cli/probe.ts', viaEntries)).toEqual([]);
    expect(await layeringProblems('src/app/probe.ts', "export { alpha } from '../features/alpha/inside';\n")).toHaveLength(1);
  });

  it('allows the listed second entry (inference/headless.ts) from features and the CLI, not the app', async () => {
    const code = "export { headless } from '../../features/inference/headless';\n";
    expect(await layeringProblems('src/cli/commands/probe.ts', code)).toEqual([]);
    expect(await layeringProblems('src/features/beta/probe.ts', "export { headless } from '../inference/headless';\n")).toEqual([]);
    // the page must not pull tfjs outside the inference worker
    expect(await layeringProblems('src/app/probe.ts', "export { headless } from '../features/inference/headless';\n")).toHaveLength(1);
  });
});
