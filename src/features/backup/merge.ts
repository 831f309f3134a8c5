// What a restore does with each record of a backup, decided before anything is written.
// The rule: nothing the lab holds is ever overwritten. A record absent here is added; one
// identical to the local record is skipped; one whose key exists here with other content (a
// note or decision edited after the backup, or edited on the other machine) keeps the local
// record and is reported as a conflict, listing both, so the embryologist can look.
import type { BackupTable } from './format';
import { canonicalJson, type PortableRecord } from './portable';

export interface MergeConflict {
  table: BackupTable;
  key: string;
  local: PortableRecord;
  backup: PortableRecord;
}

export interface TablePlan {
  add: PortableRecord[];
  identical: number;
  conflicts: MergeConflict[];
}

export type MergePlan = Record<BackupTable, TablePlan>;

/**
 * The key that says two records are "the same record": the id for batches, images and models,
 * the image's content hash for examples. Audit entries have only a local auto-increment id, so
 * an entry is its whole content (without the id): it is either already there or added.
 */
export function recordKey(table: BackupTable, record: PortableRecord): string {
  switch (table) {
    case 'examples':
      return String(record.key);
    case 'audit': {
      const { id: _id, ...content } = record;
      return canonicalJson(content);
    }
    default:
      return String(record.id);
  }
}

/** What to compare: audit ids are local numbers, not content. */
function content(table: BackupTable, record: PortableRecord): string {
  if (table !== 'audit') return canonicalJson(record);
  const { id: _id, ...rest } = record;
  return canonicalJson(rest);
}

/** The plan for one table: `local` is every record of that table here, in portable form. */
export function planTable(table: BackupTable, backup: readonly PortableRecord[], local: readonly PortableRecord[]): TablePlan {
  const here = new Map(local.map((r) => [recordKey(table, r), r]));
  const plan: TablePlan = { add: [], identical: 0, conflicts: [] };
  for (const record of backup) {
    const key = recordKey(table, record);
    const mine = here.get(key);
    if (!mine) {
      const { id: _id, ...withoutLocalId } = record;
      plan.add.push(table === 'audit' ? withoutLocalId : record);
      // A backup holding the same record twice adds it once.
      here.set(key, record);
    } else if (content(table, mine) === content(table, record)) plan.identical++;
    else plan.conflicts.push({ table, key, local: mine, backup: record });
  }
  return plan;
}

export function planMerge(backup: Record<BackupTable, readonly PortableRecord[]>, local: Record<BackupTable, readonly PortableRecord[]>): MergePlan {
  return {
    batches: planTable('batches', backup.batches, local.batches),
    images: planTable('images', backup.images, local.images),
    audit: planTable('audit', backup.audit, local.audit),
    examples: planTable('examples', backup.examples, local.examples),
    models: planTable('models', backup.models, local.models),
  };
}

export interface RestoreSummary {
  added: Record<BackupTable, number>;
  identical: Record<BackupTable, number>;
  conflicts: MergeConflict[];
}

export function summarise(plan: MergePlan): RestoreSummary {
  const tables = Object.keys(plan) as BackupTable[];
  return {
    added: Object.fromEntries(tables.map((t) => [t, plan[t].add.length])) as Record<BackupTable, number>,
    identical: Object.fromEntries(tables.map((t) => [t, plan[t].identical])) as Record<BackupTable, number>,
    conflicts: tables.flatMap((t) => plan[t].conflicts),
  };
}
