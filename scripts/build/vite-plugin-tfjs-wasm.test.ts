import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { tfjsWasmThreads } from './vite-plugin-tfjs-wasm';

const require = createRequire(import.meta.url);
const backendFile = require.resolve('@tensorflow/tfjs-backend-wasm/dist/backend_wasm.js');
const threadedFile = require.resolve('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js');

type Transform = (code: string, id: string) => { code: string } | null;

describe('tfjsWasmThreads (threaded WASM in a minified build)', () => {
  const transform = (tfjsWasmThreads().transform as unknown as Transform).bind({ error: (m: string) => { throw new Error(m); } });

  it("feeds the pthread Blob the factory's own source instead of its minifiable toString()", async () => {
    const code = await readFile(backendFile, 'utf8');
    const out = transform(code, backendFile)!.code;
    expect(out).not.toContain('wasmFactoryThreadedSimd.toString()');
    expect(out).toMatch(/^import __tfjsThreadedSimdFactorySource from '\.\.\/wasm-out\/tfjs-backend-wasm-threaded-simd\.js\?raw';/);
    // Idempotent: listing the plugin twice changes nothing more.
    expect(transform(out, backendFile)).toBeNull();
    expect(transform(code, '/x/other.js')).toBeNull();
  });

  it('the Blob text defines WasmBackendModuleThreadedSimd as the factory in a worker-like global', async () => {
    const raw = await readFile(threadedFile, 'utf8');
    const expression = `("(function(){" + source + "\\n;return WasmBackendModuleThreadedSimd;})()")`;
    const blobText = `var WasmBackendModuleThreadedSimd = ${vm.runInNewContext(expression, { source: raw })}`;
    const worker = vm.createContext({ self: {} }); // no module/exports/define, like importScripts in a worker
    vm.runInContext(blobText, worker);
    expect(typeof vm.runInContext('WasmBackendModuleThreadedSimd', worker)).toBe('function');
  });
});
