import { defineConfig, type Connect, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { contentSecurityPolicy, securityHeadersFor } from './security-headers';

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
  plugins: [react(), cspMetaTag(), securityHeadersPlugin()],
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: false, chunkSizeWarningLimit: 12000 },
  optimizeDeps: { exclude: ['@techstark/opencv-js'] },
});
