import ExcelJS from 'exceljs';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseLabelCsv, parseLabelSheet, type ParsedLabelSheet } from './parse-label-sheet';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

function accepted(result: ParsedLabelSheet) {
  if (!result.ok) throw new Error(`refused: ${result.refusal}`);
  return result;
}

function refusal(result: ParsedLabelSheet): string {
  if (result.ok) throw new Error('expected a refusal');
  return result.refusal;
}

describe('parseLabelCsv', () => {
  it('reads every label column with any delimiter, header case and spaces ignored', () => {
    for (const sep of [',', ';', '\t']) {
      const text = [[' File ', 'EXPANSION', 'Icm', 't e', 'Outcome'], ['a.jpg', '4', 'a', 'B', 'yes'], ['b.jpg', '2', '', '', 'No']]
        .map((cells) => cells.join(sep))
        .join('\r\n');
      const result = accepted(parseLabelCsv(text));
      expect(result.labelColumns).toEqual(['expansion', 'icm', 'te', 'outcome']);
      expect(result.problems).toEqual([]);
      expect(result.rows).toEqual([
        { row: 2, file: 'a.jpg', expansion: '4', icm: 'A', te: 'B', outcome: 1 },
        { row: 3, file: 'b.jpg', expansion: '2', outcome: 0 },
      ]);
    }
  });

  it('reads NG (not gradable) like an empty cell: no label for that column', () => {
    const result = accepted(parseLabelCsv('file,expansion,icm,te\nearly.jpg,2,NG,ng\nfull.jpg,4,A,B'));
    expect(result.rows).toEqual([
      { row: 2, file: 'early.jpg', expansion: '2' },
      { row: 3, file: 'full.jpg', expansion: '4', icm: 'A', te: 'B' },
    ]);
    expect(result.problems).toEqual([]);
    // The app's own grade sheets write a head that is not graded as "–".
    const fromSheet = accepted(parseLabelCsv('file,expansion,icm,te\nearly.jpg,1,–,–'));
    expect(fromSheet.rows).toEqual([{ row: 2, file: 'early.jpg', expansion: '1' }]);
    expect(fromSheet.problems).toEqual([]);
  });

  it('strips a byte-order mark from bytes and from text', async () => {
    expect(accepted(parseLabelCsv('\uFEFFfile,te\nx.png,c')).rows).toEqual([{ row: 2, file: 'x.png', te: 'C' }]);
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...encode('file;outcome\nx.png;1\n')]);
    expect(accepted(await parseLabelSheet(bytes)).rows).toEqual([{ row: 2, file: 'x.png', outcome: 1 }]);
  });

  it('accepts 1/0, yes/no, y/n, true/false, good/poor, positive/negative in any case as outcome', () => {
    const good = ['1', 'YES', 'y', 'True', 'good', 'Positive'];
    const poor = ['0', 'no', 'N', 'FALSE', 'Poor', 'negative'];
    const text = ['file,outcome', ...good.map((v, i) => `g${i}.jpg,${v}`), ...poor.map((v, i) => `p${i}.jpg,${v}`)].join('\n');
    const rows = accepted(parseLabelCsv(text)).rows;
    expect(rows.map((r) => r.outcome)).toEqual([...good.map(() => 1), ...poor.map(() => 0)]);
  });

  it('maps a lab column onto a known one through columnAliases', () => {
    const result = accepted(parseLabelCsv('Image,Good\nD5_002.jpg,1\nD5_009.jpg,0', { columnAliases: { image: 'file', good: 'outcome' } }));
    expect(result.labelColumns).toEqual(['outcome']);
    expect(result.rows).toEqual([
      { row: 2, file: 'D5_002.jpg', outcome: 1 },
      { row: 3, file: 'D5_009.jpg', outcome: 0 },
    ]);
  });

  it('reports an unknown column with its letter and what to do', () => {
    const result = accepted(parseLabelCsv('file,expansion,notes\na.jpg,3,thin zona'));
    expect(result.rows).toEqual([{ row: 2, file: 'a.jpg', expansion: '3' }]);
    expect(result.problems).toEqual([
      { kind: 'unknown-column', row: 1, message: 'Row 1: column C "notes" is not one of file, expansion, icm, te, outcome; rename it or remove it.' },
    ]);
  });

  it('names every invalid value with its row and leaves those rows out', () => {
    const text = ['file,expansion,icm,te,outcome', 'a.jpg,7,A,A,1', 'b.jpg,3,D,A,1', 'c.jpg,3,A,AB,1', 'd.jpg,3,A,A,maybe', 'e.jpg,3.5,,,', 'f.jpg,5,b,c,0'].join('\n');
    const result = accepted(parseLabelCsv(text));
    expect(result.rows).toEqual([{ row: 7, file: 'f.jpg', expansion: '5', icm: 'B', te: 'C', outcome: 0 }]);
    expect(result.problems.map((p) => [p.kind, p.message])).toEqual([
      ['invalid-grade', 'Row 2: expansion "7" is outside the Gardner scale 1-6; the row is left out.'],
      ['invalid-grade', 'Row 3: icm "D" is not a grade A, B or C; the row is left out.'],
      ['invalid-grade', 'Row 4: te "AB" is not a grade A, B or C; the row is left out.'],
      ['invalid-outcome', 'Row 5: outcome "maybe" is not binary (use 1/0, yes/no, true/false or good/poor); the row is left out.'],
      ['invalid-grade', 'Row 6: expansion "3.5" is outside the Gardner scale 1-6; the row is left out.'],
    ]);
  });

  it('leaves out every row naming a file twice (case and folder ignored), and empty file cells', () => {
    const text = ['file,outcome', 'a.jpg,1', 'b.jpg,0', 'day5/A.JPG,0', ',1', 'c.jpg,1'].join('\n');
    const result = accepted(parseLabelCsv(text));
    expect(result.rows.map((r) => r.file)).toEqual(['b.jpg', 'c.jpg']);
    expect(result.problems).toEqual([
      { kind: 'duplicate-file', row: 4, message: 'Row 4: "day5/A.JPG" is also on row 2; both rows are left out.' },
      { kind: 'empty-file', row: 5, message: 'Row 5: the file cell is empty; the row is left out.' },
    ]);
  });

  it('keeps spreadsheet row numbers across blank lines and reports a row with no label at all', () => {
    const result = accepted(parseLabelCsv('file,icm,te\n\na.jpg,A,B\n\nb.jpg,,\n'));
    expect(result.rows).toEqual([{ row: 3, file: 'a.jpg', icm: 'A', te: 'B' }]);
    expect(result.problems).toEqual([{ kind: 'no-labels', row: 5, message: 'Row 5: "b.jpg" has no value in icm, te; the row is left out.' }]);
  });

  it('refuses a sheet without a file column, without a label column, empty, or with a column given twice', () => {
    expect(refusal(parseLabelCsv('image,outcome\na.jpg,1'))).toBe(
      'The sheet has no "file" column (found: "image", "outcome"); add one naming each image.',
    );
    expect(refusal(parseLabelCsv('file,notes\na.jpg,x'))).toBe('The sheet has no label column: it needs at least one of expansion, icm, te, outcome.');
    expect(refusal(parseLabelCsv('\n\n'))).toBe('The sheet is empty: it needs a header row with a "file" column and at least one label column.');
    const twice = parseLabelCsv('file,good,outcome\na.jpg,1,1', { columnAliases: { good: 'outcome' } });
    expect(refusal(twice)).toBe('The sheet gives the same column twice; keep one.');
    expect(twice.problems.map((p) => p.message)).toEqual(['Row 1: columns B and C both give "outcome".']);
  });
});

