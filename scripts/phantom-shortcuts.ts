// Does plain appearance give a phantom's expansion away? A model trained on phantoms
// learns any cheap cue that separates the grades; if darkness, colour or texture
// density track expansion in the phantoms but not in real captures, it learns a cue
// that misleads it on real embryos. This renders N phantoms, measures image statistics
// inside the truth outline that should carry no information about expansion, and
// reports each one's ROC AUC for "expansion >= 3 vs <= 2" (0.5 = no cue), plus a
// seeded, cross-validated logistic regression on all of them together. For reference,
// the same statistics on the real labelled clinic set (good vs not good; the centre
// disc of each capture, as real images carry no outline).
//   npx tsx scripts/phantom-shortcuts.ts [--style clinic|default] [--n 300] [--seed S] [--shrink 0.95]
// JSON on stdout, progress on stderr.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import Papa from 'papaparse';
import seedrandom from 'seedrandom';
import { decodeImage } from '../src/features/ingest';
import { CELL_GRADES, EXPANSIONS, renderPhantom, PHANTOM_STYLES, type PhantomStyle } from '../src/features/phantom';
import { crossValidatedAuc } from '../src/lib/metrics/logistic-regression';
import { rocAuc } from '../src/lib/metrics/roc-auc';
import { hasSharedData, sharedDataPath } from '../src/lib/testing/shared-data';
import type { Ellipse, RgbaImage } from '../src/lib/types';

const { values } = parseArgs({
  options: {
    style: { type: 'string', default: 'clinic' },
    n: { type: 'string', default: '300' },
    seed: { type: 'string', default: 'shortcuts' },
    // the outline's radius fraction measured: 0.95 keeps the halo out, less leaves the zona out too
    shrink: { type: 'string', default: '0.95' },
  },
});
const style = values.style as PhantomStyle;
if (!PHANTOM_STYLES.includes(style)) throw new Error(`--style must be one of ${PHANTOM_STYLES.join(', ')}`);
const n = Number(values.n);
const say = (line: string) => process.stderr.write(`phantom-shortcuts: ${line}\n`);

const STATISTICS = ['meanLuminance', 'stdLuminance', 'highFrequency', 'gradient', 'saturation', 'redMinusBlue', 'greenMinusBlue'] as const;

/** A pixel predicate: inside the ellipse, slightly shrunk so the bright halo outside stays out. */
function insideEllipse(e: Ellipse, shrink = 0.95): (x: number, y: number) => boolean {
  const a = (e.angleDeg * Math.PI) / 180;
  const c = Math.cos(a);
  const s = Math.sin(a);
  return (x, y) => {
    const dx = x + 0.5 - e.cx;
    const dy = y + 0.5 - e.cy;
    const u = (dx * c + dy * s) / (e.rx * shrink);
    const v = (-dx * s + dy * c) / (e.ry * shrink);
    return u * u + v * v <= 1;
  };
}

/**
 * Statistics over the region: mean and std of luminance, high-frequency energy (mean
 * absolute Laplacian), mean gradient magnitude, mean saturation (max - min channel) and
 * the colour balance. Luminance-based texture measures are divided by nothing: a darker
 * image with the same relative texture scores lower, as a network without normalisation sees it.
 */
function regionStatistics(img: RgbaImage, inside: (x: number, y: number) => boolean): number[] {
  const { width: w, height: h, data } = img;
  const lum = new Float64Array(w * h);
  for (let p = 0; p < w * h; p++) lum[p] = 0.299 * data[p * 4]! + 0.587 * data[p * 4 + 1]! + 0.114 * data[p * 4 + 2]!;
  let count = 0;
  let sum = 0;
  let squares = 0;
  let laplacian = 0;
  let gradient = 0;
  let saturation = 0;
  let rb = 0;
  let gb = 0;
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      if (!inside(x, y)) continue;
      const i = y * w + x;
      const r = data[i * 4]!;
      const g = data[i * 4 + 1]!;
      const b = data[i * 4 + 2]!;
      count++;
      sum += lum[i]!;
      squares += lum[i]! ** 2;
      laplacian += Math.abs(4 * lum[i]! - lum[i + 1]! - lum[i - 1]! - lum[i + w]! - lum[i - w]!);
      gradient += Math.hypot(lum[i + 1]! - lum[i - 1]!, lum[i + w]! - lum[i - w]!);
      saturation += Math.max(r, g, b) - Math.min(r, g, b);
      rb += r - b;
      gb += g - b;
    }
  }
  const mean = sum / count;
  return [mean, Math.sqrt(Math.max(0, squares / count - mean * mean)), laplacian / count, gradient / count, saturation / count, rb / count, gb / count];
}

