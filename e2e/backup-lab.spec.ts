// The whole lab in one backup (issue 25 point 3): three batches (the 12-phantom demo batch and 48
// of the clinic's real day-5 frames, 60 images), decisions and notes, 12 learned examples and the
// model learned from them. Backed up, restored into a fresh browser profile: every record and
// image identical by hash (a backup of the restored profile holds the same records and blobs as
// the original's, each entry checked here with node's sha256), each batch's grade sheet identical,
// the learned model listed, loadable and grading; restored again onto itself: nothing added.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import {
  dropFiles, eventually, exportDownload, openApp, openBatchView, openLab, openModelSettings, sharedData, stopServer, tempDir, waitForBatch,
  type Session, type TestFile,
} from './harness';
import { importedCount, importFiles, openLearnPanel } from './helpers/learn-panel';

const d5 = join(sharedData, 'real-signal', 'embryo-classification-d5');
const skip = existsSync(join(d5, 'labelled', 'labels.csv')) ? false : `${d5} not found: whole-lab backup e2e skipped`;

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const jpegs = (dir: string) => readdirSync(dir).filter((f) => /\.jpe?g$/i.test(f)).sort().map((f): TestFile => ({ name: f, path: join(dir, f) }));

/** 6 good and 6 not, distinct contents, as a label sheet in a folder of its own with its images. */
function learningArchive(): TestFile[] {
  const rows = readFileSync(join(d5, 'labelled', 'labels.csv'), 'utf8').trim().split(/\r?\n/).slice(1).map((l) => l.split(',') as [string, string]);
  const seen = new Set<string>();
  const picked: [string, string][] = [];
  for (const label of ['1', '0']) {
    for (const row of rows.filter((r) => r[1] === label)) {
      const hash = sha256(readFileSync(join(d5, 'labelled', row[0])));
      if (seen.has(hash)) continue;
      seen.add(hash);
      picked.push(row);
      if (picked.filter((r) => r[1] === label).length === 6) break;
    }
  }
  const sheet = join(tempDir(), 'labels.csv');
  writeFileSync(sheet, `file,good\n${picked.map((r) => r.join(',')).join('\n')}\n`);
  return [{ name: 'labels.csv', path: sheet }, ...picked.map(([f]) => ({ name: f, path: join(d5, 'labelled', f) }))];
}

const BATCHES = [
  { patient: 'DEMO', images: 12 },
  { patient: 'PT-BACKUP-2', cycle: 'C2', files: () => jpegs(join(d5, 'labelled')).slice(0, 24) },
  { patient: 'PT-BACKUP-3', cycle: 'C3', files: () => jpegs(join(d5, 'unlabelled')).slice(0, 24) },
];
const IMAGES = 60;

async function decideFirst(page: Page, decision: string, note: string) {
  const row = page.getByTestId('embryo').first();
  await row.getByTestId('decision').selectOption(decision);
  await row.getByTestId('notes').fill(note);
  await row.getByTestId('notes').blur();
  await eventually(async () => assert.equal(await row.getAttribute('data-decision'), decision));
}

/** Drops files onto a batch with a decision, as a new batch of its own patient. */
async function newBatch(page: Page, patient: string, cycle: string, files: TestFile[]) {
  await dropFiles(page, files, { fillIdentity: false });
  await page.getByTestId('drop-new').click();
  await page.getByTestId('identity-prompt').waitFor();
  await page.getByTestId('patient-id').fill(patient);
  await page.getByTestId('cycle-id').fill(cycle);
  await page.getByTestId('embryologist').fill('bk');
  await page.getByTestId('identity-grade').click();
  await waitForBatch(page, files.length, 400_000);
}

async function openBatchOf(page: Page, index: number, images: number) {
  await openBatchView(page);
  await page.getByTestId('batch-item').nth(index).getByRole('button').first().click();
  await waitForBatch(page, images, 120_000);
}

/** Each batch's CSV grade sheet, in the batch list's order (ranks need the model: retried until they are there). */
async function gradeSheets(page: Page, sizes: number[]): Promise<string[]> {
  const sheets: string[] = [];
  for (const [i, n] of sizes.entries()) {
    await openBatchOf(page, i, n);
    await page.waitForSelector('[data-testid="embryo"][data-rank="1"]', { timeout: 180_000 });
    sheets.push(readFileSync((await exportDownload(page, 'csv')).path, 'utf8'));
  }
  return sheets;
}

