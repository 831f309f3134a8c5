// `npx tsx bench/batch-trace.ts DIR [N] [FROM] [TO]` (build first: `npx vite build`; run under the
// heavy lock): where the page's main thread spends its time late in a large batch. Drops the
// first N images of DIR (e.g. the BMPs bench/batch_images.py writes) into the built app as the
// batch bench does (identity filled, model loaded), records a Chromium trace (the DevTools
// timeline categories plus blink and cc) from the FROM-th image done to the TO-th (default: the
// last 30 images before the last 5), and prints the page main thread's self time per trace event
// name over that window, per image, beside the table row DOM mutations per image.
// BATCH_TRACE_OUT=file.json also keeps the trace (it opens in DevTools' Performance panel).
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stopServer, waitForBatch } from '../e2e/harness';
import { loadAverage, openReadyBatchView, TOUCHED_ROWS } from './batch-bench';

interface TraceEvent { name: string; ph: string; ts: number; dur?: number; pid: number; tid: number; args?: { name?: string } }

/** Self time (ms) per event name on one thread, from its complete ('X') and begin/end events. */
function selfTimes(events: TraceEvent[]): Map<string, number> {
  type Span = { name: string; start: number; end: number };
  const spans: Span[] = [];
  const open: TraceEvent[] = [];
  for (const e of [...events].sort((a, b) => a.ts - b.ts)) {
    if (e.ph === 'X' && e.dur !== undefined) spans.push({ name: e.name, start: e.ts, end: e.ts + e.dur });
    else if (e.ph === 'B') open.push(e);
    else if (e.ph === 'E') {
      const b = open.pop();
      if (b) spans.push({ name: b.name, start: b.ts, end: e.ts });
    }
  }
  // Outer spans first (earlier start, then longer), so a stack gives each span's parent.
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const self = new Map<string, number>();
  const stack: (Span & { child: number })[] = [];
  const close = (s: Span & { child: number }) => self.set(s.name, (self.get(s.name) ?? 0) + Math.max(0, s.end - s.start - s.child) / 1000);
  for (const s of spans) {
    while (stack.length && stack.at(-1)!.end <= s.start) close(stack.pop()!);
    const parent = stack.at(-1);
    if (parent) parent.child += Math.min(s.end, parent.end) - s.start;
    stack.push({ ...s, child: 0 });
  }
  while (stack.length) close(stack.pop()!);
  return self;
}

const [dir, count = '200', fromArg, toArg] = process.argv.slice(2);
if (!dir) throw new Error('usage: npx tsx bench/batch-trace.ts DIR [N] [FROM] [TO]');
const files = readdirSync(dir).sort().slice(0, Number(count)).map((f) => path.join(dir, f));
const n = files.length;
const to = Number(toArg ?? Math.max(1, n - 5));
const from = Number(fromArg ?? Math.max(0, to - 30));
const session = await openReadyBatchView();
try {
  const { page, browser } = session;
  await page.evaluate(`(() => {
    const w = window;
    w.__trace = { rowMutations: 0, done: 0, seen: {} };
    ${TOUCHED_ROWS}
    new MutationObserver((records) => {
      for (const r of records) if (r.target.closest?.('[data-testid="embryo"]')) w.__trace.rowMutations++;
      for (const row of touchedRows(records)) {
        const status = row.getAttribute('data-status');
        if ((status === 'done' || status === 'error') && !w.__trace.seen[row.dataset.file]) { w.__trace.seen[row.dataset.file] = 1; w.__trace.done++; }
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  })()`);
  const doneCount = () => page.evaluate(() => (window as unknown as { __trace: { done: number } }).__trace.done);
  const mutations = () => page.evaluate(() => (window as unknown as { __trace: { rowMutations: number } }).__trace.rowMutations);
  await page.locator('input[data-testid="batch-input"]').setInputFiles(files);
  await page.waitForFunction((k) => (window as unknown as { __trace: { done: number } }).__trace.done >= k, from, { timeout: 600_000, polling: 50 });
  const categories = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel', 'blink', 'cc', 'v8.execute', 'disabled-by-default-v8.gc', 'blink.user_timing'];
  await browser.startTracing(page, { categories });
  const start = { done: await doneCount(), mutations: await mutations(), t: Date.now() };
  await page.waitForFunction((k) => (window as unknown as { __trace: { done: number } }).__trace.done >= k, to, { timeout: 600_000, polling: 50 });
  const end = { done: await doneCount(), mutations: await mutations(), t: Date.now() };
  const buffer = await browser.stopTracing();
  await waitForBatch(page, n, 600_000);
  if (process.env.BATCH_TRACE_OUT) writeFileSync(process.env.BATCH_TRACE_OUT, buffer);
  const events = (JSON.parse(buffer.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
  // The page's main thread: the renderer thread named CrRendererMain that ran the most.
  const threadNames = new Map(events.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => [`${e.pid}:${e.tid}`, e.args?.name ?? '']));
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    if (e.ph === 'M') continue;
    const key = `${e.pid}:${e.tid}`;
    (byThread.get(key) ?? byThread.set(key, []).get(key)!).push(e);
  }
  const images = end.done - start.done;
  console.log(`${n} images, traced from image ${start.done} to ${end.done} done (${images} images, ${((end.t - start.t) / 1000).toFixed(1)} s wall, ${((end.t - start.t) / 1000 / images).toFixed(3)} s/image), load ${loadAverage().toFixed(1)}; row DOM mutations ${((end.mutations - start.mutations) / images).toFixed(0)} per image`);
  const summaries = [...byThread].map(([key, evs]) => ({ key, name: threadNames.get(key) ?? '?', self: selfTimes(evs) }))
    .map((t) => ({ ...t, total: [...t.self.values()].reduce((a, x) => a + x, 0) }))
    .filter((t) => t.total > 200)
    .sort((a, b) => b.total - a.total);
  const top = Number(process.env.BATCH_TRACE_TOP ?? 30);
  for (const t of summaries.slice(0, 6)) {
    console.log(`thread ${t.name} (${t.key}): ${(t.total / 1000).toFixed(2)} s traced, ${(t.total / images).toFixed(0)} ms per image; most self time:`);
    for (const [name, ms] of [...t.self].sort((a, b) => b[1] - a[1]).slice(0, t.name === 'CrRendererMain' ? top : 8)) {
      console.log(`  ${(ms / images).toFixed(1).padStart(8)} ms/image  ${name}`);
    }
  }
} finally {
  await session.close();
  await stopServer();
}
