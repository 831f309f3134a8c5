import { unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { buildGradeSheet, toBatchJson, toCsv } from '../export';
import { defaultRankingOptions, effectiveRanking } from '../ranking';
import { rankImages, reviewedEmbryo } from '../review/headless';
import { batchSnapshot, type AuditRecord, type BatchRecord, type ImageRecord } from '../../lib/storage';
import type { HeadPrediction, Prediction } from '../../lib/types';
import { openBackup } from './archive';
import { exportBatch, modelPackageFiles } from './batch-export';
import { catalogBackup } from './catalog';
import { BackupError } from './format';
import { sha256Hex } from './sha256';
import { writeBackup } from './write';
import { memoryLab } from './testing/memory-lab';
import { blobSource } from './zip-directory';

const certain = (name: HeadPrediction['name'], classes: string[], label: string): HeadPrediction => ({
  name, classes, probabilities: classes.map((c) => (c === label ? 0.9 : 0.1 / (classes.length - 1))), argmax: label, lowConfidence: false,
});
const prediction = (expansion: string): Prediction => ({
  heads: [certain('expansion', ['3', '4', '5'], expansion), certain('icm', ['C', 'B', 'A'], 'B'), certain('te', ['C', 'B', 'A'], 'A')],
  modelId: 'lab-model', modelVersion: '1.0.0', modelHash: 'abc', intendedUse: 'test', backend: 'wasm', inferenceMs: 1,
});
const batch = (id: string, patientId: string): BatchRecord => ({ id, patientId, cycleId: `C-${id}`, day: 'D5', embryologist: 'AB', clinic: 'Lab', createdAt: '2026-12-01T09:00:00.000Z', updatedAt: '2026-12-01T10:00:00.000Z' });
/** A picture whose bytes say which image it is (distinct, findable in the zip). */
const picture = (tag: string) => new Blob([new TextEncoder().encode(`PICTURE-${tag}-`.repeat(40))], { type: 'image/png' });
const image = (batchId: string, index: number, extra: Partial<ImageRecord> = {}): ImageRecord => ({
  id: `${batchId}-i${index}`, batchId, index, fileName: `e${index}.png`, contentHash: `${batchId}${index}`, byteSize: 480, status: 'done', error: null,
  warnings: [], width: 64, height: 64, original: picture(`${batchId}-${index}`), thumbnail: picture(`${batchId}-${index}-t`), crop: picture(`${batchId}-${index}-c`),
  localisation: null, prediction: prediction(index % 2 ? '4' : '5'), overrides: {}, decision: 'undecided', notes: '', updatedAt: '2026-12-01T10:00:00.000Z',
  ...extra,
});
const audit = (id: number, batchId: string, imageId: string): AuditRecord => ({ id, batchId, imageId, at: '2026-12-01T10:00:00.000Z', who: 'AB', action: 'edit', field: 'decision', from: 'undecided', to: 'transfer', modelId: null });

const batches = [batch('b1', 'P-1'), batch('b2', 'P-2')];
const images = [
  image('b1', 0, { decision: 'transfer', notes: 'best' }), image('b1', 1, { decision: 'freeze', overrides: { te: 'B' } }),
  image('b1', 2, { status: 'error', error: 'not an image', prediction: null, thumbnail: null, crop: null }),
  image('b2', 0), image('b2', 1, { dish: 'D1', well: '3' }),
];
const audits = [audit(1, 'b1', 'b1-i0'), audit(2, 'b1', 'b1-i1')];
const modelFiles = { 'grading.json': new TextEncoder().encode('{"id":"lab-model"}').buffer, 'weights.bin': new Uint8Array([1, 2, 3, 4]).buffer };
const models = [{ id: 'lab-model', version: '1.0.0', card: { id: 'lab-model', version: '1.0.0' }, files: modelFiles }];

async function backupFile(): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  await writeBackup(memoryLab({ batches, images, audit: audits, models }), { appVersion: 'test', sink: (c) => chunks.push(c) });
  return new Uint8Array(await new Blob(chunks as Uint8Array<ArrayBuffer>[]).arrayBuffer());
}

const open = (bytes: Uint8Array) => openBackup(blobSource(new Blob([bytes as Uint8Array<ArrayBuffer>])));

/** The backup's entries re-zipped with `change` applied to them and to the manifest. */
async function rezip(bytes: Uint8Array, change: (files: Record<string, Uint8Array>, manifest: { formatVersion: number; entries: Record<string, string> }) => Promise<void>) {
  const files = unzipSync(bytes);
  const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json']));
  await change(files, manifest);
  files['manifest.json'] = new TextEncoder().encode(JSON.stringify(manifest));
  return zipSync(files);
}

