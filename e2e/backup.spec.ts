// The whole-lab backup end to end: grade the 12-phantom demo batch, decide and note, back the lab
// up (the zip parsed here with fflate, every entry checked against the manifest's sha256; then
// again into a file picked where the browser can save to one),
// restore it into a fresh browser profile (rows, decisions, notes and the CSV identical), restore
// it again there (all skipped, nothing duplicated), and refuse a tampered copy.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { unzipSync, zipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { eventually, exportDownload, openApp, openBatchView, openLab, readRows, tempFile, waitForBatch, type Session } from './harness';
import { gradedDemoBatch } from './helpers/demo-batch';

const NOTE = 'backup note: check ICM';

async function rowsWithEdits(page: Page) {
  const rows = await readRows(page);
  const extra = await page.locator('[data-testid="embryo"]').evaluateAll((els) =>
    els.map((el) => ({
      decision: (el.querySelector('[data-testid="decision"]') as HTMLSelectElement).value,
      notes: (el.querySelector('[data-testid="notes"]') as HTMLTextAreaElement).value,
    })),
  );
  return rows.map((r, i) => ({ ...r, ...extra[i] }));
}

async function restoreFile(page: Page, path: string) {
  await openLab(page);
  await page.getByTestId('lab-restore-input').setInputFiles(path);
}

