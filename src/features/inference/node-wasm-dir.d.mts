/** The folder (with trailing separator) holding tfjs-backend-wasm's .wasm binaries. */
export function nodeWasmDir(): string;
