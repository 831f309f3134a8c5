// The CSV of `blastograde grade`: one row per file: grade, each head's argmax, flags (low
// confidence; how many orientation views make the call, and whether too few do) and every class probability, the lab outcome probability when the model has an outcome head
// (p_outcome, and outcome_label: what positive meant), and the ranking, with --rank. Every text cell goes through
// the app's sheet neutralisation, so a file name such as "=1+1.png" stays text.
import Papa from 'papaparse';
import { neutraliseCell } from '../../features/export';
import { formatViewAgreement, viewsDisagree } from '../../lib/view-agreement';
import type { GradeRecord } from './grade-record';

type Cell = string | number | boolean;

export function toCsv(records: readonly GradeRecord[]): string {
  const ranked = records.some((r) => r.policy !== undefined);
  const headColumns = new Map<string, string[]>();
  for (const r of records) for (const h of r.heads ?? []) headColumns.set(h.name, h.classes);
  const fields = [...(ranked ? ['rank'] : []), 'file', 'ok', 'error', 'grade'];
  if (ranked) fields.push('score', 'score_label', 'policy', 'flags');
  for (const [name, classes] of headColumns) {
    fields.push(name, `${name}_low_confidence`, `${name}_view_agreement`, `${name}_views_disagree`, ...classes.map((c) => `p_${name}_${c}`));
  }
  const outcome = records.some((r) => r.outcome);
  if (outcome) fields.push('p_outcome', 'outcome_label');
  fields.push('model_id', 'model_version', 'model_hash', 'backend', 'inference_ms');
  const rows = records.map((r) => {
    const row: Record<string, Cell> = { file: r.file, ok: r.ok, error: r.error ?? '', grade: r.grade ?? '' };
    if (ranked) Object.assign(row, { rank: r.rank ?? '', score: r.score ?? '', score_label: r.scoreLabel ?? '', policy: r.policy ?? '', flags: r.flags ?? '' });
    for (const [name, classes] of headColumns) {
      const head = r.heads?.find((h) => h.name === name);
      row[name] = head?.argmax ?? '';
      row[`${name}_low_confidence`] = head ? head.lowConfidence : '';
      // "5/8"; both empty when the agreement is unknown.
      row[`${name}_view_agreement`] = formatViewAgreement(head?.viewAgreement);
      row[`${name}_views_disagree`] = head?.viewAgreement ? viewsDisagree(head.viewAgreement) : '';
      classes.forEach((c, i) => (row[`p_${name}_${c}`] = head ? head.probabilities[i]!.toFixed(6) : ''));
    }
    if (outcome) Object.assign(row, { p_outcome: r.outcome ? r.outcome.probability.toFixed(6) : '', outcome_label: r.outcome?.positiveLabel ?? '' });
    Object.assign(row, { model_id: r.modelId, model_version: r.modelVersion, model_hash: r.modelHash, backend: r.backend, inference_ms: r.inferenceMs ?? '' });
    return row;
  });
  const cell = (value: Cell | undefined): Cell => (typeof value === 'string' ? neutraliseCell(value) : (value ?? ''));
  // papaparse's own escapeFormulae stays off: one rule (the app's) decides, nothing is quoted twice.
  return `${Papa.unparse({ fields: fields.map(neutraliseCell), data: rows.map((row) => fields.map((f) => cell(row[f]))) }, { escapeFormulae: false })}\n`;
}
