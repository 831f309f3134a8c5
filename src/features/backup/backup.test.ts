import { unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { BACKUP_TABLES, BackupError, type BackupTable } from './format';
import { planMerge, planTable, summarise } from './merge';
import { materialise, toPortable, type PortableRecord } from './portable';
import { openRestorable } from './restorable';
import { sha256Hex } from './sha256';
import { writeBackup, backupFileName, type LabSource } from './write';
import { memoryLab } from './testing/memory-lab';
import { blobSource } from './zip-directory';

const image = (id: string, notes = '', decision = 'undecided') => ({
  id, batchId: 'b1', index: 0, fileName: `${id}.png`, contentHash: `h-${id}`, notes, decision,
  original: new Blob([new Uint8Array([1, 2, 3, id.length])], { type: 'image/png' }),
  thumbnail: null, updatedAt: '2026-12-06T00:00:00.000Z',
});

async function backupBytes(source: LabSource): Promise<{ chunks: Uint8Array[]; bytes: Uint8Array }> {
  const chunks: Uint8Array[] = [];
  await writeBackup(source, { appVersion: 'test', sink: (c) => chunks.push(c), now: () => new Date('2026-12-06T04:00:00Z') });
  const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) { bytes.set(c, at); at += c.length; }
  return { chunks, bytes };
}

const asFile = (bytes: Uint8Array) => new Blob([bytes as Uint8Array<ArrayBuffer>]);
/** The backup opened as the app opens a picked file. */
const openBackup = (file: Blob, onProgress?: Parameters<typeof openRestorable>[1]) => openRestorable(blobSource(file), onProgress);

const portableImages = (records: object[]) => Promise.all(records.map((r) => toPortable(r, null)));

describe('backup file', () => {
  const source = memoryLab({
    batches: [{ id: 'b1', patientId: 'P', cycleId: 'C', updatedAt: 'x' }],
    images: [image('i1', 'looks good', 'transfer'), image('i2'), image('i1-copy')],
    audit: [{ id: 7, batchId: 'b1', imageId: 'i1', at: 't', who: 'E', action: 'edit', field: 'notes', from: '', to: 'looks good', modelId: null }],
    models: [{ id: 'm1', card: { id: 'm1' }, files: { 'w.bin': new Uint8Array([9, 9, 9]).buffer } }],
  });

  it('is written and read back, with every record and blob (chunked writing: zip64.test.ts)', async () => {
    const progress: number[] = [];
    const chunks: Uint8Array[] = [];
    const manifest = await writeBackup(source, { appVersion: '0.1.0', sink: (c) => chunks.push(c), onProgress: (p) => progress.push(p.done) });
    expect(chunks.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toBe(6);
    expect(manifest.counts).toEqual({ batches: 1, images: 3, audit: 1, examples: 0, models: 1 });
    const { bytes } = await backupBytes(source);
    const read = await openBackup(asFile(bytes));
    expect(read.records.images.map((r) => r.id)).toEqual(['i1', 'i2', 'i1-copy']);
    const [back] = await materialise<ReturnType<typeof image>>(read.records.images.slice(0, 1), read.blob);
    expect(new Uint8Array(await back!.original.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3, 2]));
    expect(back!.original.type).toBe('image/png');
    const [model] = await materialise<{ files: Record<string, ArrayBuffer> }>(read.records.models, read.blob);
    expect(new Uint8Array(model!.files['w.bin']!)).toEqual(new Uint8Array([9, 9, 9]));
  });

  it('stops reading the lab when the file cannot take more (the sink fails), and fails with its reason', async () => {
    const audit = Array.from({ length: 400 }, (_, i) => ({ id: i, note: 'x'.repeat(20_000) }));
    let read = 0;
    let closed = false;
    const lab = memoryLab({ audit });
    const counted = { ...lab, audit: { count: lab.audit.count, async *records() {
      try { for await (const r of lab.audit.records()) { read++; yield r; } } finally { closed = true; }
    } } };
    let chunks = 0;
    const full = new Error('The disk is full.');
    const sink = () => { if (++chunks === 2) throw full; };
    await expect(writeBackup(counted, { appVersion: 'test', sink })).rejects.toBe(full);
    expect(chunks).toBe(2);
    // About 1 MiB a chunk, 20 kB a record: the writer stopped near the second chunk, not at the end.
    expect(read).toBeLessThan(200);
    // The lab's reading was ended (its cursor let go), not left suspended.
    await new Promise((r) => setTimeout(r, 0));
    expect(closed).toBe(true);
  });

  it('keeps one blob for bytes shared by records', async () => {
    const same = memoryLab({ images: [image('a'), { ...image('b'), original: new Blob([new Uint8Array([1, 2, 3, 1])], { type: 'image/png' }) }] });
    const { bytes } = await backupBytes(same);
    const read = await openBackup(asFile(bytes));
    expect(read.manifest.blobCount).toBe(1);
  });

  it('refuses an altered entry, an extra entry, a missing one and a non-zip, naming the problem, before anything is handed on', async () => {
    const { bytes } = await backupBytes(source);
    const files = unzipSync(bytes);
    const record = Object.keys(files).find((p) => p.startsWith('records/images/'))!;
    const tampered = { ...files, [record]: new TextEncoder().encode(new TextDecoder().decode(files[record]).replace('looks good', 'looks bad')) };
    await expect(openBackup(asFile(zipSync(tampered)))).rejects.toMatchObject({ code: 'hash-mismatch', message: expect.stringMatching(new RegExp(`"${record}" does not match its sha256 in the manifest\\. Nothing was restored\\.$`)) });
    await expect(openBackup(asFile(zipSync({ ...files, 'records/images/999999.json': new Uint8Array([1]) })))).rejects.toMatchObject({ code: 'unlisted-entry', message: expect.stringContaining('Nothing was restored.') });
    const { [record]: _dropped, ...missing } = files;
    await expect(openBackup(asFile(zipSync(missing)))).rejects.toMatchObject({ code: 'missing-entry', message: expect.stringContaining(record) });
    await expect(openBackup(asFile(new TextEncoder().encode('hello, not a zip')))).rejects.toMatchObject({ code: 'not-a-zip' });
    await expect(openBackup(asFile(bytes.slice(0, Math.floor(bytes.length / 2))))).rejects.toMatchObject({ code: 'truncated' });
  });

  it('names the file by date', () => {
    expect(backupFileName(new Date('2026-12-06T04:00:00Z'))).toBe('blastograde-lab-2026-12-06.zip');
  });
});

