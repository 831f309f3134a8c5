// The hostile-input corpus through the real CLI (`blastograde preprocess --json`), as a
// user would run it: every file must end within 10 s with a sentence of its own (the
// same one the decoder gives in process, so the app and the CLI agree), the command
// must exit 0 with JSON, and the process must stay under 1 GB.
//
// One CLI process takes the whole corpus: per-file time is read from the progress
// line the CLI prints on stderr as it starts each file, and a watchdog kills the run
// when one file takes longer than the limit. Peak memory is the process's own
// getrusage maxRSS, printed at exit by a preload (--import), which needs no
// /usr/bin/time and covers every file of the run.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeImage, IngestError } from './index';
import { hostileCorpus } from './testing';
import { repoRoot } from '../../lib/testing/shared-data';

/** The fields of the CLI's JSON record this test reads. */
interface PreprocessRecord { file: string; ok: boolean; error?: string }

const PER_FILE_LIMIT_MS = 10_000;
const MAX_RSS_BYTES = 1024 ** 3;
/** Node's own wording, or a value that leaked into a sentence: never shown to a user. */
const RAW_ERROR_TEXT = /Invalid typed array|undefined|null|NaN|TypeError|RangeError|ReferenceError|Error:|out of bounds|\bat \S+ \(|\[object /;

const REPORT_MAX_RSS = 'data:text/javascript,process.on("exit",()=>process.stderr.write("max-rss-kb="+process.resourceUsage().maxRSS+"\\n"))';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Milliseconds each file took, in argument order (the last until the process ended). */
  perFileMs: number[];
  /** The file still running when the watchdog stopped the process, if it had to. */
  hung?: string;
}

function runCli(files: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [`--import=${REPORT_MAX_RSS}`, path.join(repoRoot, 'bin', 'blastograde.mjs'), 'preprocess', ...files, '--json'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '', stderr = '';
    const starts: number[] = [];
    let hung: string | undefined;
    let watchdog: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => {
        hung = files[starts.length - 1];
        child.kill('SIGKILL');
      }, PER_FILE_LIMIT_MS);
    };
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk;
      const started = stderr.match(/^preprocess \d+\/\d+ /gm)?.length ?? 0;
      while (starts.length < started) starts.push(performance.now());
      if (started) arm();
    });
    child.on('close', (code) => {
      clearTimeout(watchdog);
      const end = performance.now();
      resolve({ code, stdout, stderr, hung, perFileMs: starts.map((t, i) => (starts[i + 1] ?? end) - t) });
    });
  });
}

/** What decodeImage says about the bytes in process: the sentence the CLI must print. */
function decodeOutcome(bytes: Uint8Array): { code: string; message?: string } {
  try {
    decodeImage(bytes);
    return { code: 'ok' };
  } catch (error) {
    if (!(error instanceof IngestError)) throw error;
    return { code: error.code, message: error.message };
  }
}

describe('blastograde preprocess on the hostile-input corpus', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hostile-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const corpus = hostileCorpus();
  // OpenCV loads with the first file that reaches the localiser: a plain image goes
  // first so its load time is not charged to a hostile file.
  const warmUp = corpus.find((f) => f.name === 'tiff-ifd-loop.tif')!;

  it('decodes each file in process to the outcome the corpus expects', () => {
    for (const file of corpus) expect(decodeOutcome(file.bytes).code, file.name).toBe(file.expect);
  });

  it('ends every file within 10 s, with its own sentence, exit code 0 and under 1 GB', { timeout: 600_000 }, async () => {
    const paths = [{ name: `warm-up-${warmUp.name}`, bytes: warmUp.bytes }, ...corpus].map((file) => {
      const target = path.join(dir, file.name);
      writeFileSync(target, file.bytes);
      return target;
    });
    const run = await runCli(paths);
    expect(run.hung, `hung on ${run.hung} (more than ${PER_FILE_LIMIT_MS} ms)`).toBeUndefined();
    expect(run.code, run.stderr.slice(-2000)).toBe(0);

    const records = JSON.parse(run.stdout) as PreprocessRecord[];
    expect(records.map((r) => r.file)).toEqual(paths);
    corpus.forEach((file, i) => {
      const record = records[i + 1]!;
      const ms = run.perFileMs[i + 1]!;
      expect(ms, `${file.name} took ${Math.round(ms)} ms`).toBeLessThan(PER_FILE_LIMIT_MS);
      if (file.expect !== 'ok') {
        expect(record.ok, file.name).toBe(false);
        expect(record.error, file.name).toBe(decodeOutcome(file.bytes).message);
      }
      if (record.error !== undefined) expect(record.error, file.name).not.toMatch(RAW_ERROR_TEXT);
    });

    const maxRssKb = Number(run.stderr.match(/max-rss-kb=(\d+)/)?.[1]);
    expect(maxRssKb * 1024, `peak RSS ${Math.round(maxRssKb / 1024)} MB`).toBeLessThan(MAX_RSS_BYTES);
    const slowest = corpus.map((f, i) => [f.name, Math.round(run.perFileMs[i + 1]!)] as const).sort((a, b) => b[1] - a[1]).slice(0, 3);
    process.stderr.write(`hostile corpus via CLI: peak RSS ${Math.round(maxRssKb / 1024)} MB; slowest ${slowest.map(([n, ms]) => `${n} ${ms} ms`).join(', ')}\n`);
  });
});
