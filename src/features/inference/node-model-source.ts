// Node-only model plumbing: a model package folder on disk as the loader's file
// source, and where tfjs-backend-wasm's binaries lie. The CLI, tests and benchmarks
// use these (through headless.ts); the page never does.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ModelFileSource } from './model-source';

export { nodeWasmDir } from './node-wasm-dir.mjs';

/** A model folder on disk; a missing file reads as null so the loader can name it. */
export function folderSource(dir: string): ModelFileSource {
  return {
    label: dir,
    async read(file) {
      try {
        const bytes = await readFile(path.join(dir, file));
        return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
  };
}
