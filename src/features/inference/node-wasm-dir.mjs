// The folder (with trailing separator) holding tfjs-backend-wasm's .wasm binaries in
// node_modules: a file path there makes the wasm backend read them from disk in Node.
// Plain JS so that training/js/*.mjs, run by bare `node`, shares it with the TypeScript.
import { createRequire } from 'node:module';
import path from 'node:path';

export function nodeWasmDir() {
  // Made on call, not on import: a browser worker importing headless.ts must not run Node-only code.
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + path.sep;
}
