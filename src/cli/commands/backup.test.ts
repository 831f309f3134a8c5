import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { BACKUP_TABLES, writeBackup, type BackupTable, type LabSource } from '../../features/backup/headless';
import { parseBatchJson } from '../../features/export';
import { outcomeModelFiles } from '../../features/inference/testing';
import type { BatchRecord, ImageRecord } from '../../lib/storage';
import { run } from './backup';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDir = () => { const d = mkdtempSync(join(tmpdir(), 'backup-cli-')); dirs.push(d); return d; };

const batch = (id: string, patientId: string): BatchRecord => ({ id, patientId, cycleId: 'C1', day: 'D5', embryologist: 'AB', clinic: '', createdAt: '2026-12-02T08:00:00.000Z', updatedAt: '2026-12-02T08:00:00.000Z' });
const image = (batchId: string, index: number, decision: ImageRecord['decision']): ImageRecord => ({
  id: `${batchId}-${index}`, batchId, index, fileName: `embryo-${index}.png`, contentHash: `${batchId}${index}`, byteSize: 300, status: 'error', error: 'no embryo found',
  warnings: [], width: null, height: null, original: new Blob([new TextEncoder().encode(`ORIGINAL-${batchId}-${index}`.repeat(20))], { type: 'image/png' }),
  thumbnail: null, crop: null, localisation: null, prediction: null, overrides: {}, decision, notes: `note ${index}`, updatedAt: '2026-12-02T09:00:00.000Z',
});

async function writeLab(file: string) {
  const files = await outcomeModelFiles({ id: 'lab-outcome' });
  const card = JSON.parse(new TextDecoder().decode(files['grading.json']));
  const tables: Partial<Record<BackupTable, object[]>> = {
    batches: [batch('b1', 'P-1'), batch('b2', 'P-2')],
    images: [image('b1', 0, 'transfer'), image('b1', 1, 'discard'), image('b2', 0, 'undecided')],
    models: [{ id: card.id, version: card.version, card, files: Object.fromEntries(Object.entries(files).map(([n, b]) => [n, b.slice().buffer])) }],
  };
  const source = Object.fromEntries(BACKUP_TABLES.map((t) => [t, { count: async () => tables[t]?.length ?? 0, async *records() { yield* tables[t] ?? []; } }])) as unknown as LabSource;
  const chunks: Uint8Array[] = [];
  await writeBackup(source, { appVersion: 'test', sink: (c) => chunks.push(c) });
  writeFileSync(file, Buffer.concat(chunks));
  return card as { id: string; version: string };
}

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((c) => ((stdout += String(c)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((c) => ((stderr += String(c)), true));
  try {
    return { code: await run(args), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('blastograde backup', () => {
  it('lists a verified backup as text and as JSON', async () => {
    const file = join(tempDir(), 'lab.zip');
    await writeLab(file);
    const text = await cli(['list', file]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/verified: all \d+ entries/);
    expect(text.stdout).toContain('holds 2 batches, 3 images, 0 audit entries, 0 learned examples, 1 models');
    expect(text.stdout).toMatch(/P-1 +C1 +D5 +2026-12-02 +2 +1 transfer · 0 freeze · 1 discard · 0 biopsy · 0 undecided/);
    const json = await cli(['list', file, '--json']);
    const summary = JSON.parse(json.stdout);
    expect(summary.counts).toEqual({ batches: 2, images: 3, audit: 0, examples: 0, models: 1 });
    expect(summary.batches.map((b: { patientId: string; images: number }) => [b.patientId, b.images])).toEqual([['P-1', 2], ['P-2', 1]]);
  });

  it('exports each batch as CSV and batch JSON, and the model as a package folder that loads', async () => {
    const dir = tempDir();
    const file = join(dir, 'lab.zip');
    const card = await writeLab(file);
    const out = join(dir, 'out');
    const result = await cli(['export', file, '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    const files = readdirSync(join(out, 'batches')).sort();
    expect(files).toHaveLength(4);
    const json = parseBatchJson<{ images: { notes: string; original: Uint8Array }[] }>(readFileSync(join(out, 'batches', files.find((f) => f.startsWith('gradesheet_P-1') && f.endsWith('.json'))!), 'utf8'));
    expect(json.sheet.rows.map((r) => [r.file, r.decision, r.notes])).toEqual([['embryo-0.png', 'transfer', 'note 0'], ['embryo-1.png', 'discard', 'note 1']]);
    expect(new TextDecoder().decode(json.batch!.images[1]!.original)).toBe('ORIGINAL-b1-1'.repeat(20));
    const csv = readFileSync(join(out, 'batches', files.find((f) => f.startsWith('gradesheet_P-2') && f.endsWith('.csv'))!), 'utf8');
    expect(csv).toContain('embryo-0.png');
    const summary = JSON.parse(result.stdout);
    expect(summary.models).toEqual([expect.objectContaining({ id: card.id, version: card.version, hash: expect.stringMatching(/^[0-9a-f]{64}$/) })]);
    expect(existsSync(join(summary.models[0].folder, 'grading.json'))).toBe(true);
    expect((await cli(['export', file, '--out', out])).code).toBe(1);
  });

  it('refuses a tampered or cut-short backup with a specific message and exit 1, writing nothing', async () => {
    const dir = tempDir();
    const file = join(dir, 'lab.zip');
    await writeLab(file);
    const bytes = readFileSync(file);
    const at = bytes.indexOf('ORIGINAL-b2-0');
    bytes[at] = 'X'.charCodeAt(0);
    writeFileSync(join(dir, 'tampered.zip'), bytes);
    const tampered = await cli(['export', join(dir, 'tampered.zip'), '--out', join(dir, 'out')]);
    expect(tampered.code).toBe(1);
    expect(tampered.stderr).toMatch(/blastograde backup: .*tampered\.zip: The backup is damaged or was altered: "blobs\/[0-9a-f]{64}" does not match its sha256 in the manifest\. \[hash-mismatch\]/);
    expect(existsSync(join(dir, 'out', 'batches'))).toBe(false);
    writeFileSync(join(dir, 'cut.zip'), readFileSync(file).subarray(0, 2000));
    const cut = await cli(['list', join(dir, 'cut.zip')]);
    expect(cut.code).toBe(1);
    expect(cut.stderr).toContain('cut short');
    expect(cut.stderr).toContain('[truncated]');
    expect((await cli(['list'])).code).toBe(2);
    expect((await cli(['restore', file])).code).toBe(2);
  });
});
