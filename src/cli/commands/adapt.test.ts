import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { phantomPng, renderPhantom } from '../../features/phantom';
import { repoRoot } from '../../lib/testing/shared-data';
import type { GradeRecord } from './grade';

function cli(command: string, args: string[]) {
  const run = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'blastograde.mjs'), command, ...args], { cwd: repoRoot, encoding: 'utf8', timeout: 300_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('blastograde adapt (CLI)', () => {
  let images: string;
  beforeAll(() => {
    // A "lab" of 9 phantom micrographs at high nuisance, and a file that is not an image.
    images = mkdtempSync(path.join(tmpdir(), 'adapt-cli-images-'));
    for (let i = 0; i < 9; i++) {
      writeFileSync(path.join(images, `lab-${i}.png`), phantomPng(renderPhantom({ seed: `adapt-cli/${i}`, nuisance: 'high', width: 480, height: 360 })));
    }
    writeFileSync(path.join(images, 'notes.txt'), 'not an image');
  });

  it('adapts the first 2 convolutions of the default model to a folder of images by default, and the result grades', () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'adapt-cli-out-')), 'adapted');
    const { code, stdout, stderr } = cli('adapt', [images, '--out', out, '--phantoms', '8', '--id', 'lab-adapted']);
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/adapt: layer 2\/2 block1_conv2\/Relu adapted/);
    const summary = JSON.parse(stdout) as { model: { id: string; hash: string }; images: { given: number; used: number }; layers: { node: string }[] };
    expect(summary.model.id).toBe('lab-adapted');
    expect(summary.images.given).toBe(9);
    expect(stderr).toMatch(/adapt: prepare 9\/9 .*lab-8\.png/);
    expect(stderr).toMatch(/adapt: phantoms 1\/8/);
    // The default package ships statistics of 96 phantoms: 8 asked for are rendered, and it says why.
    expect(stderr).toMatch(/adapt: the package's source statistics are not used: adaptation-source\.json holds 96 phantoms of seed \S+; 8 of seed \S+ were asked for/);
    expect(JSON.parse(stdout)).toMatchObject({ sourceFrom: 'rendered' });
    expect(summary.layers.map((l) => l.node)).toEqual(['block1_conv1/Relu', 'block1_conv2/Relu']);
    expect(readdirSync(out).sort()).toEqual(['grading.json', 'group1-shard1of1.bin', 'model.json']);
    const card = JSON.parse(readFileSync(path.join(out, 'grading.json'), 'utf8'));
    expect(card.adaptation).toMatchObject({ method: 'adabn-folded', baseModel: { id: 'default' }, images: summary.images.used });
    expect(card.weightsDtype).toBe('float16');
    expect(card.intendedUse).toMatch(/not for clinical use/i);

    const graded = cli('grade', [path.join(images, 'lab-0.png'), '--model', out, '--json']);
    expect(graded.code, graded.stderr).toBe(0);
    const [record] = JSON.parse(graded.stdout) as GradeRecord[];
    expect(record).toMatchObject({ ok: true, modelId: 'lab-adapted', modelHash: summary.model.hash });
    expect(record!.heads!.map((h) => h.name)).toEqual(['expansion', 'icm', 'te']);

    const again = cli('adapt', [images, '--out', out, '--layers', '1']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/is not empty \(use --force/);
  }, 300_000);

  it('takes the source statistics the default package ships when the seed and phantom count are the defaults: no phantom rendered', () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'adapt-cli-out-')), 'adapted');
    const { code, stdout, stderr } = cli('adapt', [images, '--out', out, '--layers', '3']);
    expect(code, stderr).toBe(0);
    const summary = JSON.parse(stdout) as { sourceFrom: string; sourceImages: number };
    expect(summary).toMatchObject({ sourceFrom: 'package', sourceImages: 96 });
    expect(stderr).not.toMatch(/adapt: phantoms/);
    expect(stderr).toMatch(/adapt: source statistics: shipped in the package \(96 phantoms\)/);
    const card = JSON.parse(readFileSync(path.join(out, 'grading.json'), 'utf8'));
    expect(card.adaptation.sourceStats).toMatch(/^96 phantoms, seed 20261129/);
    expect(card.adaptationSource).toBeUndefined();
    expect(readdirSync(out).sort()).toEqual(['grading.json', 'group1-shard1of1.bin', 'model.json']);
  }, 300_000);

  it('refuses too few located images, no images and a layer count the model lacks', () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'adapt-cli-out-')), 'x');
    const few = cli('adapt', [path.join(images, 'lab-0.png'), path.join(images, 'lab-1.png'), path.join(images, 'notes.txt'), '--out', out]);
    expect(few.code).toBe(1);
    expect(few.stderr).toMatch(/only 2 of 3 images had an embryo located; adaptation needs at least 8/);
    const none = cli('adapt', ['--out', out]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no images/);
    const empty = cli('adapt', [mkdtempSync(path.join(tmpdir(), 'adapt-cli-empty-')), '--out', out]);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/no images found/);
    const layers = cli('adapt', [images, '--out', out, '--layers', '14', '--phantoms', '8']);
    expect(layers.code).toBe(1);
    expect(layers.stderr).toMatch(/between 1 and 13/);
  }, 300_000);
});
