// Vite plugin: makes tfjs-backend-wasm's threaded build survive minification.
//
// To start its pthreads, tfjs-backend-wasm (backend_wasm.js) hands Emscripten a Blob made
// of `"var WasmBackendModuleThreadedSimd = " + wasmFactoryThreadedSimd.toString()`, which
// each pthread worker importScripts()s. After bundling + minification that function's
// text refers to names that live outside it (its `_scriptDir` closure, renamed helpers),
// so every pthread worker dies with "ReferenceError: e is not defined" and
// setBackend('wasm') never resolves.
//
// The fix feeds the Blob the factory's original, self-contained source file instead
// (imported `?raw`, so the minifier never touches it), wrapped so that it still defines
// WasmBackendModuleThreadedSimd. The main thread keeps using the bundled factory: both
// are the same Emscripten program, the pthreads only need its code to attach to the
// shared wasm memory.
import type { Plugin } from 'vite';

const BACKEND_FILE = /[\\/]@tensorflow[\\/]tfjs-backend-wasm[\\/]dist[\\/]backend_wasm\.js$/;
const FACTORY_TEXT = 'wasmFactoryThreadedSimd.toString()';
const RAW_IMPORT = '__tfjsThreadedSimdFactorySource';

/** The replacement: an expression (string) evaluating to the factory when run in a worker. */
const WRAPPED_SOURCE = `("(function(){" + ${RAW_IMPORT} + "\\n;return WasmBackendModuleThreadedSimd;})()")`;

export function tfjsWasmThreads(): Plugin {
  let patched = false;
  return {
    name: 'blastograde:tfjs-wasm-threads',
    enforce: 'pre',
    transform(code, id) {
      const file = id.split('?')[0]!;
      if (!BACKEND_FILE.test(file)) return null;
      if (code.includes(RAW_IMPORT)) return null; // already patched (plugin listed twice)
      if (!code.includes(FACTORY_TEXT)) {
        this.error(`tfjs-wasm-threads: "${FACTORY_TEXT}" not found in ${file}; the tfjs-backend-wasm version changed, re-check the fix`);
      }
      patched = true;
      const rawImport = `import ${RAW_IMPORT} from '../wasm-out/tfjs-backend-wasm-threaded-simd.js?raw';\n`;
      return { code: rawImport + code.replace(FACTORY_TEXT, WRAPPED_SOURCE), map: null };
    },
    buildEnd(error) {
      // A build that bundles tfjs-backend-wasm must have been patched; say so loudly if not.
      if (!error && !patched && this.getModuleIds) {
        for (const id of this.getModuleIds()) {
          if (BACKEND_FILE.test(id.split('?')[0]!)) this.warn('tfjs-wasm-threads: backend_wasm.js was bundled without the fix');
        }
      }
    },
  };
}
