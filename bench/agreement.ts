// Browser vs CLI on the same real images and model: identical argmax, probabilities
// within 1e-3 (the CLI is the reference). `npx tsx bench/agreement.ts MODEL_DIR [N]` (default 12 images).
// Uses the bench page (app code: decode, localise, crop, worker inference) until the
// app-level e2e (e2e/inference.spec.ts) can run.
import { spawnSync } from 'node:child_process';
import { cp, readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Prediction } from '../src/lib/types';
import { openPage, serve } from './browser';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..');
const modelDir = path.resolve(process.argv[2] ?? path.join(repo, 'public/models/default'));
const n = Number(process.argv[3] ?? 12);
const shared = process.env.BLASTOGRADE_SHARED_DATA ?? path.resolve(repo, '../shared/data');

const dirs = ['real/pcrm-lockhart/input', 'real/blastscoringnet', 'real/pcrm-saeedi/images'];
const images: string[] = [];
for (const d of dirs) for (const f of (await readdir(path.join(shared, d))).sort()) if (/\.(bmp|jpe?g|png)$/i.test(f) && !/GT_/.test(f)) images.push(path.join(shared, d, f));
const chosen = images.slice(0, n);

const dist = path.join(here, 'out', 'dist');
await cp(modelDir, path.join(dist, 'models', 'agreement'), { recursive: true });
const { url, server } = await serve(dist);
const b = await openPage(url);
await b.page.route('**/agreement-images/*', async (route) => {
  await route.fulfill({ body: await readFile(chosen[Number(route.request().url().split('/').pop())]!) });
});
type Api = { load(u: string, b: string): Promise<unknown>; gradeFiles(u: string[]): Promise<(Prediction | null)[]> };
const browser = await b.page.evaluate(async (count) => {
  const api = (globalThis as unknown as { bench: Api }).bench;
  await api.load('/models/agreement/', 'auto');
  return api.gradeFiles(Array.from({ length: count }, (_, i) => `/agreement-images/${i}`));
}, chosen.length);
await b.close();
await server.close();

const cli = spawnSync(process.execPath, [path.join(repo, 'bin/blastograde.mjs'), 'grade', ...chosen, '--model', modelDir, '--json'], { encoding: 'utf8', maxBuffer: 1 << 26 });
if (cli.status !== 0) throw new Error(cli.stderr);
const records = JSON.parse(cli.stdout) as { file: string; ok: boolean; heads?: Prediction['heads'] }[];
let maxDiff = 0;
let argmaxMismatches = 0;
let compared = 0;
records.forEach((r, i) => {
  const p = browser[i];
  if (!r.ok || !p) {
    if (r.ok !== Boolean(p)) argmaxMismatches++;
    return;
  }
  compared++;
  for (const head of r.heads!) {
    const other = p.heads.find((h) => h.name === head.name)!;
    if (other.argmax !== head.argmax) argmaxMismatches++;
    head.probabilities.forEach((q, j) => (maxDiff = Math.max(maxDiff, Math.abs(q - other.probabilities[j]!))));
  }
});
console.log(JSON.stringify({ images: chosen.length, compared, argmaxMismatches, maxProbabilityDiff: maxDiff, browserBackend: browser.find(Boolean)?.backend }));
process.exit(argmaxMismatches === 0 && maxDiff <= 1e-3 ? 0 : 1);
