// Stand-in for src/features/inference/node-wasm-dir.mjs in the bench page build: that module
// calls node:module's createRequire when it loads, which a browser build cannot run, and it
// reaches the page only through the inference feature's headless entry (which the learning
// engine imports). Browsers take the WASM binaries from URLs instead.
export function nodeWasmDir(): string {
  throw new Error('nodeWasmDir is for Node only');
}
