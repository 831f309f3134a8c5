import { describe, expect, it } from 'vitest';
import { prepareImage } from '../pipeline';
import { phantomPng, renderPhantom } from '../phantom';
import type { ModelCard } from './model-card';
import { normaliseInput } from './normalise-input';
import { prepareModelInput } from './prepare-model-input';

const card = { id: 'test', input: { size: [64, 64], channels: 3, normalization: 'imagenet', resize: 'nearest' } } as Pick<ModelCard, 'id' | 'input'>;

describe('prepareModelInput', () => {
  it("gives the pipeline's crop at the card's size, normalised as the card says", async () => {
    const png = phantomPng(renderPhantom({ seed: 'model-input', width: 320, height: 240, nuisance: 'none' }));
    const result = await prepareModelInput(png, card);
    const prepared = await prepareImage(png, { inputSize: [64, 64], resize: 'nearest' });
    if (!result.ok || !prepared.ok) throw new Error('the phantom was not located');
    expect(result.modelInput).toEqual(normaliseInput(prepared.input, 'imagenet'));
    expect(result.localisation.crop).toEqual(prepared.localisation.crop);
  });

  it('crops where it is told without locating, and says why a file cannot be used', async () => {
    const png = phantomPng(renderPhantom({ seed: 'model-input', width: 320, height: 240, nuisance: 'none' }));
    const placed = await prepareModelInput(png, card, { manualCrop: { x: 10, y: 10, size: 100 } });
    expect(placed.ok && placed.localisation).toMatchObject({ manual: true, crop: { x: 10, y: 10, size: 100 } });
    const junk = await prepareModelInput(new TextEncoder().encode('not an image'), card, { logUnexpected: () => {} });
    expect(junk).toMatchObject({ ok: false, stage: 'decode', error: expect.any(String) });
  });
});
