import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { decodeImage } from '../../features/ingest';
import { run } from './phantoms';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function generate(args: string[]): Promise<{ dir: string; summary: Record<string, unknown> }> {
  const dir = mkdtempSync(join(tmpdir(), 'phantoms-'));
  dirs.push(dir);
  let stdout = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    expect(await run([...args, '--out', dir])).toBe(0);
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  return { dir, summary: JSON.parse(stdout) };
}

describe('blastograde phantoms', () => {
  it('writes images, masks, labels.csv and a contact sheet, with a JSON summary', async () => {
    const { dir, summary } = await generate(['--n', '3', '--seed', '5', '--grades', '4AB,2CC', '--size', '320x240', '--jobs', '1']);
    expect(summary).toMatchObject({ n: 3, seed: '5', nuisance: 'default', grades: '4AB,2CC' });
    expect(readdirSync(join(dir, 'images')).sort()).toEqual(['phantom-00001.png', 'phantom-00002.png', 'phantom-00003.png']);
    expect(readdirSync(join(dir, 'masks'))).toContain('phantom-00002_blastocoel.png');
    expect(readdirSync(join(dir, 'masks'))).toHaveLength(12);
    const csv = readFileSync(join(dir, 'labels.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('file,expansion,icm,te,cx,cy,rx,ry,angle,stage');
    expect(csv.slice(1).map((r) => r.split(',').at(-1))).toEqual(['blastocyst', 'blastocyst', 'blastocyst']);
    expect(csv.slice(1).map((r) => r.split(',').slice(0, 4).join(','))).toEqual(['phantom-00001.png,4,A,B', 'phantom-00002.png,2,C,C', 'phantom-00003.png,4,A,B']);
    // the PNGs decode (with the app's own decoder) to the stated size; masks are 0/255
    const image = decodeImage(new Uint8Array(readFileSync(join(dir, 'images', 'phantom-00001.png'))));
    expect([image.width, image.height]).toEqual([320, 240]);
    const mask = decodeImage(new Uint8Array(readFileSync(join(dir, 'masks', 'phantom-00001_zona.png'))));
    const values = new Set<number>();
    for (let i = 0; i < mask.data.length; i += 4) values.add(mask.data[i]);
    expect([...values].sort((a, b) => a - b)).toEqual([0, 255]);
    expect(readFileSync(join(dir, 'contact-sheet.png')).subarray(1, 4).toString()).toBe('PNG');
  });

  it('gives the same set with worker threads as in-process', async () => {
    const a = await generate(['--n', '4', '--seed', '9', '--size', '256x192', '--jobs', '1']);
    const b = await generate(['--n', '4', '--seed', '9', '--size', '256x192', '--jobs', '2']);
    expect(readFileSync(join(a.dir, 'labels.csv'), 'utf8')).toBe(readFileSync(join(b.dir, 'labels.csv'), 'utf8'));
    for (const f of readdirSync(join(a.dir, 'images'))) expect(readFileSync(join(a.dir, 'images', f)).equals(readFileSync(join(b.dir, 'images', f)))).toBe(true);
  });

  it('renders the clinic style on request (own sizes, same set for the same seed); the default style is unchanged by the flag', async () => {
    const clinic = await generate(['--n', '2', '--seed', '7', '--style', 'clinic', '--grades', '4AA,1CC', '--jobs', '1']);
    const again = await generate(['--n', '2', '--seed', '7', '--style', 'clinic', '--grades', '4AA,1CC', '--jobs', '1']);
    const plain = await generate(['--n', '2', '--seed', '7', '--grades', '4AA,1CC', '--size', '320x240', '--jobs', '1']);
    const explicit = await generate(['--n', '2', '--seed', '7', '--grades', '4AA,1CC', '--size', '320x240', '--jobs', '1', '--style', 'default']);
    expect(clinic.summary).toMatchObject({ style: 'clinic', size: 'random' });
    expect(plain.summary).toMatchObject({ style: 'default', size: '320x240' });
    const file = (d: string) => readFileSync(join(d, 'images', 'phantom-00001.png'));
    expect(file(clinic.dir).equals(file(again.dir))).toBe(true);
    expect(file(plain.dir).equals(file(explicit.dir))).toBe(true);
    const image = decodeImage(new Uint8Array(file(clinic.dir)));
    expect(Math.min(image.width, image.height)).toBeGreaterThanOrEqual(200);
    expect(Math.max(image.width, image.height)).toBeLessThanOrEqual(470);
    expect(readFileSync(join(clinic.dir, 'labels.csv'), 'utf8')).toContain('phantom-00002.png,1,C,C');
  });

  it('rejects bad arguments', async () => {
    await expect(run(['--n', '2', '--out', join(tmpdir(), 'x'), '--nuisance', 'extreme'])).rejects.toThrow(/--nuisance/);
    await expect(run(['--n', '2', '--out', join(tmpdir(), 'x'), '--grades', '9ZZ'])).rejects.toThrow(/bad grade code/);
    await expect(run(['--n', '2', '--out', join(tmpdir(), 'x'), '--size', 'big'])).rejects.toThrow(/--size/);
    await expect(run(['--n', '2', '--out', join(tmpdir(), 'x'), '--style', 'fancy'])).rejects.toThrow(/--style/);
  });
});
