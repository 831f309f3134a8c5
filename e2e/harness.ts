// Shared set-up for the end-to-end tests: serve dist/ with `vite preview`
// (same headers as production), drive Debian's Chromium, and record every
// request so a test fails if anything leaves the machine.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { preview, type PreviewServer } from 'vite';
import type { Prediction } from '../src/lib/types';

export const repoRoot = resolve(import.meta.dirname, '..');
export const sharedData = process.env.BLASTOGRADE_SHARED_DATA ?? resolve(repoRoot, '../shared/data');

export interface Session {
  url: string;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Every URL the page asked for that was not on this machine. */
  offsiteRequests: string[];
  /** Every response with an HTTP error status (404 ...), as "status url". */
  failedResponses: string[];
  pageErrors: string[];
  close(): Promise<void>;
}

const LOCAL = /^(https?|wss?):\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//;
const isLocal = (url: string) => LOCAL.test(url) || /^(data|blob):/.test(url);

let server: PreviewServer | null = null;

export async function startServer(): Promise<string> {
  server ??= await preview({ root: repoRoot, logLevel: 'error', preview: { port: 0, host: '127.0.0.1', open: false } });
  const address = server.httpServer.address();
  if (!address || typeof address === 'string') throw new Error('preview server has no port');
  return `http://127.0.0.1:${address.port}/`;
}

export async function stopServer() {
  await server?.close();
  server = null;
}

export interface OpenOptions {
  /**
   * Run the full Chromium in its new headless mode instead of the headless
   * shell: it behaves as a desktop window does (it asks for the favicon, for one).
   */
  desktop?: boolean;
  /**
   * A fresh Chromium profile on disk (removed at close), as a user's browser keeps IndexedDB and
   * its Blobs, instead of an incognito context (newContext), which holds them in memory.
   */
  profile?: boolean;
  /** More Chromium switches (e.g. a bench's `--js-flags=--expose-gc`). */
  args?: string[];
}

export async function openApp(options: OpenOptions = {}): Promise<Session> {
  const url = await startServer();
  const args = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--enable-unsafe-webgpu', ...(options.args ?? [])];
  const launch = {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: options.desktop ? [...args, '--headless=new'] : args,
    headless: !options.desktop,
  };
  const contextOptions = { acceptDownloads: true, viewport: { width: 1400, height: 900 } };
  const profileDir = options.profile ? mkdtempSync(join(tmpdir(), 'blastograde-e2e-profile-')) : null;
  const context = profileDir
    ? await chromium.launchPersistentContext(profileDir, { ...launch, ...contextOptions })
    : await (await chromium.launch(launch)).newContext(contextOptions);
  const browser = context.browser()!;
  const offsiteRequests: string[] = [];
  const pageErrors: string[] = [];
  const failedResponses: string[] = [];
  context.on('response', (response) => {
    if (response.status() >= 400) failedResponses.push(`${response.status()} ${response.url()}`);
  });
  context.on('request', (request) => {
    if (!isLocal(request.url())) offsiteRequests.push(request.url());
  });
  // Headless Chromium answers the save picker (File System Access) at once as if the user
  // cancelled it; the pages here see a browser without it (as Firefox and Safari are), so a lab
  // backup is downloaded. backup.spec puts a picker back that saves into the origin's private files.
  await context.addInitScript(() => { delete (window as { showSaveFilePicker?: unknown }).showSaveFilePicker; });
  // Belt and braces: nothing off this machine is even attempted.
  await context.route((u) => !isLocal(u.toString()), (route) => route.abort('blockedbyclient'));
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') pageErrors.push(m.text()); });
  await page.goto(url);
  return {
    url, browser, context, page, offsiteRequests, failedResponses, pageErrors,
    // Every e2e test gets the privacy check: closing a session fails if the page
    // asked for anything off this machine.
    async close() {
      await (profileDir ? context.close() : browser.close());
      if (profileDir) rmSync(profileDir, { recursive: true, force: true });
      if (offsiteRequests.length) throw new Error(`requests left localhost: ${offsiteRequests.join(', ')}`);
    },
  };
}

export type View = 'batch' | 'lab';

/**
 * Shows a view as a user does, with one click on its link in the header (nothing when it is
 * shown already), and waits until it is in sight. The view not shown stays in the page, hidden:
 * its controls cannot be clicked or filled until its view is shown.
 */
export async function showView(page: Page, view: View) {
  const link = page.getByTestId(`view-${view}`);
  if ((await link.getAttribute('aria-current')) !== 'page') await link.click();
  await page.getByTestId(`${view}-view`).waitFor({ state: 'visible' });
}

/** The lab: the model panel (status, card, settings), adaptation and "Learn from this lab". */
export const openLab = (page: Page) => showView(page, 'lab');

/** The batch: identity, drop, review table and sheet. */
export const openBatchView = (page: Page) => showView(page, 'batch');

/**
 * Waits until a model is loaded and checked, whichever view is shown (the model status lives
 * in the lab view, hidden while the batch is shown).
 */
export async function waitForModelReady(page: Page, timeoutMs = 180_000) {
  await page.waitForSelector('[data-testid="model-status"][data-state="ready"]', { state: 'attached', timeout: timeoutMs });
}

