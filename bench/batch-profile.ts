// `npx tsx bench/batch-profile.ts DIR [N]` (build first: `npx vite build`; run under the heavy lock):
// where a batch's time goes, apart from the grade. Drops the first N images of DIR (e.g. the
// BMPs bench/batch_images.py writes) into the built app as the batch bench does (identity
// filled, model loaded), then prints the CPU seconds each Chromium thread spent from the drop
// to the last image done (by process type and thread name: the page's main thread is
// "renderer:chromium", the pipeline and model workers "renderer:DedicatedWorker"), how many
// IndexedDB get / getAll / put calls the page made and how many DOM mutations touched the
// table's rows. CPU seconds, unlike wall time, hardly move with the load of a shared machine.
// It also prints the renderer's own counters over the same span (DevTools Performance.getMetrics:
// style recalculations and layouts, their seconds, script and task seconds), and the peak resident
// memory of Chromium's processes by kind (browser, renderer, gpu-process...) against before the drop.
// BATCH_PROFILE_CSS='...' adds a style sheet to the page before the drop (layout experiments).
// BATCH_PROFILE_TOP=N also samples the page's main thread with the DevTools CPU profiler and
// prints its N functions with the most self time (build with `npx vite build --minify false`
// for readable names).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { stopServer, waitForBatch } from '../e2e/harness';
import { loadAverage, openReadyBatchView, TOUCHED_ROWS } from './batch-bench';
import { descendantPids, descendantRssByKind, samplePeakRss } from './process-rss';

