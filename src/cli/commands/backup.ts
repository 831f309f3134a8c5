// `blastograde backup list FILE [--json]` and `blastograde backup export FILE --out DIR [--force]`:
// a lab backup written by the app, read a piece at a time from disk (its zip directory, then one
// entry at a time) and verified against its manifest's sha256s before anything is reported or
// written. The reading is the backup feature's; this file only opens files and writes folders.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  BackupError, backupModelCards, catalogBackup, exportBatch, modelPackageFiles, openBackup,
  type BackupArchive, type BackupCatalog, type BackupIndex, type BackupTable,
} from '../../features/backup/headless';
import type { ModelCard } from '../../features/inference/headless';
import { decisionSummary, type DecisionCounts } from '../../features/review/headless';
import { defineCommand, type CommandIo } from '../command';
import { DEFAULT_MODEL_DIR } from '../default-model';
import { openFileSource } from '../file-source';
import { isEmptyOrMissing } from '../output-folder';

const USAGE = `usage: blastograde backup list FILE [--json]
       blastograde backup export FILE --out DIR [--force]
  list     checks every entry of a lab backup (.zip from "Back up this lab") against its manifest's
           sha256, then lists its batches (patient, cycle, day, date, images, decisions) and the
           records it holds; a damaged, altered or cut-short file is refused (exit 1)
  export   checks it the same way, then writes each batch's grade sheet as the app exports it
           (DIR/batches/gradesheet_<patient>_<cycle>_<date>.csv and .json) and each model package
           it holds as a package folder (DIR/models/<id>-<version>/)`;

const TABLE_WORDS: Record<BackupTable, string> = { batches: 'batches', images: 'images', audit: 'audit entries', examples: 'learned examples', models: 'models' };
const MB = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/** Opens and verifies FILE (every entry read once), saying how far it got on stderr. */
async function verified(file: string, io: CommandIo, then: (archive: BackupArchive, catalog: BackupCatalog, index: BackupIndex) => Promise<number>): Promise<number> {
  const source = await openFileSource(file);
  try {
    const archive = await openBackup(source);
    io.say(`checking ${archive.entries.length} entries (${MB(source.size)}) against the manifest`);
    let shown = 0;
    const { catalog, index } = await catalogBackup(archive, ({ entries, total }) => {
      const tenth = Math.floor((10 * entries) / total);
      if (tenth > shown) { shown = tenth; io.say(`checked ${entries} of ${total} entries`); }
    });
    if (catalog.newerFormat) io.say(`this backup is format ${catalog.formatVersion}, newer than this blastograde knows: what it does not know is listed, not read`);
    return await then(archive, catalog, index);
  } catch (error) {
    if (error instanceof BackupError) return io.refuse(`${file}: ${error.message} [${error.code}]`);
    throw error;
  } finally {
    await source.close();
  }
}

const decisionCounts = (decisions: Record<string, number>, total: number): DecisionCounts =>
  ({ transfer: 0, freeze: 0, discard: 0, biopsy: 0, undecided: 0, ...decisions, total });

/** The listing as text: the file's verdict, what it holds, one line per batch. */
export function listingText(file: string, c: BackupCatalog, entries: number): string {
  const held = (Object.keys(c.counts) as BackupTable[]).map((t) => `${c.counts[t]} ${TABLE_WORDS[t]}`).join(', ');
  const header = ['patient', 'cycle', 'day', 'date', 'images', 'decisions'];
  const rows = c.batches.map((b) => [b.patientId, b.cycleId, b.day, b.createdAt.slice(0, 10), String(b.images), decisionSummary(decisionCounts(b.decisions, b.images))]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i < cells.length - 1 ? cell.padEnd(widths[i]!) : cell)).join('  ');
  return [
    `${file}: blastograde lab backup, format ${c.formatVersion}, written ${c.createdAt} by blastograde ${c.appVersion}`,
    `verified: all ${entries} entries (${MB(c.bytesVerified)}) match their sha256 in the manifest`,
    `holds ${held}; ${c.blobs.count} pictures and model files (${MB(c.blobs.bytes)})`,
    ...(c.orphans.images || c.orphans.audit ? [`${c.orphans.images} images and ${c.orphans.audit} audit entries belong to no batch in the backup`] : []),
    ...Object.entries(c.unknownEntries).map(([group, n]) => `${n} entries of a kind this blastograde does not know: ${group}`),
    '',
    line(header),
    ...rows.map(line),
    ...(c.models.length ? ['', ...c.models.map((m) => `model ${m.id} ${m.version} (${m.files.length} files)`)] : []),
  ].join('\n');
}