describe('merge rules', () => {
  const empty = () => Object.fromEntries(BACKUP_TABLES.map((t) => [t, [] as PortableRecord[]])) as Record<BackupTable, PortableRecord[]>;

  it('adds what is absent, skips what is identical, and never overwrites a local record that differs', async () => {
    const backup = { ...empty(), images: await portableImages([image('i1', 'from backup', 'transfer'), image('i2'), image('i3')]) };
    const local = { ...empty(), images: await portableImages([image('i1', 'typed here later', 'freeze'), image('i2')]) };
    const plan = planMerge(backup, local);
    expect(plan.images.add.map((r) => r.id)).toEqual(['i3']);
    expect(plan.images.identical).toBe(1);
    expect(plan.images.conflicts).toHaveLength(1);
    expect(plan.images.conflicts[0]).toMatchObject({ table: 'images', key: 'i1', local: { notes: 'typed here later', decision: 'freeze' }, backup: { notes: 'from backup' } });
    const summary = summarise(plan);
    expect(summary.added.images).toBe(1);
    expect(summary.identical.images).toBe(1);
  });

  it('restoring the same backup twice adds nothing the second time', async () => {
    const backup = { ...empty(), images: await portableImages([image('i1'), image('i2')]),
      audit: [{ id: 1, batchId: 'b1', imageId: 'i1', at: 't', field: 'notes', to: 'x' }] as PortableRecord[] };
    const first = planMerge(backup, empty());
    expect(first.images.add).toHaveLength(2);
    // The audit entry is added without its backup's local id (the profile numbers its own).
    expect(first.audit.add).toEqual([{ batchId: 'b1', imageId: 'i1', at: 't', field: 'notes', to: 'x' }]);
    const afterFirst = { ...empty(), images: first.images.add, audit: first.audit.add.map((a, i) => ({ ...a, id: 100 + i })) };
    const second = summarise(planMerge(backup, afterFirst));
    expect(Object.values(second.added).every((n) => n === 0)).toBe(true);
    expect(second.identical).toMatchObject({ images: 2, audit: 1 });
    expect(second.conflicts).toEqual([]);
  });

  it('compares blobs by content: the same bytes in another Blob are identical, other bytes conflict', async () => {
    const a = await toPortable(image('i1'), null);
    const same = await toPortable({ ...image('i1'), original: new Blob([new Uint8Array([1, 2, 3, 2])], { type: 'image/png' }) }, null);
    const other = await toPortable({ ...image('i1'), original: new Blob([new Uint8Array([0])], { type: 'image/png' }) }, null);
    expect(planTable('images', [a], [same]).identical).toBe(1);
    expect(planTable('images', [a], [other]).conflicts).toHaveLength(1);
  });

  it('adds a record the backup holds twice only once', async () => {
    const twice = await portableImages([image('i1'), image('i1')]);
    expect(planTable('images', twice, []).add).toHaveLength(1);
  });
});