describe('reading a backup file entry by entry', () => {
  it('lists its batches with image and decision counts, every table and the models, having checked every entry', async () => {
    const bytes = await backupFile();
    const progress: number[] = [];
    const { catalog } = await catalogBackup(await open(bytes), (p) => progress.push(p.entries));
    expect(catalog.counts).toEqual({ batches: 2, images: 5, audit: 2, examples: 0, models: 1 });
    expect(catalog.batches.map((b) => [b.id, b.patientId, b.cycleId, b.images, b.auditEntries])).toEqual([['b1', 'P-1', 'C-b1', 3, 2], ['b2', 'P-2', 'C-b2', 2, 0]]);
    expect(catalog.batches[0]!.decisions).toEqual({ transfer: 1, freeze: 1, undecided: 1 });
    expect(catalog.models).toEqual([{ id: 'lab-model', version: '1.0.0', files: ['grading.json', 'weights.bin'] }]);
    expect(catalog.blobs.count).toBe(5 + 4 + 4 + 2); // originals, thumbnails, crops, model files
    expect(catalog.unknownEntries).toEqual({});
    expect(catalog.newerFormat).toBe(false);
    expect(progress.at(-1)).toBe(2 + 5 + 2 + 1 + 15);
  });

  it("exports a batch's CSV and batch JSON with the bytes the app's own export gives for those records", async () => {
    const archive = await open(await backupFile());
    const { index } = await catalogBackup(archive);
    const exportedAt = new Date('2026-12-06T12:00:00.000Z');
    const got = await exportBatch(archive, index, 'b1', { cardOf: () => null, exportedAt });
    // What ExportBar does for batch b1 (ranking defaults, no card), from the original records.
    const mine = images.filter((i) => i.batchId === 'b1');
    const { options, leftOut } = effectiveRanking(defaultRankingOptions(), null);
    const ranked = rankImages(mine, options, 'D5');
    const sheet = await buildGradeSheet(batches[0]!, mine, mine.map((i) => reviewedEmbryo(i, ranked.get(i.id))), options, leftOut);
    expect(got.csv.text).toBe(toCsv(sheet));
    expect(got.json.text).toBe(toBatchJson(sheet, { batch: await batchSnapshot(batches[0]!, mine, audits), exportedAt: exportedAt.toISOString() }));
    expect(got.csv.name).toMatch(/^gradesheet_P-1_C-b1_\d{4}-\d{2}-\d{2}\.csv$/);
    expect(got.sheet.rows.map((r) => [r.file, r.decision])).toEqual([['e0.png', 'transfer'], ['e1.png', 'freeze'], ['e2.png', 'undecided']]);
  });

  it('gives back a model package as its files', async () => {
    const archive = await open(await backupFile());
    const { index } = await catalogBackup(archive);
    const pkg = await modelPackageFiles(archive, index.models[0]!);
    expect(pkg.id).toBe('lab-model');
    expect(pkg.files['weights.bin']).toEqual(new Uint8Array([1, 2, 3, 4]));
  });

  it('refuses a tampered entry, a truncated file, an unlisted entry and a non-zip, each with its own error', async () => {
    const bytes = await backupFile();
    // One byte of b2's second original changed in place (pictures are stored, not deflated).
    const tampered = bytes.slice();
    const marker = new TextEncoder().encode('PICTURE-b2-1-PICTURE');
    const at = Buffer.from(tampered).indexOf(Buffer.from(marker));
    expect(at).toBeGreaterThan(0);
    tampered[at + 8] = 'X'.charCodeAt(0);
    await expect(catalogBackup(await open(tampered))).rejects.toMatchObject({ code: 'hash-mismatch', message: expect.stringMatching(/^The backup is damaged or was altered: "blobs\/[0-9a-f]{64}"/) });

    await expect(open(bytes.slice(0, Math.floor(bytes.length * 0.6)))).rejects.toMatchObject({ code: 'truncated', message: expect.stringContaining('cut short') });
    await expect(open(new TextEncoder().encode('hello, not a zip'))).rejects.toMatchObject({ code: 'not-a-zip' });
    const extra = await rezip(bytes, async (files) => { files['records/images/999999.json'] = new Uint8Array([123, 125]); });
    await expect(open(extra)).rejects.toMatchObject({ code: 'unlisted-entry', message: expect.stringContaining('records/images/999999.json') });
    const missing = await rezip(bytes, async (files) => { delete files['records/audit/000000.json']; });
    await expect(open(missing)).rejects.toBeInstanceOf(BackupError);
  });

  it('reads a later format: unknown entry kinds are listed, not refused', async () => {
    const later = await rezip(await backupFile(), async (files, manifest) => {
      manifest.formatVersion = 99;
      for (const [path, body] of [['records/features/000000.json', '{"id":1}'], ['packages/p1/weights.bin', 'xyz']] as const) {
        files[path] = new TextEncoder().encode(body);
        manifest.entries[path] = await sha256Hex(files[path]!);
      }
    });
    const { catalog } = await catalogBackup(await open(later));
    expect(catalog.newerFormat).toBe(true);
    expect(catalog.unknownEntries).toEqual({ 'records/features': 1, packages: 1 });
    expect(catalog.counts.images).toBe(5);
  });
});
