// Builds bench/page with the app's own Vite config (same plugins, headers, minifier).
import { fileURLToPath } from 'node:url';
import { mergeConfig, type UserConfig } from 'vite';
import { tfjsWasmThreads } from '../scripts/build/vite-plugin-tfjs-wasm.ts';
import { offlineServiceWorker } from '../scripts/build/vite-plugin-offline.ts';
import appConfig from '../vite.config.ts';

const root = fileURLToPath(new URL('./page', import.meta.url));

export default mergeConfig(appConfig as UserConfig, {
  root,
  publicDir: fileURLToPath(new URL('../public', import.meta.url)),
  plugins: [offlineServiceWorker()],
  // Harmless once vite.config.ts lists it too (the transform is idempotent).
  worker: { plugins: () => [tfjsWasmThreads()] },
  resolve: { alias: [{ find: /^.*\/node-wasm-dir\.mjs$/, replacement: fileURLToPath(new URL('./page/node-wasm-dir.browser.ts', import.meta.url)) }] },
  build: { outDir: fileURLToPath(new URL('./out/dist', import.meta.url)), emptyOutDir: true },
});
