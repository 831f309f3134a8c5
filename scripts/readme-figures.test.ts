// The README may only quote model figures its card holds: every macro-F1, accuracy or AUC
// figure (and every "N of M" count) in a sentence about them must be a value under the
// default card's `metrics`, at the README's precision. An edited README or a retrained
// model that leaves the other behind fails here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../', import.meta.url);
const readme = readFileSync(new URL('README.md', root), 'utf8');
const card = JSON.parse(readFileSync(new URL('public/models/default/grading.json', root), 'utf8')) as { metrics?: unknown };

const METRIC_WORDS = /macro-?F1|accuracy|\bAUC\b/i;

/** Every number anywhere under a JSON value. */
function numbersIn(value: unknown): number[] {
  if (typeof value === 'number') return [value];
  if (Array.isArray(value)) return value.flatMap(numbersIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(numbersIn);
  return [];
}

/** Statements of a Markdown text: each list item whole, other paragraphs split into sentences. */
function sentences(markdown: string): string[] {
  return markdown
    .split(/\n\s*\n|\n(?=\s*[-*] )/)
    .map((block) => block.replace(/\s+/g, ' ').trim())
    .flatMap((block) => (/^[-*] /.test(block) ? [block] : block.split(/(?<=[.!?])\s+(?=[A-Z(*`])/)));
}

/** The figures a sentence quotes: decimals such as 0.37, and both counts of "137 of 140". */
function figuresIn(sentence: string): string[] {
  const decimals = sentence.match(/(?<![\w.-])\d*\.\d+(?!\w|\.\d)/g) ?? [];
  const counts = [...sentence.matchAll(/(?<![\w.-])(\d+) of (\d+)(?!\w|\.\d)/g)].flatMap((m) => [m[1]!, m[2]!]);
  return [...decimals, ...counts];
}

/** Model figures in `text` that no metric in `metrics` rounds to. */
function figuresNotInCard(text: string, metrics: unknown): string[] {
  const values = numbersIn(metrics);
  const inCard = (figure: string) => {
    const decimals = figure.split('.')[1]?.length ?? 0;
    return values.some((v) => v.toFixed(decimals) === Number(figure).toFixed(decimals));
  };
  return sentences(text)
    .filter((s) => METRIC_WORDS.test(s))
    .flatMap((s) => figuresIn(s).filter((f) => !inCard(f)).map((f) => `${f} in "${s.trim()}"`));
}

describe('README figures', () => {
  it('quotes only figures the default model card holds', () => {
    expect(figuresNotInCard(readme, card.metrics)).toEqual([]);
  });

  it('quotes the held-out phantom and the real-embryo figures (so the check above has work to do)', () => {
    const quoted = sentences(readme).filter((s) => METRIC_WORDS.test(s)).flatMap(figuresIn);
    expect(quoted.length).toBeGreaterThanOrEqual(8);
    const prose = readme.replace(/\s+/g, ' ');
    expect(prose).toMatch(/trained on synthetic phantoms only/);
    expect(prose).toMatch(/its grades of real day-5 embryos are not meaningful/);
  });

  it('catches a figure the card does not hold, and a count', () => {
    const metrics = { test: { heads: { te: { macroF1: 0.98996 } } }, real: { n: 140, located: 137, rocAuc: 0.371 } };
    expect(figuresNotInCard('TE macro-F1 0.990 on phantoms; ROC AUC 0.37, 137 of 140 located.', metrics)).toEqual([]);
    expect(figuresNotInCard('Held-out macro-F1: TE 0.26.', metrics)).toEqual(['0.26 in "Held-out macro-F1: TE 0.26."']);
    expect(figuresNotInCard('ROC AUC 0.37 with 139 of 140 located.', metrics)).toEqual(['139 in "ROC AUC 0.37 with 139 of 140 located."']);
    // sentences about other things are not model figures
    expect(figuresNotInCard('The crop margin is 0.25 of the radius.', metrics)).toEqual([]);
  });
});
