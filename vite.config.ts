import { defineConfig, type Connect, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { contentSecurityPolicy, securityHeadersFor } from './security-headers.ts';
import { tfjsWasmThreads } from './scripts/build/vite-plugin-tfjs-wasm.ts';
import { offlineServiceWorker } from './scripts/build/vite-plugin-offline.ts';

function cspMetaTag(): Plugin {
  return {
    name: 'csp-meta-tag',
    transformIndexHtml(html) {
      return html.replace(
        '<!--csp-->',
        `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy}" />`,
      );
    },
  };
}

/** Same headers in dev and preview; worker scripts get their own CSP (see security-headers.ts). */
function securityHeadersPlugin(): Plugin {
  const middleware: Connect.NextHandleFunction = (req, res, next) => {
    for (const [name, value] of Object.entries(securityHeadersFor(req.url ?? ''))) res.setHeader(name, value);
    next();
  };
  return {
    name: 'security-headers',
    configureServer: (server) => void server.middlewares.use(middleware),
    configurePreviewServer: (server) => void server.middlewares.use(middleware),
  };
}

export default defineConfig({
  plugins: [react(), cspMetaTag(), securityHeadersPlugin(), offlineServiceWorker()],
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
  // tfjs runs in the inference worker: the threaded-WASM fix belongs to the worker bundle.
  worker: { format: 'es', plugins: () => [tfjsWasmThreads()] },
  build: { target: 'es2022', sourcemap: false, chunkSizeWarningLimit: 12000 },
  optimizeDeps: { exclude: ['@techstark/opencv-js'] },
});