describe('parseLabelSheet on XLSX', () => {
  async function workbookBytes(build: (workbook: ExcelJS.Workbook) => void): Promise<Uint8Array> {
    const workbook = new ExcelJS.Workbook();
    build(workbook);
    return new Uint8Array(await workbook.xlsx.writeBuffer());
  }

  it('reads the first worksheet, numbers and text alike, with its own row numbers', async () => {
    const bytes = await workbookBytes((workbook) => {
      const labels = workbook.addWorksheet('Labels');
      labels.addRow(['File', 'Expansion', 'ICM', 'TE', 'Outcome']);
      labels.addRow(['a.jpg', 4, 'a', 'b', 1]);
      labels.addRow([]);
      labels.addRow(['b.jpg', 6, 'C', 'C', 'poor']);
      labels.addRow(['c.jpg', 9, 'A', 'A', 0]);
      workbook.addWorksheet('Other').addRow(['file', 'outcome']);
    });
    const result = accepted(await parseLabelSheet(bytes));
    expect(result.rows).toEqual([
      { row: 2, file: 'a.jpg', expansion: '4', icm: 'A', te: 'B', outcome: 1 },
      { row: 4, file: 'b.jpg', expansion: '6', icm: 'C', te: 'C', outcome: 0 },
    ]);
    expect(result.problems.map((p) => p.message)).toEqual(['Row 5: expansion "9" is outside the Gardner scale 1-6; the row is left out.']);
  });

  it('refuses an XLSX whose first sheet has no file column', async () => {
    const bytes = await workbookBytes((workbook) => workbook.addWorksheet('x').addRow(['name', 'te']));
    expect(refusal(await parseLabelSheet(bytes))).toBe('The sheet has no "file" column (found: "name", "te"); add one naming each image.');
  });

  it('refuses an old binary .xls with a way out', async () => {
    const bytes = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]);
    expect(refusal(await parseLabelSheet(bytes))).toBe('This is an old Excel .xls file; save it as .xlsx or CSV and use that.');
  });
});

