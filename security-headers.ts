// One source for the security headers, used by the dev server, `vite preview`
// and the <meta> CSP injected into index.html (so any static host gets it too).
//
// No network origin but the app's own: images never leave the machine.
// 'wasm-unsafe-eval' lets tfjs-wasm and OpenCV.js compile WebAssembly;
// blob: workers are how Emscripten starts its pthreads (threaded WASM).
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval' blob:",
  "worker-src 'self' blob:",
  "connect-src 'self' blob: data:",
  "img-src 'self' blob: data:",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

// Cross-origin isolation: needed for SharedArrayBuffer, i.e. threaded WASM.
export const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/**
 * Workers that run OpenCV.js need 'unsafe-eval': its embind layer builds
 * functions from strings. Only worker scripts get it; the page does not, and
 * connect-src stays 'self' everywhere, so nothing can leave the machine.
 */
export const workerContentSecurityPolicy = contentSecurityPolicy.replace(
  "script-src 'self' 'wasm-unsafe-eval' blob:",
  "script-src 'self' 'wasm-unsafe-eval' 'unsafe-eval' blob:",
);

/** Worker scripts: built (`assets/x.worker-HASH.js`) and dev (`x.worker.ts?worker_file`). */
export const isWorkerScript = (url: string) => /\.worker(-[\w-]+)?\.(js|ts)(\?|$)/.test(url);

export function securityHeadersFor(url: string): Record<string, string> {
  return isWorkerScript(url) ? { ...securityHeaders, 'Content-Security-Policy': workerContentSecurityPolicy } : securityHeaders;
}

export const securityHeaders = {
  ...isolationHeaders,
  'Content-Security-Policy': contentSecurityPolicy,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};
