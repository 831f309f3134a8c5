import { describe, expect, it } from 'vitest';
import { oneExamplePerContent, type ContentExample } from './image-twins';
import type { ExampleLabels } from './types';

const item = (image: string, key: string, labels: ExampleLabels): ContentExample => ({ image, key, labels });

describe('oneExamplePerContent', () => {
  it('keeps one example per key, in key order whatever the input order', () => {
    const items = [item('c.jpg', 'cc', { outcome: 1 }), item('a.jpg', 'aa', { outcome: 0 }), item('b.jpg', 'bb', { icm: 'A' })];
    const forward = oneExamplePerContent(items);
    const backward = oneExamplePerContent([...items].reverse());
    expect(forward.examples.map((e) => e.image)).toEqual(['a.jpg', 'b.jpg', 'c.jpg']);
    expect(backward.examples).toEqual(forward.examples);
    expect(forward.twins).toEqual([]);
  });

  it('keeps twins that agree once, under the first name, and says so', () => {
    const { examples, twins } = oneExamplePerContent([item('D5_323.jpg', 'k', { outcome: 0 }), item('D5_324.jpg', 'k', { outcome: 0 }), item('x.jpg', 'z', { outcome: 1 })]);
    expect(examples).toEqual([item('D5_323.jpg', 'k', { outcome: 0 }), item('x.jpg', 'z', { outcome: 1 })]);
    expect(twins).toEqual([{ image: 'D5_324.jpg', sameAs: 'D5_323.jpg', leftOut: [], unused: false, message: 'D5_324.jpg: same image as D5_323.jpg, kept once' }]);
  });

  it('leaves out the label twins disagree on, keeps the ones they agree on, whatever the row order', () => {
    const a = item('D5_323.jpg', 'k', { expansion: '4', icm: 'A', outcome: 1 });
    const b = item('D5_324.jpg', 'k', { expansion: '4', icm: 'A', outcome: 0 });
    const forward = oneExamplePerContent([a, b]);
    expect(forward.examples).toEqual([{ ...a, labels: { expansion: '4', icm: 'A' } }]);
    expect(forward.twins).toEqual([
      { image: 'D5_324.jpg', sameAs: 'D5_323.jpg', leftOut: ['outcome'], unused: false, message: 'D5_324.jpg: same image as D5_323.jpg with outcome 0 vs 1; its outcome is left out' },
    ]);
    const backward = oneExamplePerContent([b, a]);
    expect(backward.examples.map((e) => e.labels)).toEqual([{ expansion: '4', icm: 'A' }]);
    expect(backward.twins[0]!.message).toBe('D5_323.jpg: same image as D5_324.jpg with outcome 1 vs 0; its outcome is left out');
  });

  it('takes a label only one twin gives, and names every disputed label', () => {
    const { examples, twins } = oneExamplePerContent([item('a.jpg', 'k', { icm: 'A', te: 'B' }), item('b.jpg', 'k', { icm: 'B', te: 'C', outcome: 1 })]);
    expect(examples.map((e) => e.labels)).toEqual([{ outcome: 1 }]);
    expect(twins[0]).toMatchObject({ leftOut: ['icm', 'te'], message: 'b.jpg: same image as a.jpg with icm B vs A and te C vs B; its icm and te are left out' });
  });

  it('drops an image whose every label is disputed, and says so once', () => {
    const { examples, twins } = oneExamplePerContent([item('a.jpg', 'k', { outcome: 1 }), item('b.jpg', 'k', { outcome: 1 }), item('c.jpg', 'k', { outcome: 0 }), item('d.jpg', 'm', { outcome: 0 })]);
    expect(examples.map((e) => e.image)).toEqual(['d.jpg']);
    expect(twins.map((t) => t.message)).toEqual([
      'b.jpg: same image as a.jpg, kept once',
      'c.jpg: same image as a.jpg with outcome 0 vs 1; its outcome is left out, which leaves it no label: not used',
    ]);
    expect(twins.every((t) => t.unused)).toBe(true);
  });

  it('names the twin that gave the other value when it is not the first', () => {
    const { twins } = oneExamplePerContent([item('a.jpg', 'k', { icm: 'A' }), item('b.jpg', 'k', { outcome: 1 }), item('c.jpg', 'k', { icm: 'B', outcome: 0 })]);
    expect(twins[1]!.message).toBe('c.jpg: same image as a.jpg with icm B vs A, and as b.jpg with outcome 0 vs 1; its icm and outcome are left out, which leaves it no label: not used');
  });
});
