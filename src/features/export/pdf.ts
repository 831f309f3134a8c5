// Printable grade sheet (A4 landscape) through pdf-lib: header block, one row per
// embryo with its thumbnail, grades, top probabilities, flags, decision and notes,
// then a signature line. Rows flow onto further pages; every page repeats the
// header and carries the intended-use warning and "page i of n".
import type { Color, PDFDocument, PDFFont, PDFImage, PDFPage } from 'pdf-lib';
import type { HeadName } from '../../lib/types';
import { formatViewAgreement, viewsDisagree } from '../../lib/view-agreement';
import { countDecisions, decisionSummary } from '../review/headless';
import { neutraliseCell } from './neutralise';
import { textSanitiser, wrapText, type TextSanitiser } from './pdf-text';
import type { GradeSheet, GradeSheetRow } from './types';

const PAGE_SIZE: [number, number] = [841.89, 595.28]; // A4 landscape, points
const MARGIN = 28;
const SIZE = 8;
const LINE = 10;
const PAD = 3;
const THUMB = 46;
const FOOTER_TOP = MARGIN + 2 * LINE + 4;
const SIGNATURE_HEIGHT = 44;
const GREY_RGB = [0.45, 0.45, 0.45] as const;
const RULE_RGB = [0.75, 0.75, 0.75] as const;
const WARNING_RGB = [0.7, 0.05, 0.05] as const;

export const SYNTHETIC_MODEL_WARNING = 'AI grades from a model trained on synthetic images — not for clinical use';

/** True when the model card's intended use says the model is synthetic-data-only or not for clinical use. */
export function needsSyntheticWarning(intendedUse: string | undefined): boolean {
  return !!intendedUse && /synthetic|not for clinical use/i.test(intendedUse);
}

const HEAD_TITLE: Record<HeadName, string> = { expansion: 'Exp', icm: 'ICM', te: 'TE' };

type ColumnKey = 'rank' | 'thumb' | 'embryo' | 'score' | 'ai' | 'final' | 'probabilities' | 'flags' | 'decision' | 'notes';

const COLUMNS: Array<{ key: ColumnKey; title: string; width: number }> = [
  { key: 'rank', title: 'Rank', width: 30 },
  { key: 'thumb', title: 'Image', width: THUMB + 2 * PAD },
  { key: 'embryo', title: 'File / embryo', width: 112 },
  { key: 'score', title: 'Score', width: 50 },
  { key: 'ai', title: 'AI grade', width: 46 },
  { key: 'final', title: 'Final grade', width: 58 },
  { key: 'probabilities', title: 'Top probabilities', width: 150 },
  { key: 'flags', title: 'Flags', width: 110 },
  { key: 'decision', title: 'Decision', width: 50 },
];
const TABLE_WIDTH = PAGE_SIZE[0] - 2 * MARGIN;
COLUMNS.push({ key: 'notes', title: 'Notes', width: TABLE_WIDTH - COLUMNS.reduce((s, c) => s + c.width, 0) });

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
  clean: TextSanitiser;
}

interface Palette {
  grey: Color;
  rule: Color;
  warning: Color;
}

/** "TE A 0.82, B 0.15": each head's two most probable classes; then "P(good) 0.74" from an outcome head. */
function topProbabilities(row: GradeSheetRow): string[] {
  const outcome = row.outcome ? [`P(${row.outcome.positiveLabel}) ${row.outcome.probability.toFixed(2)}`] : [];
  return [...row.heads.map((h) => {
    const top = h.classes
      .map((label, i) => ({ label, p: h.probabilities[i] ?? 0 }))
      .sort((a, b) => b.p - a.p)
      .slice(0, 2)
      .map(({ label, p }) => `${label} ${p.toFixed(2)}`);
    const views = viewsDisagree(h.viewAgreement) ? ` (views ${formatViewAgreement(h.viewAgreement)})` : '';
    return `${HEAD_TITLE[h.name]}: ${top.join(', ')}${h.lowConfidence ? ' (low conf.)' : ''}${views}`;
  }), ...outcome];
}

