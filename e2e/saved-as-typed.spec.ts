// Nothing typed is lost: batch fields typed before "Start batch" survive a
// reload and are carried by the batch a drop creates; the last field or note
// typed just before a reload is there after it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import Papa from 'papaparse';
import { demoBatch, DEMO_SEED } from '../src/features/phantom';
import { dropFiles, exportDownload, eventually, openApp, readRows, stopServer, tempFile, waitForBatch, type Session } from './harness';

/** Audit entries the app stored, read straight from IndexedDB. */
async function storedAudit(s: Session): Promise<{ field: string; to: string | null }[]> {
  return s.page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('blastograde');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('audit').objectStore('audit').getAll();
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        };
      }),
  );
}

describe('saved as typed, through reloads and drops', () => {
  let s: Session;
  before(async () => { s = await openApp(); });
  after(async () => { await s?.close(); await stopServer(); });

  it('a patient ID typed without "Start batch" survives a reload, and the dropped files’ batch carries it', async () => {
    const { page } = s;
    await page.getByTestId('patient-id').fill('PT-DRAFT-7');
    await page.getByTestId('cycle-id').fill('C3');
    await page.reload(); // at once: no time for a debounce or a slow write

    await eventually(async () => assert.equal(await page.getByTestId('patient-id').inputValue(), 'PT-DRAFT-7'));
    assert.equal(await page.getByTestId('cycle-id').inputValue(), 'C3');
    assert.equal(await page.getByTestId('batch-item').count(), 0, 'no batch exists before the drop');

    const files = demoBatch(DEMO_SEED).slice(0, 2).map((f) => tempFile(f.name, f.png));
    await dropFiles(page, files);
    await waitForBatch(page, files.length, 300_000);
    assert.equal(await page.getByTestId('patient-id').inputValue(), 'PT-DRAFT-7', 'the field is not cleared by the drop');
    assert.match(await page.getByTestId('batch-item').innerText(), /PT-DRAFT-7 · C3/);

    const download = await exportDownload(page, 'csv');
    const csv = Papa.parse<Record<string, string>>(readFileSync(download.path, 'utf8').replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true });
    assert.equal(csv.data.length, files.length);
    assert.ok(csv.data.every((row) => row.patient_id === 'PT-DRAFT-7' && row.cycle_id === 'C3'), JSON.stringify(csv.data[0]));

    // The last field typed into the open batch right before a reload.
    await page.getByTestId('clinic').fill('North Clinic');
    await page.reload();
    await eventually(async () => assert.equal(await page.getByTestId('clinic').inputValue(), 'North Clinic'));
    assert.equal(await page.getByTestId('patient-id').inputValue(), 'PT-DRAFT-7');
  });

  it('a decision and a note entered just before a reload are there, with the note’s audit entry', async () => {
    const { page } = s;
    await eventually(async () => assert.equal((await readRows(page)).length, 2));
    const file = (await readRows(page))[0].file;
    const row = () => page.locator(`[data-testid="embryo"][data-file="${file}"]`);
    await row().getByTestId('decision').selectOption('transfer');
    await row().getByTestId('notes').fill('ICM compact; TE even');
    await page.reload();

    await eventually(async () => assert.equal(await row().getByTestId('notes').inputValue(), 'ICM compact; TE even'));
    assert.equal(await row().getByTestId('decision').inputValue(), 'transfer');
    // The note's audit entry waits for a pause in typing; the reload flushed it instead.
    const notes = (await storedAudit(s)).filter((a) => a.field === 'notes');
    assert.deepEqual(notes.map((a) => a.to), ['ICM compact; TE even']);
    assert.deepEqual(s.offsiteRequests, []);
  });
});
