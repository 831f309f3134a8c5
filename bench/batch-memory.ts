// `npx tsx bench/batch-memory.ts DIR [SIZES] [MODES]` (build first: `npx vite build`; run under the
// heavy lock): where a batch's memory goes. For each mode (`incognito`: a Playwright context made
// with newContext, whose IndexedDB lives in memory, as the batch bench had it; `profile`: a fresh
// Chromium profile on disk, as a user's browser keeps it) and each size (default 10,50,100,200),
// drops the first N images of DIR (e.g. the BMPs bench/batch_images.py writes) into the built app
// as the batch bench does (identity filled, model loaded), and prints, before the drop, at the
// peak and after the batch (once the page and its workers have been garbage-collected): the
// resident memory of Chromium's processes by kind (browser, renderer, gpu-process, utility), the
// JavaScript heaps of the page and each worker (DevTools Runtime.getHeapUsage), the page's DOM
// counters and blob: pictures shown, the renderer's largest memory mappings, and the model worker's
// tensors (tf.memory(), asked through the worker's own Comlink endpoint). "GC'd" is after gc() in
// the page and its workers and DevTools' critical memory-pressure notification.
// BATCH_MEMORY_CSS='...' adds a style sheet to the page before the drop (experiments).
// BATCH_MEMORY_JSON=file writes every figure.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page, Worker } from 'playwright-core';
import { fillBlankIdentity, openApp, openBatchView, stopServer, waitForBatch, waitForModelReady } from '../e2e/harness';
import { loadAverage } from './batch-bench';
import { descendantPids, descendantRssByKind, samplePeakRss } from './process-rss';

export type Mode = 'incognito' | 'profile';

/** The built app, fresh (empty IndexedDB), in an incognito context or a new profile on disk; gc() callable in the page and workers. */
const open = (mode: Mode) => openApp({ profile: mode === 'profile', args: ['--js-flags=--expose-gc'] });

type Cdp = Awaited<ReturnType<BrowserContext['newCDPSession']>>;

/** A promise that gives up (null) after `ms`. */
const within = <T>(p: Promise<T>, ms: number): Promise<T | null> => Promise.race([p, new Promise<null>((r) => setTimeout(() => r(null), ms))]);

/**
 * The used JavaScript heap of the page and of each worker (DevTools Runtime.getHeapUsage; the
 * workers reached through the page's DevTools session, Target.sendMessageToTarget), in bytes by
 * script name (the pthreads of the model's WASM backend are blob: workers; summed as "blob").
 */
async function jsHeaps(page: Page): Promise<Record<string, number>> {
  const cdp: Cdp = await page.context().newCDPSession(page);
  try {
    const out: Record<string, number> = { page: (await cdp.send('Runtime.getHeapUsage')).usedSize };
    const targets = new Map<string, string>();
    const pending = new Map<number, (v: number) => void>();
    cdp.on('Target.attachedToTarget', (e) => targets.set(e.sessionId, e.targetInfo.url));
    cdp.on('Target.receivedMessageFromTarget', (e) => {
      const m = JSON.parse(e.message) as { id?: number; result?: { usedSize?: number } };
      if (m.id !== undefined && pending.has(m.id)) pending.get(m.id)!(m.result?.usedSize ?? NaN);
    });
    await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
    await page.waitForTimeout(500);
    let id = 1;
    for (const [sessionId, url] of targets) {
      const n = id++;
      const size = new Promise<number>((resolve) => pending.set(n, resolve));
      await cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: n, method: 'Runtime.getHeapUsage' }) });
      const bytes = await within(size, 5000);
      const name = url.startsWith('blob:') ? 'blob' : url.split('/').pop()!.replace(/-[\w-]{8}\.js$/, '');
      if (bytes !== null) out[name] = (out[name] ?? 0) + bytes;
    }
    return out;
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/**
 * tf.memory() of the model worker, asked through its Comlink endpoint from inside the worker: a
 * Comlink APPLY message dispatched on the worker's global, its reply caught before it is posted.
 */
