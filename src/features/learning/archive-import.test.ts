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

  it('refuses the whole sheet for a duplicate file or a grade outside the scale, one sentence each, and still names a row naming no image', async () => {
    const plan = await planArchiveImport(csv('file,expansion,icm\na.jpg,4,A\nb.jpg,7,B\nc.jpg,3,C\na.jpg,4,A\nmissing.jpg,3,B\nd.jpg,5,B\n'), images);
    expect(plan.ok).toBe(false);
    if (plan.ok) return;
    expect(plan.refusal).toBe('The sheet has 2 problems; fix them and import again. Nothing was imported.');
    expect(plan.problems).toEqual([
      'Row 3: expansion "7" is outside the Gardner scale 1-6; the row is left out.',
      'Row 5: "a.jpg" is also on row 2; both rows are left out.',
      'Row 6: no image named "missing.jpg" in the folder.',
    ]);
  });

  it('leaves out a row naming a file the folder lacks, noting it, and imports the rest; strict refuses instead', async () => {
    const sheet = csv('file,expansion\na.jpg,4\ngone.jpg,3\nb.jpg,3\nc.jpg,5\nlost.png,4\n');
    const plan = await planArchiveImport(sheet, images);
    expect(plan).toMatchObject({
      ok: true,
      summary: '3 of 5 rows matched an image; 2 rows did not; 2 images had no row.',
      notes: ['Row 3: no image named "gone.jpg" in the folder.', 'Row 6: no image named "lost.png" in the folder.'],
    });
    if (plan.ok) expect(plan.matched.map((m) => m.image)).toEqual(['a.jpg', 'b.jpg', 'c.jpg']);
    const strict = await planArchiveImport(sheet, images, { host: 'cli', strict: true });
    expect(strict).toMatchObject({
      ok: false,
      refusal: 'The sheet has 2 problems; fix them and run learn again. Nothing was written.',
      problems: ['Row 3: no image named "gone.jpg" in the folder.', 'Row 6: no image named "lost.png" in the folder.'],
    });
  });

  it('counts every row of a refused sheet once, so matched, unmatched, invalid and unlabelled add up to the rows', async () => {
    // 8 rows: a and b match; missing.jpg names no image; c (a grade outside the scale), an empty
    // file cell and d.jpg twice are invalid; e.jpg has no label. c.jpg and d.jpg have no row left.
    const plan = await planArchiveImport(csv('file,expansion\na.jpg,4\nb.jpg,3\nmissing.jpg,3\nc.jpg,9\n,4\nd.jpg,4\nd.jpg,5\ne.jpg,\n'), [...images, 'e.jpg']);
    expect(plan.ok).toBe(false);
    expect(plan.summary).toBe('2 of 8 rows matched an image; 1 row did not; 4 rows were invalid; 1 row had no label; 4 images had no row.');
  });

  it('words its refusals for the host: the app imports again, the CLI runs learn again and writes nothing', async () => {
    const sheet = csv('file,expansion\na.jpg,4\nb.jpg,3\nc.jpg,9\n');
    const app = await planArchiveImport(sheet, images);
    const cli = await planArchiveImport(sheet, images, { host: 'cli' });
    if (app.ok || cli.ok) throw new Error('accepted');
    expect(app.refusal).toBe('The sheet has a problem; fix it and import again. Nothing was imported.');
    expect(cli.refusal).toBe('The sheet has a problem; fix it and run learn again. Nothing was written.');
    // Same plan otherwise: the same problems and counts.
    expect(cli.problems).toEqual(app.problems);
    expect(cli.summary).toBe(app.summary);
    const empty = await planArchiveImport(csv(''), images, { host: 'cli' });
    expect(empty).toMatchObject({ ok: false, refusal: expect.stringMatching(/^The sheet is empty: .*Nothing was written\.$/) });
  });

  it('refuses a label with one class only', async () => {
    const plan = await planArchiveImport(csv('file,outcome\na.jpg,1\nb.jpg,1\nc.jpg,1\n'), images);
    expect(plan.ok).toBe(false);
    if (plan.ok) return;
    expect(plan.problems).toEqual(['outcome: all 3 rows are "1"; learning outcome needs examples of at least two classes.']);
  });
});

describe('planArchiveImport on the other bad sheets', () => {
  const refused = async (text: string | Uint8Array) => {
    const plan = await planArchiveImport(typeof text === 'string' ? csv(text) : text, images);
    if (plan.ok) throw new Error('accepted');
    return plan;
  };

  it('refuses an unknown column beside the known ones, saying which and what to do', async () => {
    const plan = await refused('file,outcome,notes\na.jpg,1,thin zona\nb.jpg,0,\n');
    expect(plan.refusal).toBe('The sheet has a problem; fix it and import again. Nothing was imported.');
    expect(plan.problems).toEqual(['Row 1: column C "notes" is not one of file, expansion, icm, te, outcome; rename it or remove it.']);
  });

  it('refuses an empty sheet, one without a file column, and a file that is no sheet', async () => {
    expect((await refused('')).refusal).toBe('The sheet is empty: it needs a header row with a "file" column and at least one label column. Nothing was imported.');
    expect((await refused('image_name,outcome\na.jpg,1\n')).refusal).toMatch(/^The sheet has no "file" column \(found: "image_name", "outcome"\).*Nothing was imported\.$/);
    expect((await refused(new Uint8Array([0xff, 0xd8, 0xff, 0xe1, 0, 0x10]))).refusal).toMatch(/^This is a JPEG image, not a label sheet: .*Nothing was imported\.$/);
  });

  it('refuses a row without a file, and a sheet whose rows give no label', async () => {
    expect((await refused('file,outcome\na.jpg,1\n,0\nb.jpg,0\n')).problems).toEqual(['Row 3: the file cell is empty; the row is left out.']);
    const plan = await refused('file,outcome\na.jpg,\nb.jpg,\n');
    expect(plan.refusal).toBe('No row of the sheet gives a label. Nothing was imported.');
    expect(plan.problems).toHaveLength(2);
  });

  it('notes a row with no label (an outcome not known yet) without refusing the rest', async () => {
    const plan = await planArchiveImport(csv('file,outcome\na.jpg,1\nb.jpg,0\nc.jpg,\n'), images);
    expect(plan).toMatchObject({ ok: true, notes: ['Row 4: "c.jpg" has no value in outcome; the row is left out.'] });
  });

  it('refuses a grade outside the scale in every label column, and a non-binary outcome', async () => {
    const plan = await refused('file,expansion,icm,te,outcome\na.jpg,0,A,A,1\nb.jpg,3,E,A,0\nc.jpg,3,A,4,1\nd.jpg,3,A,A,2\n');
    expect(plan.problems).toEqual([
      'Row 2: expansion "0" is outside the Gardner scale 1-6; the row is left out.',
      'Row 3: icm "E" is not a grade A, B or C; the row is left out.',
      'Row 4: te "4" is not a grade A, B or C; the row is left out.',
      'Row 5: outcome "2" is not binary (use 1/0, yes/no, true/false or good/poor); the row is left out.',
    ]);
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
