// Inference in the built app: the backend shown is a real choice, the app
// grades offline after one online start, and the browser agrees with the CLI.
// Runs once the app mounts the inference feature (ModelStatusBar: [data-testid="model-status"])
// and public/models/default holds a model; skips saying why before that.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import type { Page } from 'playwright-core';
import type { Prediction } from '../src/lib/types';
import { dropFiles, openApp, realImages, repoRoot, sharedData, stopServer, storedImages, waitForBatch, waitForModelReady, type Session } from './harness';

const defaultModel = join(repoRoot, 'public', 'models', 'default');
const skip = !existsSync(sharedData)
  ? `../shared/data not found at ${sharedData}: inference e2e tests skipped`
  : !existsSync(join(defaultModel, 'grading.json'))
    ? 'public/models/default has no model yet: inference e2e tests skipped'
    : false;

async function modelReady(page: Page, t: TestContext): Promise<boolean> {
  if ((await page.locator('[data-testid="model-status"]').count()) === 0) {
    t.skip('the app does not mount the inference ModelStatusBar yet');
    return false;
  }
  await waitForModelReady(page);
  return true;
}

describe('in-browser inference', { skip }, () => {
  let s: Session;
  before(async () => { s = await openApp(); });
  after(async () => { await s?.close(); await stopServer(); });

  it('shows the backend it chose: WASM here, where WebGPU/WebGL are SwiftShader', async (t) => {
    if (!(await modelReady(s.page, t))) return;
    assert.equal((await s.page.locator('[data-testid="backend"]').textContent())?.trim(), 'wasm');
    const reason = await s.page.locator('[data-testid="model-backend"]').getAttribute('title');
    assert.match(reason ?? '', /no real GPU/);
    assert.match(reason ?? '', /2 threads|\d+ threads/);
  });

  it('agrees with the CLI on 12 real images: same argmax, probabilities within 1e-3, same ranks as grade --rank', async (t) => {
    if (!(await modelReady(s.page, t))) return;
    const images = realImages().slice(0, 12);
    await dropFiles(s.page, images);
    await waitForBatch(s.page, images.length, 600_000);
    const browser = Object.fromEntries(Object.entries(await storedImages(s.page)).map(([name, r]) => [name, r.prediction]));
    const cli = spawnSync(process.execPath, [join(repoRoot, 'bin', 'blastograde.mjs'), 'grade', ...images.map((f) => f.path), '--model', defaultModel, '--json', '--rank'], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    assert.equal(cli.status, 0, cli.stderr);
    const records = JSON.parse(cli.stdout) as { file: string; ok: boolean; heads?: Prediction['heads']; modelHash: string; rank: number | null }[];
    // the page's rank of each file, as the embryologist sees it (empty when not ranked)
    const pageRanks = Object.fromEntries(
      await s.page.locator('[data-testid="embryo"]').evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-file'), r.getAttribute('data-rank')])),
    ) as Record<string, string | null>;
    for (const record of records) {
      const shown = pageRanks[basename(record.file)];
      assert.equal(shown ? Number(shown) : null, record.rank, `${record.file}: rank ${shown} in the app, ${record.rank} from grade --rank`);
    }
    let compared = 0;
    for (const record of records) {
      const mine = browser[basename(record.file)];
      if (!record.ok) {
        assert.equal(mine ?? null, null, `${record.file}: the CLI found no embryo but the browser graded it`);
        continue;
      }
      assert.ok(mine, `${record.file}: graded by the CLI, not by the browser`);
      assert.equal(mine.modelHash, record.modelHash);
      for (const head of record.heads!) {
        const other: Prediction['heads'][number] = mine.heads.find((h) => h.name === head.name)!;
        assert.equal(other.argmax, head.argmax, `${record.file} ${head.name}`);
        head.probabilities.forEach((p, i) => assert.ok(Math.abs(p - other.probabilities[i]!) <= 1e-3, `${record.file} ${head.name}[${i}]: ${p} vs ${other.probabilities[i]}`));
        // The views' agreement crosses the worker into storage; a view within 1e-3 of a tie may call otherwise.
        assert.equal(other.viewAgreement?.of, head.viewAgreement!.of, `${record.file} ${head.name}: views`);
        assert.ok(Math.abs(other.viewAgreement!.agree - head.viewAgreement!.agree) <= 1, `${record.file} ${head.name}: ${other.viewAgreement!.agree} vs ${head.viewAgreement!.agree} views agree`);
      }
      compared++;
    }
    assert.ok(compared >= 10, `only ${compared} images graded by both`);
  });

  it('grades a batch offline after one online start (service worker + cached model)', async (t) => {
    if (!(await modelReady(s.page, t))) return;
    await s.page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await s.context.setOffline(true);
    try {
      await s.page.reload();
      if (!(await modelReady(s.page, t))) return;
      assert.equal((await s.page.locator('[data-testid="backend"]').textContent())?.trim(), 'wasm');
      const before = await s.page.locator('[data-testid="embryo"]').count();
      const images = realImages().slice(12, 15);
      await dropFiles(s.page, images);
      await waitForBatch(s.page, before + images.length, 300_000);
      const stored = await storedImages(s.page);
      for (const f of images) assert.ok(stored[f.name]?.prediction?.heads.length, `${f.name} was not graded offline`);
    } finally {
      await s.context.setOffline(false);
    }
  });
});