interface Report {
  [statistic: string]: { auc: number; distance: number };
}

function perStatistic(rows: number[][], labels: boolean[]): Report {
  return Object.fromEntries(
    STATISTICS.map((name, j) => {
      const auc = rocAuc(
        rows.map((r) => r[j]!),
        labels,
      );
      return [name, { auc: round(auc), distance: round(Math.abs(auc - 0.5)) }];
    }),
  );
}

const round = (v: number) => Math.round(v * 1000) / 1000;

function realReference(): { n: number; perStatistic: Report; combinedAuc: number } | null {
  if (!hasSharedData) return null;
  const dir = sharedDataPath('real-signal/embryo-classification-d5/labelled');
  const sheet = Papa.parse<{ file: string; good: string }>(readFileSync(`${dir}/labels.csv`, 'utf8'), { header: true, skipEmptyLines: true }).data;
  const rows: number[][] = [];
  const labels: boolean[] = [];
  for (const { file, good } of sheet) {
    const img = decodeImage(new Uint8Array(readFileSync(`${dir}/${file}`)));
    const short = Math.min(img.width, img.height);
    rows.push(regionStatistics(img, insideEllipse({ cx: img.width / 2, cy: img.height / 2, rx: 0.45 * short, ry: 0.45 * short, angleDeg: 0 }, 1)));
    labels.push(good?.trim() === '1');
  }
  return { n: rows.length, perStatistic: perStatistic(rows, labels), combinedAuc: round(crossValidatedAuc(rows, labels, { seed: 'real-shortcuts' }).auc) };
}

function main(): void {
  const pick = seedrandom.alea(values.seed!);
  const rows: number[][] = [];
  const labels: boolean[] = [];
  const started = Date.now();
  for (let k = 0; k < n; k++) {
    // expansions dealt evenly, cell grades at random: the two classes are 1-2 and 3-6
    const expansion = EXPANSIONS[k % EXPANSIONS.length]!;
    const grades = { expansion, icm: CELL_GRADES[Math.floor(pick() * 3)]!, te: CELL_GRADES[Math.floor(pick() * 3)]! };
    const phantom = renderPhantom({ seed: `${values.seed}-${k}`, style, grades, nuisance: 'default' });
    rows.push(regionStatistics(phantom.image, insideEllipse(phantom.truth.ellipse, Number(values.shrink))));
    labels.push(expansion >= 3);
    if ((k + 1) % 50 === 0) say(`${k + 1}/${n} rendered`);
  }
  const seconds = (Date.now() - started) / 1000;
  const stats = perStatistic(rows, labels);
  const combined = crossValidatedAuc(rows, labels, { seed: `${values.seed}-cv` });
  const worst = Math.max(...Object.values(stats).map((s) => s.distance));
  const result = {
    style,
    n,
    seed: values.seed,
    shrink: Number(values.shrink),
    question: 'expansion >= 3 vs <= 2 from appearance alone (0.5 = no shortcut)',
    perStatistic: stats,
    worstDistance: worst,
    combinedAuc: round(combined.auc),
    combinedFoldAucs: combined.foldAucs.map(round),
    pass: worst <= 0.15 && combined.auc < 0.7,
    imagesPerSecond: round(n / seconds),
    realLabelled: realReference(),
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

main();
