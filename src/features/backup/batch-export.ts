// A batch of a backup as the app exports it: its records read back (with their pictures), ranked
// and made into the grade sheet by the app's own code (review rows, export's sheet, CSV and batch
// JSON), one batch at a time so only that batch's pictures are in memory.
import { buildGradeSheet, fileNameFor, toBatchJson, toCsv, type GradeSheet } from '../export';
import { modelFigures, type ModelCard } from '../inference';
import { defaultRankingOptions, effectiveRanking } from '../ranking';
import { rankImages, reviewedEmbryo } from '../review/headless';
import { batchSnapshot, type AuditRecord, type BatchRecord, type ImageRecord } from '../../lib/storage';
import type { BackupArchive } from './archive';
import type { BackupIndex } from './catalog';
import { blobPath } from './format';
import { blobRefsOf, fromPortable, type PortableRecord } from './portable';

export { blobRefsOf };

export interface BatchExport {
  batchId: string;
  sheet: GradeSheet;
  csv: { name: string; text: string };
  json: { name: string; text: string };
  /** Where the card that set the ranking's default weights came from; null: the ranking's own defaults. */
  modelCard: { id: string; version: string } | null;
}

/** Records and the blobs they refer to, read (and checked) from the archive. */
async function readRecords<T>(archive: BackupArchive, paths: readonly string[]): Promise<T[]> {
  const portable: PortableRecord[] = [];
  for (const path of paths) portable.push(await archive.record(path));
  const blobs = new Map<string, Uint8Array>();
  for (const hash of blobRefsOf(portable)) blobs.set(hash, await archive.read(blobPath(hash)));
  return portable.map((r) => fromPortable<T>(r, blobs));
}

/** The model cards a backup holds, by id (what sets a batch's default ranking weights). */
export async function backupModelCards(archive: BackupArchive, index: BackupIndex): Promise<Map<string, ModelCard>> {
  const cards = new Map<string, ModelCard>();
  for (const path of index.models) {
    const card = (await archive.record(path)).card as ModelCard | undefined;
    if (card?.id) cards.set(card.id, card);
  }
  return cards;
}

export interface ExportOptions {
  /** The card of the model that graded the batch, when the host knows it (backup's models, bundled default). */
  cardOf: (modelId: string) => ModelCard | null;
  exportedAt: Date;
}

/**
 * One batch's grade sheet, CSV and batch JSON: the app's ranking defaults with the grading
 * model's card deciding the default weights (as the app does when the user chose none).
 */
export async function exportBatch(archive: BackupArchive, index: BackupIndex, batchId: string, { cardOf, exportedAt }: ExportOptions): Promise<BatchExport> {
  const where = index.batches.get(batchId);
  if (!where) throw new Error(`the backup holds no batch ${batchId}`);
  const [batch] = await readRecords<BatchRecord>(archive, [where.batch]);
  const images = (await readRecords<ImageRecord>(archive, where.images)).sort((a, b) => a.index - b.index);
  const audit = (await readRecords<AuditRecord>(archive, where.audit)).sort((a, b) => (a.id ?? 0) - (b.id ?? 0));
  const modelId = images.find((i) => i.prediction)?.prediction?.modelId;
  const card = modelId ? cardOf(modelId) : null;
  const { options, leftOut } = effectiveRanking(defaultRankingOptions(), card ? modelFigures(card) : null);
  const ranked = rankImages(images, options, batch!.day);
  const rows = images.map((image) => reviewedEmbryo(image, ranked.get(image.id)));
  const sheet = await buildGradeSheet(batch!, images, rows, options, leftOut);
  return {
    batchId,
    sheet,
    csv: { name: fileNameFor(sheet, 'csv'), text: toCsv(sheet) },
    json: { name: fileNameFor(sheet, 'json'), text: toBatchJson(sheet, { batch: await batchSnapshot(batch!, images, audit), exportedAt: exportedAt.toISOString() }) },
    modelCard: card ? { id: card.id, version: card.version } : null,
  };
}

/** A model record's package files (file name -> bytes), as the user's folder held them. */
export async function modelPackageFiles(archive: BackupArchive, path: string): Promise<{ id: string; version: string; files: Record<string, Uint8Array> }> {
  const [model] = await readRecords<{ id?: string; card?: ModelCard; files?: Record<string, ArrayBuffer> }>(archive, [path]);
  const files = Object.fromEntries(Object.entries(model!.files ?? {}).map(([name, buffer]) => [name, new Uint8Array(buffer)]));
  return { id: model!.id ?? model!.card?.id ?? '', version: model!.card?.version ?? '', files };
}
