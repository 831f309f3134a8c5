// Rows stay where they are while the embryologist works (issue 26 point 3). Before: pressing "6"
// on a low-ranked row moved it up the table, off screen, and ↓ then went to another row than the
// one that had been below it. Now the row stays in place with a note of its new rank, ↓ goes to the
// row below on screen, and "Re-rank" (or R) moves it, keeping it focused and in sight.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { gradedDemoBatch } from './helpers/demo-batch';
import { keepScreenshot } from './helpers/artefacts';

const order = (page: Page) => page.locator('[data-testid="embryo"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-file') ?? ''));
const focusedFile = (page: Page) => page.evaluate(() => (document.activeElement as HTMLElement | null)?.closest('[data-testid="embryo"]')?.getAttribute('data-file') ?? null);
const row = (page: Page, file: string) => page.locator(`[data-testid="embryo"][data-file="${file}"]`);
const top = async (page: Page, file: string) => (await row(page, file).boundingBox())!.y;

/**
 * Of the clean rows (no flags) below the first, the lowest-ranked one with the lowest expansion:
 * making it expansion 6 must raise it (flags would hold it in the flagged group; a 4CC made 6CC
 * can keep its rank).
 */
async function pickMovableRow(page: Page): Promise<{ file: string; key: string; before: string; index: number }> {
  const rows = await page.locator('[data-testid="embryo"]').evaluateAll((els) =>
    els.map((r) => ({ file: r.getAttribute('data-file') ?? '', rank: r.getAttribute('data-rank') ?? '', grade: r.getAttribute('data-grade') ?? '', flags: r.querySelectorAll('[data-testid="flag"]').length })));
  const clean = rows.map((r, i) => ({ ...r, i })).filter((r) => r.i > 0 && r.flags === 0 && r.rank !== '' && !r.grade.startsWith('6'));
  assert.ok(clean.length, `a clean row below the first: ${JSON.stringify(rows)}`);
  const lowest = Math.min(...clean.map((r) => Number(r.grade[0])));
  const r = clean.filter((c) => Number(c.grade[0]) === lowest).at(-1)!;
  return { file: r.file, key: '6', before: r.rank, index: r.i };
}

describe('rows stay where they are while the user works', () => {
  const session = gradedDemoBatch();

  for (const [width, height] of [[1440, 900], [1280, 720]] as const) {
    it(`an override keeps the row in place, ↓ goes to the row below, re-rank moves it in sight (${width}×${height})`, async () => {
      const { page } = session();
      await page.setViewportSize({ width, height });
      const before = await order(page);
      const { file, key, before: rankBefore, index } = await pickMovableRow(page);
      // The row next to it on screen: below, or above when it is the last row.
      const [next, back] = index + 1 < before.length ? ['ArrowDown', 'ArrowUp'] : ['ArrowUp', 'ArrowDown'];
      const neighbour = before[index + (next === 'ArrowDown' ? 1 : -1)];
      await row(page, file).scrollIntoViewIfNeeded();
      await row(page, file).focus();
      const yBefore = await top(page, file);

      await page.keyboard.press(key);
      await page.waitForFunction(({ f, r }) => document.querySelector(`[data-testid="embryo"][data-file="${f}"]`)?.getAttribute('data-rank') !== r, { f: file, r: rankBefore });
      const rankAfter = await row(page, file).getAttribute('data-rank');
      assert.notEqual(rankAfter, rankBefore, 'the override changed the rank');
      assert.deepEqual(await order(page), before, 'no row moved');
      assert.ok(Math.abs((await top(page, file)) - yBefore) < 2, 'the row stayed under the cursor');
      assert.equal(await focusedFile(page), file, 'focus stayed on the row');
      assert.match(await row(page, file).getByTestId('moves').textContent() ?? '', new RegExp(`moves to rank ${rankAfter} on re-rank`));
      assert.equal(await page.getByTestId('rerank').isEnabled(), true);
      await page.getByTestId('rerank-pending').waitFor();
      await keepScreenshot(page, 'rows-stay', `held-${width}x${height}`);

      await page.keyboard.press(next);
      assert.equal(await focusedFile(page), neighbour, `${next} went to the row that was next to it`);
      await page.keyboard.press(back);
      assert.equal(await focusedFile(page), file);

      await page.keyboard.press('r');
      await page.waitForFunction((f) => !document.querySelector(`[data-testid="embryo"][data-file="${f}"]`)?.hasAttribute('data-moves'), file);
      const after = await order(page);
      assert.notDeepEqual(after, before, 're-rank moved the rows');
      const ranks = await page.locator('[data-testid="embryo"]').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-rank'))));
      assert.deepEqual(ranks, [...ranks].sort((a, b) => a - b), 'after re-rank the rows are in rank order');
      assert.equal(await focusedFile(page), file, 'focus followed the row');
      const box = (await row(page, file).boundingBox())!;
      assert.ok(box.y >= -1 && box.y + box.height <= height + 1, `the row is in sight after re-rank (y ${box.y.toFixed(0)}, height ${box.height.toFixed(0)})`);
      assert.equal(await page.getByTestId('rerank').isEnabled(), false);
      await keepScreenshot(page, 'rows-stay', `reranked-${width}x${height}`);

      // Back to the AI grade, for the next size.
      await page.keyboard.press('Control+z');
      await page.waitForFunction(({ f, r }) => document.querySelector(`[data-testid="embryo"][data-file="${f}"]`)?.getAttribute('data-rank') === r, { f: file, r: rankBefore });
      await page.keyboard.press('r');
    });
  }
});