describe('whole-lab backup and restore', () => {
  const session = gradedDemoBatch();
  let fresh: Session | undefined;
  let backupPath = '';
  let csv = '';
  let before: Awaited<ReturnType<typeof rowsWithEdits>> = [];
  after(async () => { await fresh?.close(); });

  it('backs up the graded, decided and noted lab as a zip whose entries match the manifest', async () => {
    const { page } = session();
    const file = await page.locator('[data-testid="embryo"]').first().getAttribute('data-file');
    const row = page.locator(`[data-testid="embryo"][data-file="${file}"]`);
    await row.getByTestId('decision').selectOption('transfer');
    await row.getByTestId('notes').fill(NOTE);
    await row.getByTestId('notes').blur();
    await page.waitForTimeout(1500);
    before = await rowsWithEdits(page);
    csv = readFileSync((await exportDownload(page, 'csv')).path, 'utf8');

    await openLab(page);
    const started = Date.now();
    const download = page.waitForEvent('download');
    await page.getByTestId('lab-backup').click();
    const done = await download;
    const ms = Date.now() - started;
    backupPath = (await done.path())!;
    assert.match(done.suggestedFilename(), /^blastograde-lab-\d{4}-\d{2}-\d{2}\.zip$/);
    const bytes = readFileSync(backupPath);
    const entries = unzipSync(bytes);
    const manifest = JSON.parse(Buffer.from(entries['manifest.json']!).toString('utf8'));
    assert.equal(manifest.format, 'blastograde-lab-backup');
    assert.equal(manifest.formatVersion, 2);
    assert.deepEqual({ batches: manifest.counts.batches, images: manifest.counts.images }, { batches: 1, images: 12 });
    assert.ok(manifest.counts.audit >= 2, `audit entries ${manifest.counts.audit}`);
    const names = Object.keys(entries).filter((n) => n !== 'manifest.json').sort();
    assert.deepEqual(names, Object.keys(manifest.entries).sort());
    for (const name of names) assert.equal(createHash('sha256').update(entries[name]!).digest('hex'), manifest.entries[name], name);
    // Each image's original bytes are there under their content hash.
    const images = names.filter((n) => n.startsWith('records/images/')).map((n) => JSON.parse(Buffer.from(entries[n]!).toString('utf8')));
    for (const image of images) assert.ok(entries[`blobs/${image.contentHash}`], `original of ${image.fileName}`);
    console.log(`# backup: ${statSync(backupPath).size} bytes, ${names.length + 1} entries, ${manifest.blobCount} blobs, ${ms} ms (click to download)`);
  });

  it('streams into a file the user picks, where the browser can save to one: the same entries as the download', async () => {
    const { page } = session();
    // The OS dialog cannot be driven headless: the picker given to the page hands back a real
    // file handle in the origin's private file system, which the app writes to as it would to
    // the file the user picked.
    await page.evaluate(() => {
      (window as unknown as { showSaveFilePicker: (o: { suggestedName: string }) => Promise<FileSystemFileHandle> }).showSaveFilePicker = async ({ suggestedName }) =>
        (await navigator.storage.getDirectory()).getFileHandle(suggestedName, { create: true });
    });
    await page.getByTestId('lab-backup').click();
    const saved = await page.getByTestId('lab-backup-saved').textContent({ timeout: 60_000 });
    const name = /Backup written: (blastograde-lab-\d{4}-\d{2}-\d{2}\.zip)\./.exec(saved ?? '')?.[1];
    assert.ok(name, `saved as: ${saved}`);
    const base64 = await page.evaluate(async (file) => {
      const blob = await (await (await navigator.storage.getDirectory()).getFileHandle(file)).getFile();
      return new Promise<string>((resolve) => {
        const reader = new FileReader();
        reader.onload = () => resolve((reader.result as string).split(',')[1]!);
        reader.readAsDataURL(blob);
      });
    }, name);
    const streamed = unzipSync(Buffer.from(base64, 'base64'));
    const downloaded = unzipSync(readFileSync(backupPath));
    const manifest = JSON.parse(Buffer.from(streamed['manifest.json']!).toString('utf8'));
    assert.deepEqual(Object.keys(streamed).sort(), Object.keys(downloaded).sort());
    for (const [entry, bytes] of Object.entries(streamed)) {
      if (entry !== 'manifest.json') assert.equal(createHash('sha256').update(bytes).digest('hex'), manifest.entries[entry], entry);
    }
    assert.deepEqual(manifest.counts, JSON.parse(Buffer.from(downloaded['manifest.json']!).toString('utf8')).counts);
  });

  it('a backup that fails part way leaves no file behind and says so', async () => {
    const { page } = session();
    // The picked file's stream is the browser's own; the disk "fills" on the third chunk. A plain
    // object with the two members the app uses stands for the handle (a handle's `name` is a
    // getter that cannot be overridden). A string, not a function: tsx's name-keeping helper
    // (__name) does not exist in the page.
    await page.evaluate(`window.showSaveFilePicker = async () => {
      const handle = await (await navigator.storage.getDirectory()).getFileHandle('failing.zip', { create: true });
      return {
        name: handle.name,
        async createWritable() {
          const writable = await handle.createWritable();
          const write = writable.write.bind(writable);
          let chunks = 0;
          writable.write = (data) => (++chunks === 3 ? Promise.reject(new DOMException('The disk is full.', 'QuotaExceededError')) : write(data));
          return writable;
        },
      };
    }`);
    await page.getByTestId('lab-backup').click();
    const notice = page.getByTestId('notice').filter({ hasText: 'The backup could not be written' });
    assert.match(await notice.textContent({ timeout: 60_000 }) ?? '', /The disk is full\..*nothing was kept/);
    const size = await page.evaluate(async () => (await (await (await navigator.storage.getDirectory()).getFileHandle('failing.zip')).getFile()).size);
    assert.equal(size, 0, 'the picked file holds no part of the failed backup');
    assert.equal(await page.getByTestId('lab-backup-saved').count(), 0);
    assert.ok(await page.getByTestId('lab-backup').isEnabled());
  });

  it('restores into a fresh profile: the batch, rows, decisions, notes and the CSV are the same', async () => {
    fresh = await openApp();
    const { page } = fresh;
    const started = Date.now();
    await restoreFile(page, backupPath);
    const report = page.getByTestId('lab-restore-report');
    await report.waitFor({ timeout: 60_000 });
    console.log(`# restore into a fresh profile: ${Date.now() - started} ms`);
    assert.match(await page.getByTestId('lab-restore-added').textContent() ?? '', /1 batches, 12 images, \d+ audit entries/);
    assert.match(await page.getByTestId('lab-restore-conflicts').textContent() ?? '', /No conflicts/);
    await openBatchView(page);
    await waitForBatch(page, 12, 60_000);
    // Ranks appear once the fresh profile's model has loaded (the ranking waits for it).
    await eventually(async () => assert.deepEqual(await rowsWithEdits(page), before), 120_000);
    assert.equal(readFileSync((await exportDownload(page, 'csv')).path, 'utf8'), csv);
  });

  it('restored again onto itself, adds nothing: every record is skipped as identical', async () => {
    const { page } = fresh!;
    await restoreFile(page, backupPath);
    await page.getByTestId('lab-restore-identical').filter({ hasText: /12 images/ }).waitFor({ timeout: 60_000 });
    assert.match(await page.getByTestId('lab-restore-added').textContent() ?? '', /Added: nothing\./);
    assert.match(await page.getByTestId('lab-restore-identical').textContent() ?? '', /1 batches, 12 images, \d+ audit entries/);
    await openBatchView(page);
    assert.equal((await readRows(page)).length, 12);
  });

  it('refuses a tampered backup with a specific message and writes nothing', async () => {
    const { page } = fresh!;
    const entries = unzipSync(readFileSync(backupPath));
    const record = Object.keys(entries).find((n) => n.startsWith('records/images/'))!;
    entries[record] = new TextEncoder().encode(Buffer.from(entries[record]!).toString('utf8').replace('"decision":"', '"decision":"x'));
    await restoreFile(page, tempFile('tampered.zip', zipSync(entries)).path);
    const refused = page.getByTestId('lab-restore-refused');
    await refused.waitFor({ timeout: 30_000 });
    assert.match(await refused.textContent() ?? '', new RegExp(`damaged or was altered: "${record}"`));
    await openBatchView(page);
    assert.equal((await readRows(page)).length, 12);
  });
});