async function tensors(worker: Worker): Promise<{ numTensors: number; numBytes: number } | null> {
  return worker.evaluate(`new Promise((resolve) => {
    const id = 'batch-memory-' + Math.random();
    const post = self.postMessage;
    const timer = setTimeout(() => { self.postMessage = post; resolve(null); }, 5000);
    self.postMessage = function (message, ...rest) {
      if (message && message.id === id) { clearTimeout(timer); self.postMessage = post; resolve(message.value ?? null); return; }
      return post.call(self, message, ...rest);
    };
    self.dispatchEvent(new MessageEvent('message', { data: { id, type: 'APPLY', path: ['memory'], argumentList: [] } }));
  })`) as Promise<{ numTensors: number; numBytes: number } | null>;
}

/**
 * Garbage-collects the page and its workers (--expose-gc), then tells the renderer memory is
 * critically short (DevTools Memory.simulatePressureNotification: caches such as decoded pictures
 * dropped, free allocator pages given back), and waits for it to settle: what is left is held.
 */
async function collect(page: Page) {
  await page.evaluate(() => (globalThis as unknown as { gc(): void }).gc());
  for (const w of page.workers()) await within(w.evaluate('globalThis.gc && gc()'), 2000).catch(() => undefined);
  const cdp: Cdp = await page.context().newCDPSession(page);
  await cdp.send('Memory.simulatePressureNotification', { level: 'critical' }).catch(() => undefined);
  await cdp.detach().catch(() => undefined);
  await page.waitForTimeout(3000);
}

/**
 * The renderer's largest memory mappings by resident size (from /proc/PID/smaps), in MiB:
 * a WebAssembly memory is one mapping of its current size (OpenCV's heap in the pipeline
 * worker, the model backend's in the model worker), apart from the JS heaps and Blink's
 * allocators (DOM, layout, decoded pictures), which are many smaller ones.
 */
function rendererMappings(): { sizeMiB: number; rssMiB: number; what: string }[] {
  const out: { sizeMiB: number; rssMiB: number; what: string }[] = [];
  for (const pid of descendantPids(process.pid)) {
    let cmd = '';
    try { cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8'); } catch { continue; }
    if (!cmd.includes('--type=renderer') || cmd.includes('--extension-process')) continue;
    let text = '';
    try { text = readFileSync(`/proc/${pid}/smaps`, 'utf8'); } catch { continue; }
    let head = '';
    let size = 0;
    for (const l of text.split('\n')) {
      if (/^[0-9a-f]+-[0-9a-f]+ /.test(l)) head = l.split(/\s+/).slice(1, 2).concat(l.split(/\s+/).slice(5)).join(' ');
      else if (l.startsWith('Size:')) size = Number(l.split(/\s+/)[1]);
      else if (l.startsWith('Rss:')) {
        const rss = Number(l.split(/\s+/)[1]);
        if (rss > 4096) out.push({ sizeMiB: Math.round(size / 1024), rssMiB: Math.round(rss / 1024), what: `${pid} ${head}` });
      }
    }
  }
  return out.sort((a, b) => b.rssMiB - a.rssMiB).slice(0, 12);
}

interface Snapshot { rssMiB: Record<string, number>; mappings: ReturnType<typeof rendererMappings>; jsMiB: Record<string, number>; dom: { nodes: number; documents: number; listeners: number; blobImages: number } }

const mib = (b: number) => Math.round(b / 2 ** 20);
const mibs = (r: Record<string, number>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, mib(v)]));

async function snapshot(page: Page): Promise<Snapshot> {
  const cdp = await page.context().newCDPSession(page);
  const dom = await cdp.send('Memory.getDOMCounters');
  await cdp.detach();
  const blobImages = await page.evaluate(() => new Set([...document.querySelectorAll('img[src^="blob:"], image[href^="blob:"]')].map((e) => e.getAttribute('src') ?? e.getAttribute('href'))).size);
  return { rssMiB: mibs(descendantRssByKind(process.pid)), mappings: rendererMappings(), jsMiB: mibs((await within(jsHeaps(page), 20_000)) ?? {}), dom: { nodes: dom.nodes, documents: dom.documents, listeners: dom.jsEventListeners, blobImages } };
}

export interface MemoryRun {
  mode: Mode; images: number; done: number; secondsPerImage: number; loadBefore: number; loadAfter: number;
  before: Snapshot; peakRssMiB: number; peakByKindMiB: Record<string, number>; after: Snapshot; settled: Snapshot;
  tensors: { numTensors: number; numBytes: number } | null;
}

