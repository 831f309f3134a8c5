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
 * A feature is used from outside only through its public entries (index.ts, plus the few
 * second entries listed in FEATURE_SECOND_ENTRIES), and imports never form a cycle.
 * Test files are held to the same rules: shared test helpers live in src/lib/testing.
 */
const FEATURE_SECOND_ENTRIES = [
  // Node hosts grade in-process; kept out of index.ts so the page's bundle never pulls
  // tfjs outside the inference worker, hence not for the app.
  { feature: 'inference', entry: 'headless.ts', from: ['cli', 'feature'] },
  // Test model packages made on disk, for other parts' tests.
  { feature: 'inference', entry: 'testing/index.ts', from: ['cli', 'feature'] },
  // The learning engine (tfjs inside) for the CLI and workers; index.ts stays tfjs-free.
  { feature: 'learning', entry: 'headless.ts', from: ['cli', 'feature'] },
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
          ...FEATURE_SECOND_ENTRIES.map(({ feature, entry, from }) => ({
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
