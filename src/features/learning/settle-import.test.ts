import { describe, expect, it } from 'vitest';
import { planArchiveImport, type ArchivePlan } from './archive-import';
import { settleImport, type RowImageOutcome } from './settle-import';

const csv = (text: string) => new TextEncoder().encode(text);

async function acceptedPlan(text: string, images: string[]): Promise<Extract<ArchivePlan, { ok: true }>> {
  const plan = await planArchiveImport(csv(text), images);
  if (!plan.ok) throw new Error(plan.refusal);
  return plan;
}

describe('settleImport', () => {
  it('keeps one example per image content, leaves out a label twins dispute, and reports every image it did not use', async () => {
    const plan = await acceptedPlan('file,icm,good\nlab/D5_323.jpg,A,1\nlab/D5_324.jpg,A,0\nlab/blurred.jpg,B,0\nlab/c.jpg,C,1\nlab/d.jpg,,\n', ['lab/D5_323.jpg', 'lab/D5_324.jpg', 'lab/blurred.jpg', 'lab/c.jpg', 'lab/d.jpg', 'lab/e.jpg']);
    const byImage: Record<string, RowImageOutcome<string>> = {};
    for (const match of plan.matched) {
      const name = match.image.split('/').pop()!;
      byImage[name] = name === 'blurred.jpg'
        ? { match, ok: false, error: 'no embryo found' }
        : { match, ok: true, key: name.startsWith('D5_32') ? 'same' : name, extra: `crop of ${name}` };
    }
    const settled = settleImport('labels.csv', plan, Object.values(byImage));
    expect(settled.ok).toBe(true);
    expect(settled.examples).toEqual([
      { image: 'c.jpg', key: 'c.jpg', labels: { icm: 'C', outcome: 1 }, extra: 'crop of c.jpg' },
      { image: 'D5_323.jpg', key: 'same', labels: { icm: 'A' }, extra: 'crop of D5_323.jpg' },
    ]);
    expect(settled.headline).toBe('labels.csv: 4 of 5 rows matched an image; 1 row had no label; 2 images had no row. 2 examples imported.');
    expect(settled.problems).toEqual([
      'Row 4: "blurred.jpg" was not imported: no embryo found.',
      'D5_324.jpg: same image as D5_323.jpg with outcome 0 vs 1; its outcome is left out',
      'Row 6: "lab/d.jpg" has no value in icm, outcome; the row is left out.',
      '2 picked images had no row and were not imported: d.jpg, e.jpg.',
    ]);
  });

  it('imports nothing when no image could be used', async () => {
    const plan = await acceptedPlan('file,outcome\na.jpg,1\nb.jpg,0\n', ['a.jpg', 'b.jpg']);
    const settled = settleImport('s.csv', plan, plan.matched.map((match) => ({ match, ok: false as const, error: 'the file is not an image this app can decode' })));
    expect(settled).toMatchObject({ ok: false, examples: [], headline: 's.csv: 2 of 2 rows matched an image; 0 images had no row. No image could be used. Nothing was imported.' });
    expect(settled.problems).toHaveLength(2);
  });
});