/** Opens "About this model and settings" in the lab (the model list, backend and thresholds) unless it is open. */
export async function openModelSettings(page: Page) {
  await openLab(page);
  const details = page.locator('.model-panel details').first();
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await details.locator(':scope > summary').click();
}

export interface TestFile {
  /** The file name the app sees (as a user's file picker gives it). */
  name: string;
  path: string;
}

/** What dropFiles types into a blank identity field before the drop (the app grades nothing without them). */
export const TEST_IDENTITY = { 'patient-id': 'E2E-PATIENT', 'cycle-id': 'E2E-C1', embryologist: 'E2E' } as const;

export interface DropOptions {
  /** Fill blank patient ID, cycle ID and initials first (default true); false drops as they are. */
  fillIdentity?: boolean;
}

/** Types TEST_IDENTITY into each of patient ID, cycle ID and initials that is blank. */
export async function fillBlankIdentity(page: Page) {
  for (const [testId, value] of Object.entries(TEST_IDENTITY)) {
    const field = page.getByTestId(testId);
    if (!(await field.inputValue()).trim()) await field.fill(value);
  }
}

/**
 * Puts files on the batch input as a user picking them would. Files go by
 * path, so Chromium reads them itself, as from a real picker (passing buffers
 * would make Playwright decode them on the page's main thread).
 */
export async function dropFiles(page: Page, files: TestFile[], { fillIdentity = true }: DropOptions = {}) {
  if (fillIdentity) await fillBlankIdentity(page);
  await page.locator('input[data-testid="batch-input"]').setInputFiles(files.map((f) => f.path));
}

/**
 * Clicks an export button and returns the download; when the app asks to confirm undecided
 * embryos, says "Export anyway" (a spec that tests the question itself answers it on its own).
 */
export async function exportDownload(page: Page, format: string): Promise<{ name: string; path: string }> {
  const download = page.waitForEvent('download');
  await page.getByTestId(`export-${format}`).click();
  const confirm = page.getByTestId('export-anyway');
  const first = await Promise.race([download.then(() => 'download' as const), confirm.waitFor().then(() => 'confirm' as const)]);
  if (first === 'confirm') await confirm.click();
  const done = await download;
  return { name: done.suggestedFilename(), path: (await done.path())! };
}

/** Writes test-made bytes to a temporary file to drop. */
export function tempFile(name: string, bytes: Uint8Array): TestFile {
  const path = join(tempDir(), name);
  writeFileSync(path, bytes);
  return { name, path };
}

/** The real micrographs in ../shared/data/real (not the masks or reference crops). */
export function realImages(): TestFile[] {
  const out: TestFile[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(bmp|jpe?g|png|tiff?)$/i.test(entry.name) && !/GT_|reference-crop/.test(path)) out.push({ name: entry.name, path });
    }
  };
  walk(join(sharedData, 'real'));
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

/** Waits until the progress bar says every image has finished (done or error). */
export async function waitForBatch(page: Page, total: number, timeoutMs = 240_000) {
  await page.waitForFunction(
    (n) => {
      const bar = document.querySelector('[data-testid="batch-progress"]');
      return bar && Number(bar.getAttribute('aria-valuemax')) === n && Number(bar.getAttribute('aria-valuenow')) === n;
    },
    total,
    { timeout: timeoutMs, polling: 250 },
  );
}

export interface RowState {
  file: string; status: string; rank: string; aiGrade: string; grade: string; error: string | null;
}

export async function readRows(page: Page): Promise<RowState[]> {
  return page.locator('[data-testid="embryo"]').evaluateAll((rows) =>
    rows.map((r) => ({
      file: r.getAttribute('data-file') ?? '',
      status: r.getAttribute('data-status') ?? '',
      rank: r.getAttribute('data-rank') ?? '',
      aiGrade: r.getAttribute('data-ai-grade') ?? '',
      grade: r.getAttribute('data-grade') ?? '',
      error: r.getAttribute('data-error'),
    })),
  );
}

export const tempDir = () => mkdtempSync(join(tmpdir(), 'blastograde-e2e-'));

/** Retries an async check until it passes (the UI fills in from IndexedDB asynchronously). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** What the app stored for each image, by file name (IndexedDB is the app's source of truth). */
export interface StoredImage {
  prediction: Prediction | null;
  /** The crop PNG's bytes, when the image was cropped. */
  crop: number[] | null;
  /** sha256 of the file's bytes (the app's duplicate check). */
  contentHash: string;
}

export async function storedImages(page: Page): Promise<Record<string, StoredImage>> {
  return page.evaluate(
    () =>
      new Promise<Record<string, StoredImage>>((resolve, reject) => {
        const open = indexedDB.open('blastograde');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('images').objectStore('images').getAll();
          request.onerror = () => reject(request.error);
          request.onsuccess = async () => {
            const out: Record<string, StoredImage> = {};
            for (const r of request.result as { fileName: string; prediction?: Prediction | null; crop?: Blob; contentHash: string }[]) {
              out[r.fileName] = { prediction: r.prediction ?? null, crop: r.crop ? [...new Uint8Array(await r.crop.arrayBuffer())] : null, contentHash: r.contentHash };
            }
            resolve(out);
          };
        };
      }),
  );
}
