import { describe, expect, it } from 'vitest';
import { planArchiveImport, splitSelection } from './archive-import';

const csv = (text: string) => new TextEncoder().encode(text);
const images = ['a.jpg', 'b.jpg', 'c.jpg', 'd.jpg', 'extra.jpg'];

describe('planArchiveImport', () => {
  it('takes a clean sheet, reading the clinic header "good" as the outcome, and names images without a row', async () => {
    const plan = await planArchiveImport(csv('file,good\na.jpg,1\nb.jpg,0\nc.jpg,yes\nd.jpg,no\n'), images);
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.labelColumns).toEqual(['outcome']);
    expect(plan.matched.map((m) => [m.image, m.row.outcome])).toEqual([['a.jpg', 1], ['b.jpg', 0], ['c.jpg', 1], ['d.jpg', 0]]);
    expect(plan.imagesWithoutRow).toEqual(['extra.jpg']);
    expect(plan.summary).toBe('4 of 4 rows matched an image; 1 image had no row.');
  });

  it('refuses a sheet with unknown columns only, saying which it found', async () => {
    const plan = await planArchiveImport(csv('name,score\na.jpg,3\n'), images);
    expect(plan).toMatchObject({ ok: false });
    if (plan.ok) return;
    expect(plan.refusal).toMatch(/no "file" column .*"name", "score".*Nothing was imported/);
  });

  it('refuses the whole sheet for a duplicate file, a grade outside the scale or a missing image, one sentence each', async () => {
    const plan = await planArchiveImport(csv('file,expansion,icm\na.jpg,4,A\nb.jpg,7,B\nc.jpg,3,C\na.jpg,4,A\nmissing.jpg,3,B\nd.jpg,5,B\n'), images);
    expect(plan.ok).toBe(false);
    if (plan.ok) return;
    expect(plan.refusal).toBe('The sheet has 3 problems; fix them and import again. Nothing was imported.');
    expect(plan.problems).toEqual([
      'Row 3: expansion "7" is outside the Gardner scale 1-6; the row is left out.',
      'Row 5: "a.jpg" is also on row 2; both rows are left out.',
      'Row 6: no image named "missing.jpg" in the folder.',
    ]);
  });

  it('refuses a label with one class only', async () => {
    const plan = await planArchiveImport(csv('file,outcome\na.jpg,1\nb.jpg,1\nc.jpg,1\n'), images);
    expect(plan.ok).toBe(false);
    if (plan.ok) return;
    expect(plan.problems).toEqual(['outcome: all 3 rows are "1"; learning outcome needs examples of at least two classes.']);
  });
});

describe('splitSelection', () => {
  it('finds the one sheet among the images, and refuses none or two', () => {
    const picked = [{ name: 'lab/labels.csv' }, { name: 'lab/a.jpg' }, { name: 'lab/notes.docx' }, { name: 'lab/b.TIF' }];
    expect(splitSelection(picked)).toEqual({ sheet: { name: 'lab/labels.csv' }, images: [{ name: 'lab/a.jpg' }, { name: 'lab/b.TIF' }] });
    expect(splitSelection([{ name: 'a.jpg' }])).toEqual({ refusal: expect.stringMatching(/No label sheet/) });
    expect(splitSelection([{ name: 'a.csv' }, { name: 'b.xlsx' }, { name: 'c.png' }])).toEqual({ refusal: expect.stringMatching(/2 label sheets .*"a.csv", "b.xlsx"/) });
  });
});
