// The tfjs WASM binaries for the learning worker, emitted by Vite (`?url`) and served from
// the app's own origin. The same files as the inference worker's (Vite emits each once).
import plain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

export const wasmBinaryUrls: Record<string, string> = {
  'tfjs-backend-wasm.wasm': new URL(plain, self.location.href).href,
  'tfjs-backend-wasm-simd.wasm': new URL(simd, self.location.href).href,
  'tfjs-backend-wasm-threaded-simd.wasm': new URL(threadedSimd, self.location.href).href,
};