async function run(mode: Mode, files: string[]): Promise<MemoryRun> {
  const s = await open(mode);
  try {
    const { page } = s;
    await openBatchView(page);
    await fillBlankIdentity(page);
    await waitForModelReady(page);
    if (process.env.BATCH_MEMORY_CSS) await page.addStyleTag({ content: process.env.BATCH_MEMORY_CSS });
    await page.waitForTimeout(1000);
    const before = await snapshot(page);
    const loadBefore = loadAverage();
    const rss = samplePeakRss(250);
    const t0 = Date.now();
    await page.locator('input[data-testid="batch-input"]').setInputFiles(files);
    await waitForBatch(page, files.length, Math.max(240_000, files.length * 10_000));
    const seconds = (Date.now() - t0) / 1000;
    const peak = rss.stop();
    const after = await snapshot(page);
    const loadAfter = loadAverage();
    const done = await page.locator('[data-testid="embryo"][data-status="done"]').count();
    let t: MemoryRun['tensors'] = null;
    for (const w of page.workers()) {
      if (!/inference/.test(w.url())) continue;
      t = await within(tensors(w), 8000).catch(() => null);
    }
    await collect(page);
    const settled = await snapshot(page);
    return { mode, images: files.length, done, secondsPerImage: seconds / files.length, loadBefore, loadAfter, before, peakRssMiB: mib(peak.peak), peakByKindMiB: mibs(peak.byKind), after, settled, tensors: t };
  } finally {
    await s.close();
  }
}

const line = (r: Record<string, number>) => Object.keys(r).sort().map((k) => `${k} ${r[k]}`).join(', ');

const [dir, sizesArg = '10,50,100,200', modesArg = 'incognito,profile'] = process.argv.slice(2);
if (!dir) throw new Error('usage: npx tsx bench/batch-memory.ts DIR [SIZES] [MODES]');
const all = readdirSync(dir).sort().map((f) => path.join(dir, f));
const runs: MemoryRun[] = [];
try {
  for (const mode of modesArg.split(',') as Mode[]) {
    for (const n of sizesArg.split(',').map(Number)) {
      const r = await run(mode, all.slice(0, n));
      runs.push(r);
      const total = (x: Record<string, number>) => Object.values(x).reduce((a, b) => a + b, 0);
      console.log(`${mode} N=${n}: ${r.done} done, ${r.secondsPerImage.toFixed(3)} s/image drop->last (load ${r.loadBefore.toFixed(1)} -> ${r.loadAfter.toFixed(1)})`);
      console.log(`  RSS MiB before ${total(r.before.rssMiB)} (${line(r.before.rssMiB)})`);
      console.log(`  RSS MiB peak   ${r.peakRssMiB} (${line(r.peakByKindMiB)})`);
      console.log(`  RSS MiB after  ${total(r.after.rssMiB)} (${line(r.after.rssMiB)})`);
      console.log(`  RSS MiB GC'd   ${total(r.settled.rssMiB)} (${line(r.settled.rssMiB)})`);
      console.log(`  JS heaps used MiB before: ${line(r.before.jsMiB)}; after: ${line(r.after.jsMiB)}; GC'd: ${line(r.settled.jsMiB)}`);
      console.log(`  DOM before ${JSON.stringify(r.before.dom)}, after ${JSON.stringify(r.after.dom)}`);
      console.log(`  renderer mappings over 4 MiB resident (size/rss MiB), before: ${r.before.mappings.map((m) => `${m.sizeMiB}/${m.rssMiB}`).join(' ')}`);
      console.log(`    GC'd: ${r.settled.mappings.map((m) => `${m.sizeMiB}/${m.rssMiB} ${m.what.split(' ').slice(1).join(' ')}`).join('; ')}`);
      console.log(`  model worker tensors: ${r.tensors ? `${r.tensors.numTensors} (${mib(r.tensors.numBytes)} MiB)` : 'n/a'}`);
    }
  }
} finally {
  await stopServer();
}
if (process.env.BATCH_MEMORY_JSON) writeFileSync(process.env.BATCH_MEMORY_JSON, JSON.stringify(runs, null, 2));
