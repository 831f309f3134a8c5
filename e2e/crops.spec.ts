// The browser crops exactly as the CLI does (docs/cli.md: training data is prepared by
// the CLI, so the app must feed the model the same pixels). The pipeline worker decodes
// plain 8-bit PNG with the browser's ImageDecoder (colour profiles ignored), other PNG
// with its own decoder (the platform's zlib, fast-png's arithmetic), and encodes the
// stored crop natively; this compares the stored crops with `blastograde preprocess
// --out`, pixel for pixel.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { decode, encode } from 'fast-png';
import { phantomPng, renderPhantom } from '../src/features/phantom';
import { concat, filteredPng, pngChunk, zlibOf } from '../src/features/ingest/testing/png-builder';
import { dropFiles, openApp, realImages, repoRoot, sharedData, stopServer, storedImages, tempFile, waitForBatch, type Session, type TestFile } from './harness';

const defaultModel = join(repoRoot, 'public', 'models', 'default');

/** A 640x480 phantom as an 8-bit RGB (colour type 2) or grey (type 0) PNG. */
function withChannels(channels: 1 | 3, seed: string): Uint8Array {
  const { image } = renderPhantom({ seed, width: 640, height: 480 });
  const data = new Uint8Array(image.width * image.height * channels);
  for (let p = 0; p < image.width * image.height; p++)
    for (let c = 0; c < channels; c++) data[p * channels + c] = channels === 1 ? Math.round((image.data[p * 4]! + image.data[p * 4 + 1]! + image.data[p * 4 + 2]!) / 3) : image.data[p * 4 + c]!;
  return encode({ width: image.width, height: image.height, data, channels, depth: 8 });
}

/**
 * A 640x480 phantom as a microscope's software might write it: every filter type, sRGB,
 * gAMA and an ICC profile (which the app ignores, as fast-png does), or translucent alpha.
 */
function asCameraPng(seed: string, alpha: boolean): Uint8Array {
  const { image } = renderPhantom({ seed, width: 640, height: 480 });
  const colourChunks = [
    pngChunk('sRGB', new Uint8Array([0])),
    pngChunk('gAMA', new Uint8Array([0, 0, 0xb1, 0x8f])),
    pngChunk('iCCP', concat([new TextEncoder().encode('ICC Profile\0\0'), zlibOf(new Uint8Array(560).map((_, i) => i % 11))])),
  ];
  return filteredPng({
    width: image.width, height: image.height, channels: alpha ? 4 : 3, depth: 8,
    sample: (x, y, c) => (c === 3 ? (x + y) % 256 : image.data[(y * image.width + x) * 4 + c]!),
    filterOf: (y) => y % 5, before: alpha ? [] : colourChunks, idatChunks: 4,
  });
}

describe('browser crops equal the CLI crops', { skip: existsSync(join(defaultModel, 'grading.json')) ? false : 'no default model' }, () => {
  let s: Session;
  before(async () => { s = await openApp(); });
  after(async () => { await s?.close(); await stopServer(); });

  it('PNG phantoms in RGBA, RGB and grey, with colour chunks or translucent alpha, a real JPEG and a real BMP', async () => {
    const files: TestFile[] = [
      tempFile('phantom-720x480.png', phantomPng(renderPhantom({ seed: 'crops-e2e/1', width: 720, height: 480 }))),
      tempFile('phantom-2048x1536.png', phantomPng(renderPhantom({ seed: 'crops-e2e/2', width: 2048, height: 1536 }))),
      tempFile('phantom-rgb.png', withChannels(3, 'crops-e2e/3')),
      tempFile('phantom-grey.png', withChannels(1, 'crops-e2e/4')),
      tempFile('phantom-srgb-icc.png', asCameraPng('crops-e2e/5', false)),
      tempFile('phantom-translucent.png', asCameraPng('crops-e2e/6', true)),
    ];
    if (existsSync(sharedData)) {
      const real = realImages();
      files.push(...[real.find((f) => /\.jpe?g$/i.test(f.name)), real.find((f) => /\.bmp$/i.test(f.name))].filter((f): f is TestFile => !!f));
    }
    await dropFiles(s.page, files);
    await waitForBatch(s.page, files.length, 300_000);
    const browser = await storedImages(s.page);

    const size = (JSON.parse(readFileSync(join(defaultModel, 'grading.json'), 'utf8')) as { input: { size: [number, number] } }).input.size[0];
    const out = mkdtempSync(join(tmpdir(), 'crops-cli-'));
    const cli = spawnSync(process.execPath, [join(repoRoot, 'bin', 'blastograde.mjs'), 'preprocess', ...files.map((f) => f.path), '--out', out, '--size', String(size)], { encoding: 'utf8' });
    assert.equal(cli.status, 0, cli.stderr);
    for (const file of files) {
      const mine = browser[file.name]?.crop;
      assert.ok(mine, `${file.name}: no crop stored by the app`);
      const ours = decode(new Uint8Array(mine));
      const theirs = decode(readFileSync(join(out, `${basename(file.name, extname(file.name))}.png`)));
      assert.deepEqual([ours.width, ours.height], [theirs.width, theirs.height], file.name);
      const a = ours.data;
      const b = theirs.data;
      // the app's crop is RGBA; compare colour, every pixel
      const channelsA = ours.channels;
      const channelsB = theirs.channels;
      let differing = 0;
      for (let p = 0; p < ours.width * ours.height; p++) for (let c = 0; c < 3; c++) if (a[p * channelsA + c] !== b[p * channelsB + c]) differing++;
      assert.equal(differing, 0, `${file.name}: ${differing} channel values differ from the CLI crop`);
    }
  });
});