describe('parseLabelSheet on files that are no sheet', () => {
  const WAY_OUT = 'pick the label sheet (CSV or XLSX) with a "file" column.';

  it('names an image or a PDF picked as the sheet', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    expect(refusal(await parseLabelSheet(png))).toBe(`This is a PNG image, not a label sheet: ${WAY_OUT}`);
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]);
    expect(refusal(await parseLabelSheet(jpeg))).toBe(`This is a JPEG image, not a label sheet: ${WAY_OUT}`);
    expect(refusal(await parseLabelSheet(encode('%PDF-1.7\n%...')))).toBe(`This is a PDF document, not a label sheet: ${WAY_OUT}`);
  });

  it('refuses a zip that holds no workbook (a Word file, a plain zip) and any other binary data', async () => {
    const docx = zipSync({ '[Content_Types].xml': encode('<Types/>'), 'word/document.xml': encode('<w:document/>') });
    expect(refusal(await parseLabelSheet(docx))).toBe(`This is a zip archive that is not an Excel workbook (.xlsx) that can be read: ${WAY_OUT}`);
    expect(refusal(await parseLabelSheet(zipSync({ 'labels.csv': encode('file,outcome\na.jpg,1\n') })))).toMatch(/^This is a zip archive that is not an Excel workbook/);
    expect(refusal(await parseLabelSheet(new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0])))).toBe(`This file holds binary data, not CSV text or an Excel workbook: ${WAY_OUT}`);
  });

  it('names a text file without a file column by its first header cells only', async () => {
    const prose = `What we saw in each embryo today in this order: ${Array.from({ length: 12 }, (_, i) => `item ${i}`).join(', ')}`;
    expect(refusal(await parseLabelSheet(encode(prose)))).toBe(
      'The sheet has no "file" column (found: "What we saw in each embryo today in this…", "item 1", "item 2", "item 3", "item 4", "item 5", "item 6", "item 7", and 4 more); add one naming each image.',
    );
  });

  it('reads a UTF-16 sheet (Excel\'s "Unicode text") by its byte-order mark', async () => {
    const text = '\uFEFFfile\toutcome\r\nembryo-é.jpg\t1\r\nb.jpg\t0\r\n';
    const utf16le = new Uint8Array(text.length * 2);
    for (let i = 0; i < text.length; i++) {
      utf16le[2 * i] = text.charCodeAt(i) & 0xff;
      utf16le[2 * i + 1] = text.charCodeAt(i) >> 8;
    }
    expect(accepted(await parseLabelSheet(utf16le)).rows).toEqual([
      { row: 2, file: 'embryo-é.jpg', outcome: 1 },
      { row: 3, file: 'b.jpg', outcome: 0 },
    ]);
  });

  it('refuses an empty file and a workbook whose first sheet is empty', async () => {
    expect(refusal(await parseLabelSheet(new Uint8Array()))).toMatch(/^The sheet is empty/);
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Empty');
    expect(refusal(await parseLabelSheet(new Uint8Array(await workbook.xlsx.writeBuffer())))).toMatch(/^The sheet is empty/);
  });
});
