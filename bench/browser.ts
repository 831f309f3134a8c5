// Serves a built folder with the app's headers (vite preview) and drives headless Chromium.
import { chromium, type Browser, type Page } from 'playwright-core';
import { preview, type PreviewServer } from 'vite';

export interface BenchBrowser {
  url: string;
  page: Page;
  browser: Browser;
  errors: string[];
  close(): Promise<void>;
}

/**
 * The app's headers, except that script-src also allows 'unsafe-eval': OpenCV.js's
 * embind builds its bindings with the Function constructor, which the app's CSP
 * refuses (EvalError at load). The bench page runs OpenCV on its main thread to time
 * preprocessing, so it needs the allowance; inference itself does not.
 */
async function benchHeaders(): Promise<Record<string, string>> {
  const { securityHeaders } = await import('../security-headers');
  const csp = securityHeaders['Content-Security-Policy'].replace("script-src 'self'", "script-src 'self' 'unsafe-eval'");
  return { ...securityHeaders, 'Content-Security-Policy': csp };
}

export async function serve(outDir: string): Promise<{ url: string; server: PreviewServer }> {
  const server = await preview({
    configFile: false,
    root: outDir,
    logLevel: 'error',
    build: { outDir },
    preview: { port: 0, host: '127.0.0.1', open: false, headers: await benchHeaders() },
  });
  const address = server.httpServer.address();
  if (!address || typeof address === 'string') throw new Error('preview server has no port');
  return { url: `http://127.0.0.1:${address.port}/`, server };
}

export async function openPage(url: string, extraArgs: string[] = [], options: { serviceWorkers?: 'allow' | 'block' } = {}): Promise<BenchBrowser> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--enable-unsafe-webgpu', ...extraArgs],
    headless: true,
  });
  // The driver serves real images through page.route, which a service worker would bypass.
  const context = await browser.newContext({ serviceWorkers: options.serviceWorkers ?? 'block' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
  });
  await page.goto(url);
  await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready', undefined, { timeout: 60_000 });
  return { url, page, browser, errors, close: () => browser.close() };
}
