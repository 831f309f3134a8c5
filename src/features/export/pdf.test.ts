import { describe, expect, it } from 'vitest';
import { SYNTHETIC_MODEL_WARNING, needsSyntheticWarning, toPdf } from './pdf';
import { readPdf } from './testing/pdf-reader';
import { manyRows, sampleSheet } from './testing/sheet';

describe('toPdf', () => {
  it('prints header, every row with rank, grades and decision, and a signature line', async () => {
    const sheet = sampleSheet();
    const pages = await readPdf(await toPdf(sheet));
    expect(pages).toHaveLength(1);
    const text = pages[0].lines.join('\n');
    expect(text).toContain('Blastocyst grade sheet');
    expect(text).toMatch(/Patient: P-1234.*Cycle: C2.*Day: D5.*Date: 2026-11-26.*Embryologist: AB/);
    expect(text).toContain('Decisions: 1 transfer · 1 freeze · 1 discard · 1 biopsy · 1 undecided');
    expect(text).toMatch(/Model: vgg16-phantom 0\.1\.0 \(sha256 a3f5c0ffee012345…\).*Ranking: Expected score \(probabilities\), on final grades/);
    // Each row's first line: rank | file | score | AI grade | final grade | first probability | ... | decision | first note line.
    const rowLine = (file: string) => pages[0].lines.find((l) => l.includes(`| ${file} |`)) ?? '';
    expect(rowLine('embryo-03.png')).toMatch(/^1 \| embryo-03\.png \| 0\.920 \| 4AA \| 4AA \| Exp: 4 0\.70, 2 0\.15 \| transfer \| '=HYPERLINK/);
    expect(rowLine('embryo-01.png')).toMatch(/^2 \| embryo-01\.png \| 0\.620 \| 4AB \| 4AC \| Exp: 4 0\.70, 2 0\.15 \(views 5\/8\) \| .* \| freeze \| Line one, with "quotes"/);
    expect(rowLine('embryo, 02.png')).toMatch(/^2 \| embryo, 02\.png \| .* \| 3BA \| 3BA \| .*TE: low-confidence.* \| biopsy \| '-1 cell fragment/);
    expect(rowLine('embryo-04.png')).toMatch(/^4 \| embryo-04\.png \| 0\.190 \| 2–– \| 2–– \| .*Ranked after unflagged \| discard \| Résumé >= 3 [µμ]m — \?\? v/);
    expect(text).toMatch(/on final grades, weights Expansion 1, ICM 0, TE 0; TE left out: inverted on real embryos/);
    expect(rowLine('broken.tif')).toMatch(/^– \| broken\.tif \| – \| – \| .* \| undecided$/);
    expect(text).toContain('(overridden)');
    expect(text).toContain('tie');
    expect(text).toMatch(/Embryologist \(AB\) signature: \| Date: \| Witness:/);
    expect(text).toContain(SYNTHETIC_MODEL_WARNING);
    expect(text).toContain('Page 1 of 1');
  });

  it('embeds the PNG thumbnails it was given and survives a broken one', async () => {
    const pages = await readPdf(await toPdf(sampleSheet()));
    expect(pages[0].images).toBe(2); // rows 1 and 2; row 4's bytes are not a PNG, row 5 has none
    expect(pages[0].lines.filter((l) => l.includes('no image'))).toHaveLength(3);
  });

  it('flows rows onto more pages, repeating the header and warning', async () => {
    const sheet = sampleSheet(manyRows(30));
    const pages = await readPdf(await toPdf(sheet));
    expect(pages.length).toBeGreaterThanOrEqual(3);
    const files = pages.flatMap((p) => p.lines.map((l) => /^\d+ \| (img-\d{3}\.png) \|/.exec(l)?.[1]).filter(Boolean));
    expect(files).toEqual(sheet.rows.map((r) => r.file));
    pages.forEach((p, i) => {
      expect(p.lines[0]).toBe('Blastocyst grade sheet');
      expect(p.lines.join('\n')).toContain(`Page ${i + 1} of ${pages.length}`);
      expect(p.lines.join('\n')).toContain(SYNTHETIC_MODEL_WARNING);
    });
    expect(pages.reduce((n, p) => n + p.images, 0)).toBe(30);
    expect(pages.at(-1)!.lines.join('\n')).toContain('signature:');
  });

  it('omits the synthetic warning when the model card does not call for it', async () => {
    const sheet = sampleSheet();
    sheet.model.intendedUse = 'Research use by trained embryologists.';
    const text = (await readPdf(await toPdf(sheet)))[0].lines.join('\n');
    expect(text).not.toContain(SYNTHETIC_MODEL_WARNING);
    expect(text).toContain('Intended use: Research use by trained embryologists.');
    expect(needsSyntheticWarning(undefined)).toBe(false);
    expect(needsSyntheticWarning('Trained on SYNTHETIC phantoms')).toBe(true);
  });

  it("prints the model's real-embryo warning under the intended use, and nothing when there is none", async () => {
    const sheet = sampleSheet();
    expect((await readPdf(await toPdf(sheet)))[0].lines.join('\n')).not.toContain('On real embryos');
    sheet.model.realSignalWarning = 'Measured on 140 real embryos, this model\'s grades were trophectoderm inverted (ROC AUC 0.25).';
    const text = (await readPdf(await toPdf(sheet)))[0].lines.join('\n');
    expect(text).toContain('On real embryos: Measured on 140 real embryos');
    expect(text).toContain('inverted (ROC AUC 0.25)');
  });

  it('truncates a note too long for one page instead of failing', async () => {
    const sheet = sampleSheet();
    sheet.rows[0].notes = 'word '.repeat(3000);
    const pages = await readPdf(await toPdf(sheet));
    expect(pages.map((p) => p.lines.join('\n')).join('\n')).toContain('…');
  });

  it('prints no day when the sheet has none', async () => {
    const { day: _day, ...meta } = sampleSheet().meta;
    const text = (await readPdf(await toPdf({ ...sampleSheet(), meta })))[0].lines.join('\n');
    expect(text).toMatch(/Cycle: C2 +· +Date: 2026-11-26/);
    expect(text).not.toContain('Day:');
  });

  it('prints an empty batch', async () => {
    const pages = await readPdf(await toPdf(sampleSheet([])));
    expect(pages[0].lines.join('\n')).toContain('No embryos in this batch.');
  });
});
