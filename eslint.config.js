import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import boundaries from 'eslint-plugin-boundaries';
import { importX, createNodeResolver } from 'eslint-plugin-import-x';

const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.js', '.mjs', '.json'];

/**
 * The layering of src/, checked rather than described:
 *   app -> features, lib      cli -> features, lib      features -> other features, lib      lib -> lib
 * A feature is used from outside only through its public entries, and imports never form a cycle:
 *   index.ts          the page's entry (no tfjs: the page bundle must not pull it in);
 *   headless.ts       hosts that run the work in their own realm (the CLI, workers of other
 *                     features, benchmarks); tfjs may be inside, so not for the app;
 *   testing/index.ts  test helpers (packages and images made on the fly) for other parts' tests;
 *   plus the few entries listed in FEATURE_EXTRA_ENTRIES.
 * Test files are held to the same rules; helpers shared beyond features live in src/lib/testing.
 */
const HOST_ENTRIES = ['headless.ts', 'testing/index.ts'];
const FEATURE_EXTRA_ENTRIES = [
  // The tfjs WASM binaries as the build emits them (Vite `?url`), for every worker that runs tfjs.
  { feature: 'inference', entry: 'wasm-assets.ts', from: ['feature'] },
];

const element = (type, extra = {}) => ({ element: { type, ...extra } });
const to = (type, extra) => ({ to: element(type, extra) });

const layering = {
  files: ['src/**/*.{ts,tsx,mts,js,mjs}'],
  plugins: { boundaries, 'import-x': importX },
  settings: {
    // Element patterns are relative to this folder, wherever eslint is started from.
    'boundaries/root-path': fileURLToPath(new URL('.', import.meta.url)),
    'boundaries/elements': [
      { type: 'app', pattern: 'src/app' },
      { type: 'cli', pattern: 'src/cli' },
      { type: 'feature', pattern: 'src/features/*', capture: ['name'] },
      { type: 'lib', pattern: 'src/lib' },
    ],
    'boundaries/dependency-nodes': ['import', 'export', 'dynamic-import'],
    'import/resolver': { node: { extensions: SOURCE_EXTENSIONS } },
    'import-x/resolver-next': [createNodeResolver({ extensions: SOURCE_EXTENSIONS })],
    // The cycle check parses each imported module itself: tell it which files are code.
    'import-x/extensions': SOURCE_EXTENSIONS.filter((ext) => ext !== '.json'),
    'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx', '.mts'] },
  },
  rules: {
    // Policies are read in order and the last one that matches decides.
    'boundaries/dependencies': [
      'error',
      {
        default: 'disallow',
        message: 'src/{{from.element.type}} must not import src/{{to.element.type}} (layers: lib <- features <- app, cli)',
        policies: [
          { from: element('app'), allow: [to('feature'), to('lib')] },
          { from: element('cli'), allow: [to('feature'), to('lib')] },
          { from: element('feature'), allow: [to('feature'), to('lib')] },
          { from: element('lib'), allow: [to('lib')] },
          {
            disallow: [to('feature', { fileInternalPath: '!index.ts' })],
            message:
              'import feature "{{to.element.captured.name}}" through its public index.ts, not {{to.element.fileInternalPath}}',
          },
          ...HOST_ENTRIES.map((entry) => ({ from: element(['cli', 'feature']), allow: [to('feature', { fileInternalPath: entry })] })),
          ...FEATURE_EXTRA_ENTRIES.map(({ feature, entry, from }) => ({
            from: element(from),
            allow: [to('feature', { captured: { name: feature }, fileInternalPath: entry })],
          })),
        ],
      },
    ],
    'import-x/no-cycle': ['error', { ignoreExternal: true }],
  },
};

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'public', 'training', 'bench/out', 'test-results'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  layering,
  {
    files: ['**/*.{js,mjs}'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
