// The label columns a lab's sheet may carry, and one parsed row of it.
import type { HeadName } from '../../lib/types';

export type LabelColumn = HeadName | 'outcome';
export const LABEL_COLUMNS: readonly LabelColumn[] = ['expansion', 'icm', 'te', 'outcome'];

/** The classes each label column accepts, as stored (expansion as text so it matches the model's class labels). */
export const LABEL_CLASSES: Readonly<Record<LabelColumn, readonly string[]>> = {
  expansion: ['1', '2', '3', '4', '5', '6'],
  icm: ['A', 'B', 'C'],
  te: ['A', 'B', 'C'],
  outcome: ['0', '1'],
};

export interface LabelRow {
  /** Row number as a spreadsheet shows it (the header is row 1 when it is the first line). */
  row: number;
  /** The `file` cell as written (trimmed). */
  file: string;
  expansion?: string;
  icm?: string;
  te?: string;
  /** 1: the lab's good result (e.g. fetal heart, implantation, "good"); 0: not. */
  outcome?: 0 | 1;
}

/** The labels one example carries (a row's, or an embryologist's from the review table). */
export interface ExampleLabels {
  expansion?: string;
  icm?: string;
  te?: string;
  outcome?: 0 | 1;
}

/** A sheet row's labels, without its row number and file. */
export function rowLabels(row: LabelRow): ExampleLabels {
  const labels: ExampleLabels = {};
  if (row.expansion !== undefined) labels.expansion = row.expansion;
  if (row.icm !== undefined) labels.icm = row.icm;
  if (row.te !== undefined) labels.te = row.te;
  if (row.outcome !== undefined) labels.outcome = row.outcome;
  return labels;
}