async function bundledCard(): Promise<ModelCard | null> {
  return readFile(join(DEFAULT_MODEL_DIR, 'grading.json'), 'utf8').then((t) => JSON.parse(t) as ModelCard, () => null);
}

/** "name.csv" again in the same folder becomes "name_2.csv". */
function uniqueName(name: string, taken: Set<string>): string {
  let candidate = name;
  for (let n = 2; taken.has(candidate); n++) candidate = name.replace(/(\.[^.]+)$/, `_${n}$1`);
  taken.add(candidate);
  return candidate;
}

async function exportAll(archive: BackupArchive, catalog: BackupCatalog, index: BackupIndex, out: string, io: CommandIo): Promise<number> {
  const cards = await backupModelCards(archive, index);
  const bundled = await bundledCard();
  const cardOf = (id: string) => cards.get(id) ?? (bundled?.id === id ? bundled : null);
  const exportedAt = new Date();
  const batchDir = join(out, 'batches');
  await mkdir(batchDir, { recursive: true });
  const taken = new Set<string>();
  const batches = [];
  for (const summary of catalog.batches) {
    const sheet = await exportBatch(archive, index, summary.id, { cardOf, exportedAt });
    const csv = join(batchDir, uniqueName(sheet.csv.name, taken));
    const json = join(batchDir, uniqueName(sheet.json.name, taken));
    await writeFile(csv, sheet.csv.text);
    await writeFile(json, sheet.json.text);
    io.say(`batch ${summary.patientId} / ${summary.cycleId}: ${summary.images} images -> ${csv}`);
    batches.push({ id: summary.id, patientId: summary.patientId, cycleId: summary.cycleId, images: summary.images, csv, json, rankingCard: sheet.modelCard });
  }
  const models = [];
  let failed = 0;
  // Loading a package back needs tfjs: only when the backup holds one.
  const { packageIdentity, writePackageFolder } = index.models.length ? await import('../write-package-folder') : ({} as never);
  for (const path of index.models) {
    const pkg = await modelPackageFiles(archive, path);
    const folder = join(out, 'models', `${pkg.id}-${pkg.version}`.replace(/[^\w.-]+/g, '_'));
    try {
      models.push({ folder, ...packageIdentity(await writePackageFolder(folder, pkg.files)) });
      io.say(`model ${pkg.id} ${pkg.version} -> ${folder}`);
    } catch (error) {
      failed++;
      models.push({ folder, id: pkg.id, version: pkg.version, error: error instanceof Error ? error.message : String(error) });
      io.say(`model ${pkg.id} ${pkg.version}: written to ${folder} but it does not load as a package: ${(error as Error).message}`);
    }
  }
  io.json({ out: resolve(out), verifiedEntries: archive.entries.length, batches, models, unknownEntries: catalog.unknownEntries });
  return failed ? io.refuse(`${failed} model package(s) in the backup do not load (see "error" above)`) : 0;
}

export const run = defineCommand(
  { name: 'backup', usage: USAGE, positionals: true, options: { json: { type: 'boolean', default: false }, out: { type: 'string' }, force: { type: 'boolean', default: false } } },
  async ({ values, positionals }, io) => {
    const [action, file, ...extra] = positionals;
    if (!file || extra.length || (action !== 'list' && action !== 'export')) return io.usageError(action && action !== 'list' && action !== 'export' ? `unknown action "${action}"` : undefined);
    if (action === 'list') {
      if (values.out || values.force) return io.usageError('--out and --force are for export');
      return verified(file, io, async (archive, catalog) => {
        if (values.json) return io.json({ file: resolve(file), verifiedEntries: archive.entries.length, ...catalog });
        process.stdout.write(`${listingText(file, catalog, archive.entries.length)}\n`);
        return 0;
      });
    }
    if (!values.out) return io.usageError('export needs --out DIR');
    if (values.json) return io.usageError('--json is for list (export always prints its JSON summary)');
    const out = values.out;
    if (!values.force && !(await isEmptyOrMissing(out))) return io.refuse(`output folder ${resolve(out)} is not empty (use --force to write into it)`);
    return verified(file, io, (archive, catalog, index) => exportAll(archive, catalog, index, out, io));
  },
);