function cellLines(row: GradeSheetRow, key: ColumnKey, width: number, fonts: Fonts, maxLines: number): string[] {
  const wrap = (paragraphs: string[]) => wrapText(paragraphs.map(fonts.clean), fonts.regular, SIZE, width - 2 * PAD, maxLines);
  switch (key) {
    case 'rank':
      return [row.rank === null ? '–' : String(row.rank), ...(row.tie ? ['tie'] : [])];
    case 'embryo':
      return wrap([row.file, `Embryo ${row.embryo}`, [row.dish, row.well].filter(Boolean).join(' / ')].filter(Boolean));
    case 'score':
      return wrap([row.score ?? '']);
    case 'ai':
      return wrap([row.aiGrade || '–']);
    case 'final':
      return wrap([row.finalGrade || '–', ...(row.overridden ? ['(overridden)'] : [])]);
    case 'probabilities':
      return wrap(topProbabilities(row));
    case 'flags':
      return wrap(row.demotion ? [row.demotion, ...row.flags] : row.flags);
    case 'decision':
      return wrap([row.decision]);
    case 'notes':
      // Same text as the spreadsheets, so a note copied out of the PDF is just as inert.
      return wrap(neutraliseCell(row.notes).split(/\r\n|\r|\n/));
    case 'thumb':
      return [];
  }
}

function headerLines(sheet: GradeSheet, palette: Palette): Array<{ text: string; color?: Color }> {
  const { meta, model, ranking } = sheet;
  const shortHash = model.hash.length > 16 ? `${model.hash.slice(0, 16)}…` : model.hash;
  return [
    {
      text: [
        meta.clinic ? `Clinic: ${meta.clinic}` : '',
        `Patient: ${meta.patientId}`,
        `Cycle: ${meta.cycleId}`,
        meta.day ? `Day: ${meta.day}` : '',
        `Date: ${meta.date}`,
        `Embryologist: ${meta.embryologist}`,
      ].filter(Boolean).join('   ·   '),
    },
    {
      text:
        `Model: ${model.id} ${model.version} (sha256 ${shortHash})   ·   ` +
        `Ranking: ${ranking.policy}, ${ranking.finalGradesUsed ? 'on final grades' : 'on AI grades only'}` +
        (ranking.weights ? `, ${ranking.weights}` : ''),
    },
    { text: `Decisions: ${decisionSummary(countDecisions(sheet.rows))}` },
    ...(model.intendedUse ? [{ text: `Intended use: ${model.intendedUse}`, color: palette.grey }] : []),
    ...(model.realSignalWarning ? [{ text: `On real embryos: ${model.realSignalWarning}`, color: palette.warning }] : []),
  ];
}

