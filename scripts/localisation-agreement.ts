// Does the locator find each clinic embryo the same way however the image is turned,
// mirrored or re-encoded? Locates every image of the clinic set in its 8 orientations
// (quarter turns x mirror) and after a JPEG re-encode at quality 92, maps each outline
// back onto the original pixels and prints how many images are located in all 9
// versions, in none, and which disagree (the versions that failed, with their reasons),
// plus the spread of the centre and radius across the versions that were located.
//   npx tsx scripts/localisation-agreement.ts [--folders labelled,unlabelled] [--limit N] [--json FILE]
// A summary on stdout; progress on stderr. Run it under `flock /tmp/heavy.lock` (~1800 localisations).
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { decodeImage } from '../src/features/ingest';
import { loadOpenCv } from '../src/features/preprocess';
import { locateVersions, type Agreement } from '../src/features/preprocess/testing/orientation-agreement';
import { sharedDataPath } from '../src/lib/testing/shared-data';

const SET = 'real-signal/embryo-classification-d5';
/** Centre or radius spread (original px) above this counts as a located-everywhere image whose outlines still differ. */
const LARGE_SPREAD_PX = 5;

const { values } = parseArgs({
  options: { folders: { type: 'string', default: 'labelled,unlabelled' }, limit: { type: 'string' }, json: { type: 'string' } },
});
const files = values
  .folders!.split(',')
  .flatMap((folder) => readdirSync(sharedDataPath(SET, folder)).filter((n) => n.endsWith('.jpg')).sort().map((n) => `${folder}/${n}`))
  .slice(0, values.limit ? Number(values.limit) : undefined);

const cv = await loadOpenCv();
const started = performance.now();
const results: (Agreement & { file: string; width: number; height: number })[] = [];
for (const [i, file] of files.entries()) {
  const image = decodeImage(new Uint8Array(readFileSync(sharedDataPath(SET, file))));
  results.push({ file, width: image.width, height: image.height, ...locateVersions(cv, image) });
  if ((i + 1) % 10 === 0) process.stderr.write(`${i + 1}/${files.length} (${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
}

const round = (x: number) => Math.round(x * 10) / 10;
const quantile = (xs: number[], q: number) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]! : 0);
const total = (r: Agreement) => r.versions.length;
const all = results.filter((r) => r.located === total(r));
const none = results.filter((r) => r.located === 0);
const disagree = results.filter((r) => r.located > 0 && r.located < total(r));
const spread = (key: 'centreSpread' | 'radiusSpread') => ({ median: round(quantile(all.map((r) => r[key]), 0.5)), p95: round(quantile(all.map((r) => r[key]), 0.95)), max: round(Math.max(0, ...all.map((r) => r[key]))) });
const describe = (r: (typeof results)[number]) => ({
  file: r.file,
  located: `${r.located}/${total(r)}`,
  failed: r.versions.filter((v) => !v.ok).map((v) => `${v.name}: ${v.error}`),
  centreSpreadPx: round(r.centreSpread),
  radiusSpreadPx: round(r.radiusSpread),
});
const summary = {
  images: results.length,
  versionsPerImage: results[0] ? total(results[0]) : 0,
  locatedInAll: all.length,
  locatedInNone: none.length,
  disagree: disagree.length,
  spreadWhenLocatedInAll: { centrePx: spread('centreSpread'), radiusPx: spread('radiusSpread') },
  disagreeing: disagree.map(describe),
  locatedNowhere: none.map(describe),
  locatedInAllButSpreadOver5px: all.filter((r) => r.centreSpread > LARGE_SPREAD_PX || r.radiusSpread > LARGE_SPREAD_PX).map(describe),
  seconds: round((performance.now() - started) / 1000),
};
process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
if (values.json) writeFileSync(values.json, `${JSON.stringify({ summary, results }, null, 2)}\n`);