async function backUp(page: Page): Promise<{ path: string; bytes: Uint8Array; ms: number }> {
  await openLab(page);
  const started = Date.now();
  const download = page.waitForEvent('download');
  await page.getByTestId('lab-backup').click();
  const path = (await (await download).path())!;
  return { path, bytes: readFileSync(path), ms: Date.now() - started };
}

/** The backup's entries, each checked against the manifest's sha256 (and each blob against its name). */
function checkedEntries(bytes: Uint8Array) {
  const entries = unzipSync(bytes);
  const manifest = JSON.parse(Buffer.from(entries['manifest.json']!).toString('utf8'));
  const names = Object.keys(entries).filter((n) => n !== 'manifest.json').sort();
  assert.deepEqual(names, Object.keys(manifest.entries).sort());
  for (const name of names) {
    assert.equal(sha256(entries[name]!), manifest.entries[name], name);
    if (name.startsWith('blobs/')) assert.equal(`blobs/${sha256(entries[name]!)}`, name);
  }
  return { entries, manifest, names };
}

/** Every record of the backup by table, as sorted canonical JSON (audit entries without their local id). */
function recordsOf(bytes: Uint8Array): Record<string, string[]> {
  const { entries, names } = checkedEntries(bytes);
  const out: Record<string, string[]> = {};
  const canonical = (v: unknown): string => Array.isArray(v) ? `[${v.map(canonical).join(',')}]`
    : v && typeof v === 'object' ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}` : JSON.stringify(v);
  for (const name of names.filter((n) => n.startsWith('records/'))) {
    const table = name.split('/')[1]!;
    const record = JSON.parse(Buffer.from(entries[name]!).toString('utf8'));
    if (table === 'audit') delete record.id;
    (out[table] ??= []).push(canonical(record));
  }
  for (const t of Object.keys(out)) out[t]!.sort();
  out.blobs = names.filter((n) => n.startsWith('blobs/'));
  return out;
}

const restoreCount = async (page: Page, testId: string) => (await page.getByTestId(testId).textContent()) ?? '';

describe('whole-lab backup: three batches, learned examples and a learned model', { skip }, () => {
  let lab: Session;
  let fresh: Session | undefined;
  let modelId = '';
  let sheets: string[] = [];
  let sizes: number[] = [];
  let backup: { path: string; bytes: Uint8Array; ms: number };
  before(async () => { lab = await openApp(); });
  after(async () => { await lab?.close(); await fresh?.close(); await stopServer(); });

  it('builds the lab: three graded batches with decisions and notes, 12 learned examples and a model learned from them', { timeout: 900_000 }, async () => {
    const { page } = lab;
    const started = Date.now();
    await page.getByTestId('demo-batch').click();
    await waitForBatch(page, BATCHES[0]!.images!, 400_000);
    await decideFirst(page, 'transfer', 'backup: demo note');
    for (const b of BATCHES.slice(1)) {
      await newBatch(page, b.patient, b.cycle!, b.files!());
      await decideFirst(page, 'freeze', `backup: ${b.patient}`);
    }
    console.log(`# ${IMAGES} images graded in 3 batches: ${((Date.now() - started) / 1000).toFixed(0)} s`);
    await openLearnPanel(page);
    const imported = await importFiles(page, learningArchive());
    assert.ok(imported.ok, imported.text);
    assert.equal(await importedCount(page), 12);
    const training = Date.now();
    await page.getByTestId('learn-train').click();
    await page.waitForSelector('[data-testid="learn-report"], [data-testid="learn-error"]', { timeout: 600_000 });
    assert.equal(await page.getByTestId('learn-error').count(), 0, (await page.getByTestId('learn-error').textContent().catch(() => '')) ?? '');
    modelId = (await page.getByTestId('learn-report').getAttribute('data-model-id'))!;
    console.log(`# learned model ${modelId} from 12 examples: ${((Date.now() - training) / 1000).toFixed(0)} s`);
    sizes = [];
    await openBatchView(page);
    assert.equal(await page.getByTestId('batch-item').count(), 3);
    // The list's order (newest first): each batch's size from its own view.
    for (let i = 0; i < 3; i++) {
      await page.getByTestId('batch-item').nth(i).getByRole('button').first().click();
      await eventually(async () => assert.ok((await page.getByTestId('embryo').count()) > 0));
      await page.waitForTimeout(300);
      sizes.push(await page.getByTestId('embryo').count());
    }
    assert.deepEqual([...sizes].sort((a, b) => a - b), [12, 24, 24]);
    sheets = await gradeSheets(page, sizes);
  });

  it('backs up the whole lab in one file whose every entry matches the manifest', async () => {
    backup = await backUp(lab.page);
    const { manifest } = checkedEntries(backup.bytes);
    assert.equal(manifest.formatVersion, 2);
    assert.deepEqual({ ...manifest.counts, audit: 0 }, { batches: 3, images: IMAGES, audit: 0, examples: 12, models: 1 });
    assert.ok(manifest.counts.audit >= 6, `audit entries ${manifest.counts.audit}`);
    console.log(`# backup: ${backup.bytes.length} bytes, ${Object.keys(manifest.entries).length + 1} entries, ${manifest.blobCount} blobs, ${backup.ms} ms (click to download)`);
  });

  it('restores into a fresh profile: every record and image identical by hash, the grade sheets identical, the learned model there', { timeout: 600_000 }, async () => {
    fresh = await openApp();
    const { page } = fresh;
    await openLearnPanel(page);
    assert.equal(await importedCount(page), 0);
    const started = Date.now();
    await page.getByTestId('lab-restore-input').setInputFiles(backup.path);
    await page.getByTestId('lab-restore-report').waitFor({ timeout: 120_000 });
    console.log(`# restore of ${backup.bytes.length} bytes into a fresh profile: ${Date.now() - started} ms`);
    assert.match(await restoreCount(page, 'lab-restore-added'), new RegExp(`3 batches, ${IMAGES} images, \\d+ audit entries, 12 learned examples, 1 models`));
    assert.match(await restoreCount(page, 'lab-restore-conflicts'), /No conflicts/);
    // The Lab view's panels follow the restore without a reload: the learning panel's examples,
    // the model list, the batch list.
    await eventually(async () => assert.equal(await importedCount(page), 12), 10_000);
    const listed = await page.locator('[data-testid="model-select"] option').evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value));
    assert.ok(listed.includes(`user:${modelId}`), `the learned model is not listed after the restore: ${listed.join(', ')}`);
    await openBatchView(page);
    assert.equal(await page.getByTestId('batch-item').count(), 3);
    // A backup of the restored profile holds exactly the original's records and blobs.
    assert.deepEqual(recordsOf((await backUp(page)).bytes), recordsOf(backup.bytes));
    assert.deepEqual(await gradeSheets(page, sizes), sheets);
    await openModelSettings(page);
    const options = await page.locator('[data-testid="model-select"] option').evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value));
    assert.ok(options.includes(`user:${modelId}`), `the learned model is not listed: ${options.join(', ')}`);
  });

  it('restored again onto itself: nothing added, every record skipped as identical', async () => {
    const { page } = fresh!;
    await openLab(page);
    await page.getByTestId('lab-restore-input').setInputFiles(backup.path);
    await page.getByTestId('lab-restore-identical').filter({ hasText: /learned examples/ }).waitFor({ timeout: 120_000 });
    assert.match(await restoreCount(page, 'lab-restore-added'), /Added: nothing\./);
    assert.match(await restoreCount(page, 'lab-restore-identical'), new RegExp(`3 batches, ${IMAGES} images, \\d+ audit entries, 12 learned examples, 1 models`));
    await page.reload();
    await openLearnPanel(page);
    assert.equal(await importedCount(page), 12);
    await openBatchView(page);
    assert.equal(await page.getByTestId('batch-item').count(), 3);
    assert.equal(recordsOf((await backUp(page)).bytes).images!.length, IMAGES);
  });

  it('the restored learned model loads and grades', { timeout: 300_000 }, async () => {
    const { page } = fresh!;
    await openModelSettings(page);
    await page.locator('[data-testid="model-select"]').selectOption(`user:${modelId}`);
    await page.waitForSelector(`[data-testid="model-status"][data-state="ready"] [data-testid="model-id"]:text-is("${modelId}")`, { timeout: 180_000, state: 'attached' });
    await openBatchOf(page, 0, sizes[0]!);
    await decideFirst(page, 'discard', 'graded next with the restored model');
    const one = jpegs(join(d5, 'unlabelled')).slice(-1);
    await newBatch(page, 'PT-BACKUP-4', 'C4', one);
    const grade = await page.getByTestId('embryo').first().getAttribute('data-ai-grade');
    assert.match(grade ?? '', /^\d/, `grade "${grade}"`);
  });
});