/** CPU seconds (user + system) per "process type:thread name" over Chromium's processes. */
function cpuByThread(): Map<string, number> {
  const out = new Map<string, number>();
  for (const pid of descendantPids(process.pid)) {
    try {
      const type = readFileSync(`/proc/${pid}/cmdline`, 'utf8').match(/--type=([\w-]+)/)?.[1] ?? 'browser';
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const key = `${type}:${name}`;
        out.set(key, (out.get(key) ?? 0) + (Number(fields[11]) + Number(fields[12])) / 100);
      }
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples?: number[];
  timeDeltas?: number[];
}

/** The main thread's functions with the most self time over the batch (sampled). */
function printHotFunctions(profile: CpuProfile, top: number) {
  const nodeName = new Map(profile.nodes.map((n) => [n.id, `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber + 1}`]));
  const self = new Map<string, number>();
  (profile.samples ?? []).forEach((id, i) => {
    const name = nodeName.get(id) ?? '?';
    self.set(name, (self.get(name) ?? 0) + (profile.timeDeltas?.[i] ?? 0) / 1000);
  });
  const total = [...self.values()].reduce((a, x) => a + x, 0);
  console.log(`main thread, sampled ${(total / 1000).toFixed(1)} s; most self time:`);
  for (const [name, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${ms.toFixed(0).padStart(7)} ms  ${name}`);
}

const [dir, count = '40'] = process.argv.slice(2);
if (!dir) throw new Error('usage: npx tsx bench/batch-profile.ts DIR [N]');
const files = readdirSync(dir).sort().slice(0, Number(count)).map((f) => path.join(dir, f));
const session = await openReadyBatchView();
try {
  const { page } = session;
  // A string, not a function: tsx's name-keeping helper (__name) does not exist in the page.
  await page.evaluate(`(() => {
    const w = window;
    w.__profile = { idbGet: 0, idbGetAll: 0, idbPut: 0, rowMutations: 0, done: {} };
    for (const proto of [IDBIndex.prototype, IDBObjectStore.prototype]) {
      for (const [method, key] of [['get', 'idbGet'], ['getAll', 'idbGetAll'], ['put', 'idbPut']]) {
        const original = proto[method];
        if (original) proto[method] = function (...args) { w.__profile[key]++; return original.apply(this, args); };
      }
    }
    ${TOUCHED_ROWS}
    new MutationObserver((records) => {
      for (const r of records) if (r.target.closest?.('[data-testid="embryo"]')) w.__profile.rowMutations++;
      for (const row of touchedRows(records)) {
        const status = row.getAttribute('data-status');
        if ((status === 'done' || status === 'error') && !w.__profile.done[row.dataset.file]) w.__profile.done[row.dataset.file] = performance.now();
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  })()`);
  if (process.env.BATCH_PROFILE_CSS) await page.addStyleTag({ content: process.env.BATCH_PROFILE_CSS });
  const top = Number(process.env.BATCH_PROFILE_TOP ?? 0);
  const metricsSession = await session.context.newCDPSession(page);
  await metricsSession.send('Performance.enable');
  const metrics = async () => new Map((await metricsSession.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const metricsBefore = await metrics();
  const cdp = top > 0 ? metricsSession : null;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
    await cdp.send('Profiler.start');
  }
  const before = cpuByThread();
  const rssBefore = descendantRssByKind(process.pid);
  const rss = samplePeakRss(250);
  const t0 = await page.evaluate(() => performance.now());
  await page.locator('input[data-testid="batch-input"]').setInputFiles(files);
  await waitForBatch(page, files.length, Math.max(240_000, files.length * 10_000));
  const after = cpuByThread();
  const peak = rss.stop();
  const metricsAfter = await metrics();
  const p = await page.evaluate(() => (window as unknown as { __profile: { idbGet: number; idbGetAll: number; idbPut: number; rowMutations: number; done: Record<string, number> } }).__profile);
  const done = Object.values(p.done).sort((a, b) => a - b);
  const cpu = [...after].map(([k, v]) => [k, v - (before.get(k) ?? 0)] as const).filter(([, v]) => v >= 0.05).sort((a, b) => b[1] - a[1]);
  const n = files.length;
  console.log(`${n} images: ${((done.at(-1)! - done[0]!) / 1000 / Math.max(1, done.length - 1)).toFixed(3)} s/image steady, first done ${((done[0]! - t0) / 1000).toFixed(2)} s, load ${loadAverage().toFixed(1)}`);
  console.log(`CPU ${cpu.reduce((a, [, v]) => a + v, 0).toFixed(1)} s in all (${(cpu.reduce((a, [, v]) => a + v, 0) / n * 1000).toFixed(0)} ms per image):`);
  for (const [k, v] of cpu) console.log(`  ${k.padEnd(40)} ${v.toFixed(2)} s  ${(v / n * 1000).toFixed(0)} ms/image`);
  const delta = (name: string) => (metricsAfter.get(name) ?? 0) - (metricsBefore.get(name) ?? 0);
  console.log(`page main thread: ${delta('RecalcStyleCount')} style recalcs ${delta('RecalcStyleDuration').toFixed(1)} s, ${delta('LayoutCount')} layouts ${delta('LayoutDuration').toFixed(1)} s, script ${delta('ScriptDuration').toFixed(1)} s, tasks ${delta('TaskDuration').toFixed(1)} s`);
  const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
  console.log(`peak RSS ${mib(peak.peak)} MiB; by process kind, before the drop -> at the peak: ${Object.keys(peak.byKind).sort().map((k) => `${k} ${mib(rssBefore[k] ?? 0)} -> ${mib(peak.byKind[k]!)}`).join(', ')} MiB; page JS heap used ${mib(metricsBefore.get('JSHeapUsedSize') ?? 0)} -> ${mib(metricsAfter.get('JSHeapUsedSize') ?? 0)} MiB`);
  if (cdp) printHotFunctions((await cdp.send('Profiler.stop')).profile, top);
  console.log(`IndexedDB calls: ${p.idbGet} get, ${p.idbGetAll} getAll, ${p.idbPut} put; table row DOM mutations: ${p.rowMutations} (${(p.rowMutations / n).toFixed(0)} per image)`);
} finally {
  await session.close();
  await stopServer();
}