export async function toPdf(sheet: GradeSheet): Promise<Uint8Array> {
  // Loaded on first use, like exceljs: only needed when exporting.
  const { PDFDocument, StandardFonts, rgb } = await import('pdf-lib');
  const palette: Palette = { grey: rgb(...GREY_RGB), rule: rgb(...RULE_RGB), warning: rgb(...WARNING_RGB) };
  const pdf = await PDFDocument.create();
  pdf.setTitle(`Grade sheet ${sheet.meta.patientId} ${sheet.meta.cycleId} ${sheet.meta.date}`);
  pdf.setCreator('BlastoGrade');
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const fonts: Fonts = { regular, bold, clean: textSanitiser(regular) };
  const text = (page: PDFPage, s: string, x: number, y: number, options: { font?: PDFFont; size?: number; color?: Color } = {}) =>
    page.drawText(fonts.clean(s), { x, y, font: options.font ?? regular, size: options.size ?? SIZE, color: options.color });

  const pages: PDFPage[] = [];
  const startPage = (): number => {
    const page = pdf.addPage(PAGE_SIZE);
    pages.push(page);
    let y = PAGE_SIZE[1] - MARGIN - 12;
    text(page, 'Blastocyst grade sheet', MARGIN, y, { font: bold, size: 13 });
    y -= 16;
    for (const line of headerLines(sheet, palette)) {
      for (const wrapped of wrapText([fonts.clean(line.text)], regular, SIZE + 1, TABLE_WIDTH)) {
        text(page, wrapped, MARGIN, y, { size: SIZE + 1, color: line.color });
        y -= LINE + 1;
      }
    }
    y -= 4;
    let x = MARGIN;
    for (const column of COLUMNS) {
      text(page, column.title, x + PAD, y, { font: bold });
      x += column.width;
    }
    y -= PAD + 1;
    page.drawLine({ start: { x: MARGIN, y }, end: { x: MARGIN + TABLE_WIDTH, y }, thickness: 0.8 });
    return y;
  };

  let y = startPage();
  const tableTop = y;
  const maxLines = Math.floor((tableTop - FOOTER_TOP - 2 * PAD) / LINE);
  if (sheet.rows.length === 0) {
    y -= LINE + PAD;
    text(pages[0], 'No embryos in this batch.', MARGIN + PAD, y);
    y -= PAD;
  }

  for (const row of sheet.rows) {
    const lines = COLUMNS.map((c) => cellLines(row, c.key, c.width, fonts, maxLines));
    const height = Math.max(THUMB + 2 * PAD, Math.max(...lines.map((l) => l.length)) * LINE + 2 * PAD);
    if (y - height < FOOTER_TOP) y = startPage();
    const page = pages[pages.length - 1];
    const image = await embedThumbnail(pdf, row.thumbnailPng);
    let x = MARGIN;
    COLUMNS.forEach((column, i) => {
      if (column.key === 'thumb') drawThumbnail(page, image, x + PAD, y - PAD - THUMB, fonts, palette);
      lines[i].forEach((line, j) => {
        const isGrade = column.key === 'ai' || column.key === 'final' || column.key === 'rank';
        page.drawText(line, { x: x + PAD, y: y - PAD - SIZE - j * LINE, font: isGrade && j === 0 ? bold : regular, size: SIZE });
      });
      x += column.width;
    });
    y -= height;
    page.drawLine({ start: { x: MARGIN, y }, end: { x: MARGIN + TABLE_WIDTH, y }, thickness: 0.4, color: palette.rule });
  }

  if (y - SIGNATURE_HEIGHT < FOOTER_TOP) y = startPage();
  drawSignature(pages[pages.length - 1], y - SIGNATURE_HEIGHT + 8, sheet, text);

  const warn = needsSyntheticWarning(sheet.model.intendedUse);
  pages.forEach((page, i) => {
    if (warn) text(page, SYNTHETIC_MODEL_WARNING, MARGIN, MARGIN + LINE, { font: bold, size: SIZE + 1, color: palette.warning });
    const label = `Page ${i + 1} of ${pages.length}`;
    text(page, label, PAGE_SIZE[0] - MARGIN - regular.widthOfTextAtSize(label, SIZE), MARGIN, { color: palette.grey });
  });
  return pdf.save();
}

async function embedThumbnail(pdf: PDFDocument, png: Uint8Array | undefined): Promise<PDFImage | null> {
  if (!png || png.length === 0) return null;
  try {
    return await pdf.embedPng(png);
  } catch {
    return null; // a broken thumbnail must not cost the embryologist the whole sheet
  }
}

function drawThumbnail(page: PDFPage, image: PDFImage | null, x: number, y: number, fonts: Fonts, palette: Palette): void {
  if (!image) {
    page.drawRectangle({ x, y, width: THUMB, height: THUMB, borderColor: palette.rule, borderWidth: 0.5 });
    page.drawText('no image', { x: x + 6, y: y + THUMB / 2 - 3, font: fonts.regular, size: SIZE - 1, color: palette.grey });
    return;
  }
  const scale = Math.min(THUMB / image.width, THUMB / image.height);
  const w = image.width * scale;
  const h = image.height * scale;
  page.drawImage(image, { x: x + (THUMB - w) / 2, y: y + (THUMB - h) / 2, width: w, height: h });
}

function drawSignature(
  page: PDFPage,
  y: number,
  sheet: GradeSheet,
  text: (page: PDFPage, s: string, x: number, y: number) => void,
): void {
  const line = (x: number, width: number) => page.drawLine({ start: { x, y: y - 2 }, end: { x: x + width, y: y - 2 }, thickness: 0.6 });
  text(page, `Embryologist (${sheet.meta.embryologist}) signature:`, MARGIN, y);
  line(MARGIN + 150, 200);
  text(page, 'Date:', MARGIN + 380, y);
  line(MARGIN + 405, 110);
  text(page, 'Witness:', MARGIN + 540, y);
  line(MARGIN + 578, 150);
}
