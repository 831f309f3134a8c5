// Serves a built folder with the app's headers (vite preview) and drives headless Chromium; builds
// the app into dist/ for the entries that drive the app itself (served by e2e/harness).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { preview, type PreviewServer } from 'vite';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--enable-unsafe-webgpu'];
const chromiumPath = () => process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export interface BenchBrowser {
  url: string;
  page: Page;
  /** null for a profile on disk (a persistent context has no Browser object). */
  browser: Browser | null;
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

export async function openPage(url: string, extraArgs: string[] = [], options: { serviceWorkers?: 'allow' | 'block'; profileDir?: string } = {}): Promise<BenchBrowser> {
  const launch = { executablePath: chromiumPath(), args: [...CHROMIUM_ARGS, ...extraArgs], headless: true };
  // The driver serves real images through page.route, which a service worker would bypass.
  const serviceWorkers = options.serviceWorkers ?? 'block';
  // With profileDir, a profile on disk as a user's browser keeps it (IndexedDB on disk; a newContext is incognito, IndexedDB in memory).
  const persistent = options.profileDir ? await chromium.launchPersistentContext(options.profileDir, { ...launch, serviceWorkers }) : null;
  const browser = persistent ? null : await chromium.launch(launch);
  const context = persistent ?? (await browser!.newContext({ serviceWorkers }));
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
  });
  await page.goto(url);
  await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready', undefined, { timeout: 60_000 });
  return { url, page, browser, errors, close: () => (persistent ? persistent.close() : browser!.close()) };
}

/** Builds the app into REPO/dist (the app's own config), which the e2e harness serves with the app's headers. */
export function buildApp(repo: string): void {
  const r = spawnSync(process.execPath, [path.join(repo, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'error'], { cwd: repo, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`vite build failed:\n${r.stderr}`);
}

/**
 * The app at `url` in a browser profile of its own on disk (`profileDir`, empty for a fresh one),
 * as a user's browser keeps it: IndexedDB and its blobs on disk. (A Playwright context made with
 * newContext is an incognito one, which holds IndexedDB in memory.)
 */
export async function openAppProfile(url: string, profileDir: string, extraArgs: string[] = []): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath(),
    args: [...CHROMIUM_ARGS, ...extraArgs],
    headless: true,
    viewport: { width: 1400, height: 900 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(url);
  return { context, page, errors };
}
