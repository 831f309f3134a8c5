import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { contentSecurityPolicy, securityHeaders } from './security-headers';

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

export default defineConfig({
  plugins: [react(), cspMetaTag()],
  server: { headers: securityHeaders, host: '127.0.0.1' },
  preview: { headers: securityHeaders, host: '127.0.0.1' },
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: false, chunkSizeWarningLimit: 12000 },
  optimizeDeps: { exclude: ['@techstark/opencv-js'] },
});
