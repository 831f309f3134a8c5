// Hostile files in the browser: every crafted file ends in error with its own
// message, the genuine images in the same drop are graded, the tab survives,
// and its memory stays under 1.5 GB. A file that hangs is stopped by the
// per-image time limit, ends in error with Retry, and is not re-run by a reload.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { demoBatch, DEMO_SEED } from '../src/features/phantom';
import { dropFiles, eventually, openApp, readRows, repoRoot, stopServer, tempFile, waitForBatch, type Session } from './harness';

const CORPUS = join(repoRoot, 'src/features/ingest/testing/hostile-corpus.ts');
const MEMORY_LIMIT = 1.5 * 1024 ** 3;
const TIME_LIMIT_KEY = 'blastograde:image-time-limit-ms';

/**
 * Peak resident memory (VmHWM from /proc) of each renderer process of this
 * browser, found through CDP SystemInfo.getProcessInfo. The renderer holds the
 * page and its dedicated workers (decoders, OpenCV, tfjs), so this is the
 * tab's real footprint, wasm memories and pixel buffers included, at its worst moment.
 */
async function rendererPeakBytes(browser: Browser): Promise<number[]> {
  const cdp = await browser.newBrowserCDPSession();
  const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
  await cdp.detach();
  return processInfo
    .filter((p) => p.type === 'renderer' && existsSync(`/proc/${p.id}/status`))
    .map((p) => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${p.id}/status`, 'utf8'))?.[1] ?? 0) * 1024);
}

/** Messages that are raw JavaScript errors rather than a sentence for the user. */
const RAW_ERROR = /RangeError|TypeError|ReferenceError|Invalid typed array|undefined|\[object|could not decode: |preprocessing failed: |:\s*$/;

/** The corpus' contract (its generator is written alongside the decoders). */
interface HostileFile { name: string; bytes: Uint8Array; expect: string; why: string }

const phantoms = (n: number) => demoBatch(DEMO_SEED).slice(0, n).map((f) => tempFile(f.name, f.png));

describe('a hostile batch in the browser', { skip: existsSync(CORPUS) ? false : `no hostile corpus yet at ${CORPUS}` }, () => {
  let s: Session;
  let crashed: Promise<never>;
  before(async () => {
    s = await openApp();
    crashed = new Promise((_, reject) => s.page.once('crash', () => reject(new Error('the tab crashed'))));
    crashed.catch(() => undefined);
  });
  after(async () => { await s?.close(); await stopServer(); });

  it('each crafted file ends in error with a specific message; the genuine images are graded; memory stays under 1.5 GB', async () => {
    const { hostileCorpus } = (await import(CORPUS)) as { hostileCorpus(): HostileFile[] };
    const corpus = hostileCorpus();
    const hostile = corpus.map((c) => ({ ...c, file: tempFile(c.name, c.bytes) }));
    const genuine = phantoms(3);
    const files = [...genuine, ...hostile.map((h) => h.file)];
    const started = Date.now();
    await dropFiles(s.page, files);
    await Promise.race([waitForBatch(s.page, files.length, 300_000), crashed]);
    const seconds = (Date.now() - started) / 1000;
    const byFile = new Map((await readRows(s.page)).map((r) => [r.file, r]));
    for (const f of genuine) assert.equal(byFile.get(f.name)?.status, 'done', `${f.name}: ${byFile.get(f.name)?.error}`);
    for (const h of hostile) {
      const row = byFile.get(h.name);
      assert.ok(row, `${h.name} has a row`);
      if (h.expect === 'ok') {
        assert.notEqual(row.status, 'queued', `${h.name} (${h.why})`);
        continue;
      }
      assert.equal(row.status, 'error', `${h.name} (${h.why}) should end in error, is ${row.status}`);
      assert.ok(row.error && !RAW_ERROR.test(row.error), `${h.name} (${h.why}): "${row.error}" is not a specific message`);
    }
    const peaks = await rendererPeakBytes(s.browser);
    const peak = Math.max(...peaks);
    console.log(`hostile batch: ${hostile.length} crafted + ${genuine.length} genuine files in ${seconds.toFixed(1)} s; renderer peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB`);
    for (const h of hostile) console.log(`  ${h.name}: ${byFile.get(h.name)?.status} ${byFile.get(h.name)?.error ?? ''}`);
    assert.ok(peaks.length > 0, 'found the renderer process');
    assert.ok(peak < MEMORY_LIMIT, `renderer peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB is over 1.5 GB`);
    assert.deepEqual(s.offsiteRequests, []);
  });
});

describe('an image that runs past the time limit', () => {
  let s: Session;
  before(async () => { s = await openApp(); });
  after(async () => { await s?.close(); await stopServer(); });

  it('ends in error with Retry, stays in error over a reload, and Retry processes it on a fresh worker', async () => {
    const { page } = s;
    // A limit no image can meet stands in for a decoder that never returns.
    await page.evaluate((key) => localStorage.setItem(key, '5'), TIME_LIMIT_KEY);
    await page.reload();
    const [file] = phantoms(1);
    await dropFiles(page, [file]);
    await waitForBatch(page, 1, 120_000);
    const row = page.locator(`[data-testid="embryo"][data-file="${file.name}"]`);
    assert.equal(await row.getAttribute('data-status'), 'error');
    assert.equal(
      await row.getAttribute('data-error'),
      'processing this image took longer than 5 ms and was stopped; the file may be crafted or damaged',
    );
    assert.equal(await row.getByTestId('retry').count(), 1);

    // Back to the normal limit: a reload does not queue the stopped image again...
    await page.evaluate((key) => localStorage.removeItem(key), TIME_LIMIT_KEY);
    await page.reload();
    await waitForBatch(page, 1, 60_000);
    await page.waitForTimeout(1000);
    assert.equal(await row.getAttribute('data-status'), 'error');
    // ...and Retry runs it to the end.
    await row.getByTestId('retry').click();
    await eventually(async () => assert.equal(await row.getAttribute('data-status'), 'done', `${await row.getAttribute('data-error')}`), 300_000);
    assert.deepEqual(s.failedResponses, [], 'no request failed');
  });
});