describe('reading a backup file entry by entry (openBackup)', () => {
  const source = memoryLab({
    batches: [{ id: 'b1', patientId: 'P' }],
    images: [image('i1', 'looks good', 'transfer'), image('i2')],
    examples: [{ key: 'k1', fileName: 'a.jpg', original: new Blob([new Uint8Array([5, 5])], { type: 'image/jpeg' }), labels: { outcome: 1 } }],
    models: [{ id: 'm1', savedAt: 's', card: { id: 'm1' }, files: { 'w.bin': new Uint8Array([9, 9, 9]).buffer } }],
  });
  it('holds the records, checks every entry first (with progress), and hands blobs out on demand', async () => {
    const { bytes } = await backupBytes(source);
    const progress: [number, number][] = [];
    const opened = await openBackup(asFile(bytes), (p) => progress.push([p.done, p.total]));
    const entries = Object.keys(opened.manifest.entries).length;
    expect(progress[0]).toEqual([0, entries]);
    expect(progress.at(-1)).toEqual([entries, entries]);
    expect(opened.manifest.formatVersion).toBe(2);
    expect(Object.fromEntries(BACKUP_TABLES.map((t) => [t, opened.records[t].length]))).toEqual({ batches: 1, images: 2, audit: 0, examples: 1, models: 1 });
    const model = opened.records.models[0]!;
    const weights = (model.files as Record<string, { $blob: string }>)['w.bin']!.$blob;
    expect(await opened.blob(weights)).toEqual(new Uint8Array([9, 9, 9]));
  });

  it('refuses an altered entry before handing anything out, and a file that is not a zip or is cut short', async () => {
    const { bytes } = await backupBytes(source);
    const files = unzipSync(bytes);
    const record = Object.keys(files).find((p) => p.startsWith('records/examples/'))!;
    const tampered = { ...files, [record]: new TextEncoder().encode(new TextDecoder().decode(files[record]).replace('"outcome":1', '"outcome":0')) };
    await expect(openBackup(asFile(zipSync(tampered)))).rejects.toMatchObject({ code: 'hash-mismatch', message: expect.stringContaining(record) });
    await expect(openBackup(asFile(zipSync({ ...files, 'extra.txt': new Uint8Array([1]) })))).rejects.toMatchObject({ code: 'unlisted-entry' });
    // Listed and matching, but of a kind this version does not know: the CLI lists it, a restore refuses it.
    const unknown = JSON.parse(new TextDecoder().decode(files['manifest.json']));
    unknown.entries['packages/p1/w.bin'] = await sha256Hex(new Uint8Array([1]));
    await expect(openBackup(asFile(zipSync({ ...files, 'packages/p1/w.bin': new Uint8Array([1]), 'manifest.json': new TextEncoder().encode(JSON.stringify(unknown)) }))))
      .rejects.toMatchObject({ code: 'bad-record', message: expect.stringContaining('packages/p1/w.bin') });
    await expect(openBackup(asFile(new TextEncoder().encode('hello, not a zip')))).rejects.toMatchObject({ code: 'not-a-zip' });
    await expect(openBackup(asFile(bytes.slice(0, bytes.length - 40)))).rejects.toBeInstanceOf(BackupError);
    await expect(openBackup(asFile(bytes.slice(40)))).rejects.toBeInstanceOf(BackupError);
  });

  it('reads a format-1 file (no examples, no models) as before', async () => {
    const { bytes } = await backupBytes(memoryLab({ images: [image('i1')] }));
    const files = unzipSync(bytes);
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json']));
    files['manifest.json'] = new TextEncoder().encode(JSON.stringify({ ...manifest, formatVersion: 1 }));
    const opened = await openBackup(asFile(zipSync(files)));
    expect(opened.manifest.formatVersion).toBe(1);
    expect([opened.records.images.length, opened.records.examples.length, opened.records.models.length]).toEqual([1, 0, 0]);
    files['manifest.json'] = new TextEncoder().encode(JSON.stringify({ ...manifest, formatVersion: 3 }));
    await expect(openBackup(asFile(zipSync(files)))).rejects.toMatchObject({ code: 'newer-version' });
  });
});

describe('merge rules for learned examples and model packages', () => {
  const example = (key: string, outcome: number, addedAt = 'a') => toPortable({ key, fileName: `${key}.jpg`, original: new Blob([new TextEncoder().encode(key)], { type: 'image/jpeg' }), labels: { outcome }, addedAt }, null);
  const model = (id: string, weights: number[]) => toPortable({ id, savedAt: 's', card: { id }, files: { 'w.bin': new Uint8Array(weights).buffer } }, null);

  it('an example is the same example by its image content hash (key): added when absent, kept here when its labels differ', async () => {
    const plan = planTable('examples', [await example('k1', 1), await example('k2', 0), await example('k3', 1)], [await example('k1', 1), await example('k2', 1)]);
    expect(plan.add.map((r) => r.key)).toEqual(['k3']);
    expect(plan.identical).toBe(1);
    expect(plan.conflicts.map((c) => [c.key, (c.local.labels as { outcome: number }).outcome, (c.backup.labels as { outcome: number }).outcome])).toEqual([['k2', 1, 0]]);
  });

  it('a model package is the same by id: identical weights are skipped, other weights under the same id conflict and are not applied', async () => {
    const plan = planTable('models', [await model('m1', [1, 2]), await model('m2', [3]), await model('m3', [4])], [await model('m1', [1, 2]), await model('m2', [30])]);
    expect(plan.add.map((r) => r.id)).toEqual(['m3']);
    expect(plan.identical).toBe(1);
    expect(plan.conflicts.map((c) => c.key)).toEqual(['m2']);
  });
});
