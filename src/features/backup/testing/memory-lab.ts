// A lab held in memory, shaped as writeBackup reads the app's tables: each table's records
// counted and streamed from a plain array. Shared by the backup tests.
import { BACKUP_TABLES, type BackupTable } from '../format';
import type { LabSource } from '../write';

export function memoryLab(tables: Partial<Record<BackupTable, object[]>>): LabSource {
  return Object.fromEntries(BACKUP_TABLES.map((t) => {
    const records = tables[t] ?? [];
    return [t, { count: async () => records.length, async *records() { yield* records; } }];
  })) as unknown as LabSource;
}
