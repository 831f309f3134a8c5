// `blastograde grade <files...> [--model DIR] --json | --csv FILE [--backend auto|wasm|cpu]
//   [--rank [--policy expected-score|gardner|weill-cornell|outcome]]`
// The headless batch path and the reference the browser must match: prepareImage (the
// pipeline worker's decode, localisation and crop) and the app's inference modules, on
// tfjs-wasm in Node; with --rank, the app's ranking. JSON on stdout; progress on stderr.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { createInProcessGrader, folderSource, nodeWasmDir, type Grader } from '../../features/inference/headless';
import { modelFigures, realSignalWarning } from '../../features/inference';
import { prepareImage } from '../../features/pipeline';
import { embryoGrades, policyUnavailableReason } from '../../features/ranking';
import { readImageFile } from '../read-image-file';
import { toCsv } from './grade-csv';
import { CLI_POLICIES, DEFAULT_CLI_POLICY, isCliPolicy, rankGradeRecords, withRanking } from './grade-ranking';
import type { GradeRecord } from './grade-record';
import { defineCommand, EXIT_USAGE } from '../command';
import { DEFAULT_MODEL_DIR } from '../default-model';
import { BACKEND_OPTION, isNodeBackend, modelLoadRefusal } from '../model-options';

export type { GradeRecord } from './grade-record';
export { toCsv } from './grade-csv';

const POLICY_NAMES = Object.keys(CLI_POLICIES).join('|');
const USAGE = `usage: blastograde grade <files...> [--model DIR] --json | --csv FILE [--backend auto|wasm|cpu] [--rank [--policy ${POLICY_NAMES}]]`;

const GRADE_OPTIONS = {
  model: { type: 'string', default: DEFAULT_MODEL_DIR },
  json: { type: 'boolean', default: false },
  csv: { type: 'string' },
  ...BACKEND_OPTION,
  rank: { type: 'boolean', default: false },
  policy: { type: 'string' },
} as const;

export const run = defineCommand({ name: 'grade', usage: USAGE, options: GRADE_OPTIONS, positionals: true }, async ({ values, positionals }, { refuse, usageError }) => {
  const backend = values.backend;
  const policy = values.policy ?? DEFAULT_CLI_POLICY;
  if (positionals.length === 0 || (!values.json && !values.csv) || !isNodeBackend(backend)) return usageError();
  if (!isCliPolicy(policy) || (values.policy !== undefined && !values.rank)) return usageError(`--policy takes ${POLICY_NAMES}, with --rank`);
  let grader: Grader;
  try {
    grader = await createInProcessGrader(folderSource(resolve(values.model)), { backend, wasm: { paths: nodeWasmDir() } });
  } catch (error) {
    return refuse(modelLoadRefusal(error));
  }
  const { card } = grader;
  const unavailable = values.rank ? policyUnavailableReason(CLI_POLICIES[policy], card) : null;
  if (unavailable) {
    grader.dispose();
    return refuse(`--policy ${policy}: ${unavailable}`, EXIT_USAGE);
  }
  process.stderr.write(`model ${card.id} ${card.version} (${grader.modelHash.slice(0, 12)}) on ${grader.backend.name}: ${grader.backend.reason}\n`);
  // What the app's header says about this model on real embryos, said here too.
  const warning = realSignalWarning(card);
  if (warning) process.stderr.write(`model ${card.id}: ${warning}\n`);
  const identity = { modelId: card.id, modelVersion: card.version, modelHash: grader.modelHash, backend: grader.backend.name };
  let records: GradeRecord[] = [];
  for (const [index, file] of positionals.entries()) {
    process.stderr.write(`grade ${index + 1}/${positionals.length} ${file}\n`);
    const fail = (error: string): GradeRecord => ({ file, ok: false, error, ellipse: null, crop: null, ...identity });
    const read = await readImageFile(file);
    if (!read.ok) {
      records.push(fail(read.error));
      continue;
    }
    const prepared = await prepareImage(read.bytes, { inputSize: card.input.size, resize: card.input.resize });
    if (!prepared.ok) {
      records.push(fail(prepared.error));
      continue;
    }
    const prediction = await grader.grade(prepared.input);
    records.push({
      file,
      ok: true,
      ellipse: prepared.localisation.ellipse,
      crop: prepared.localisation.crop,
      // The app's AI grade: a head the card's rule does not grade at this expansion shows "–" ("1––").
      grade: embryoGrades(prediction.heads).aiGrade,
      heads: prediction.heads,
      ...(prediction.outcome ? { outcome: prediction.outcome } : {}),
      ...identity,
      inferenceMs: Math.round(prediction.inferenceMs),
    });
  }
  grader.dispose();
  // The app's default weights for this model: the heads its card calls chance or inverted on real embryos left out.
  const figures = modelFigures(card);
  const ranking = values.rank ? { policy, figures, ranked: rankGradeRecords(records, policy, figures) } : undefined;
  if (ranking) records = withRanking(records, ranking.ranked, policy);
  if (values.csv) {
    await mkdir(dirname(resolve(values.csv)), { recursive: true });
    await writeFile(values.csv, toCsv(records, ranking));
    process.stderr.write(`wrote ${values.csv}\n`);
  }
  if (values.json) process.stdout.write(`${JSON.stringify(records, null, 2)}\n`);
  return 0;
});
